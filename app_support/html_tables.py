"""Small tables as one block of HTML: every text escaped, shares drawn as bars, deep links as
plain links that carry the language.

Any ``st.dataframe`` on a page makes the browser load and start the data grid's code. The
Overview's tables are small (a page of the action list, a row per region or sector, five
posts), and drawn as HTML the grid's code is not loaded at all (bench/RESULTS.md, "The
Overview's tables and charts as HTML"). A link opens its page in a new run of the app, as a
card's link does (``app_support/cards.py``), so the language travels in its address.
"""

from __future__ import annotations

import html
import math
from collections.abc import Collection
from datetime import date, datetime, time
from numbers import Number
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pandas as pd

# in the app's one style sheet (app.py), beside the cards'
CSS = (
    ".acc-table-box{max-height:27rem;overflow:auto;border:1px solid rgba(29,39,49,0.15);"
    "border-radius:0.5rem;margin:0.25rem 0 0.5rem}"
    ".acc-table{border-collapse:collapse;width:100%;font-size:0.875rem;color:#1d2731}"
    ".acc-table th{position:sticky;top:0;background:#f2f5f9;font-weight:600;text-align:left;"
    "padding:0.4rem 0.6rem;border-bottom:1px solid rgba(29,39,49,0.2);vertical-align:bottom}"
    ".acc-table td{padding:0.35rem 0.6rem;border-bottom:1px solid rgba(29,39,49,0.08);"
    "vertical-align:top}"
    ".acc-table td.acc-n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".acc-table td.acc-w{white-space:nowrap}"
    ".acc-table .acc-share{display:flex;align-items:center;gap:0.4rem;min-width:7rem}"
    ".acc-table .acc-share>span{display:block;flex:1;height:0.45rem;background:#f2f5f9;"
    "border-radius:0.2rem;overflow:hidden}"
    ".acc-table .acc-share>span>span{display:block;height:100%;background:#1d3c6e}"
    ".acc-table a{color:#1d3c6e;text-decoration:none;white-space:nowrap}"
)


def table(
    frame: pd.DataFrame,
    key: str,
    *,
    open_text: str,
    language: str,
    link: str | None = None,
    shares: Collection[str] = (),
    hide: Collection[str] = (),
    row_id: str | None = None,
) -> str:
    """``frame`` as one HTML block. ``link``: the column of deep links, each drawn as
    ``open_text`` and given ``lang=language``; ``shares``: columns of shares from 0 to 1, drawn
    as a bar and a percent; ``hide``: columns not shown; ``row_id``: a column whose value
    each row carries as ``data-id`` (tests and scripts find a row by it)."""
    shown = [c for c in frame.columns if c not in hide]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown)
    ids = frame[row_id].tolist() if row_id is not None and row_id in frame.columns else None
    columns = [frame[c].tolist() for c in shown]
    rows = []
    for i in range(len(frame)):
        cells = []
        for name, values in zip(shown, columns, strict=True):
            value = values[i]
            if name == link:
                cells.append(f"<td>{_link(value, open_text, language)}</td>")
            elif name in shares:
                cells.append(f"<td>{_share(value)}</td>")
            elif _is_number(value):
                cells.append(f"<td class='acc-n'>{html.escape(_text(value))}</td>")
            else:
                text = _text(value)
                # any short text without a space (a day, an id, a code, a short name) on one
                # line: "2016-03-15" broke at its hyphens
                whole = " class='acc-w'" if len(text) <= 16 and " " not in text else ""
                cells.append(f"<td{whole}>{html.escape(text)}</td>")
        row_attr = f" data-id='{html.escape(_text(ids[i]), quote=True)}'" if ids else ""
        rows.append(f"<tr{row_attr}>{''.join(cells)}</tr>")
    return (
        f"<div class='acc-table-box' data-key='{html.escape(key, quote=True)}'>"
        f"<table class='acc-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def with_language(href: str, language: str) -> str:
    """A deep link (``./page?...``) with ``lang=language`` in its query, replacing any; other
    addresses are not the app's and are given no link (``""``)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not href.startswith("./"):
        return ""
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "lang"]
    return f"{parts.path}?{urlencode([*query, ('lang', language)])}"


def _link(value: Any, open_text: str, language: str) -> str:
    href = with_language(value, language) if isinstance(value, str) else ""
    if not href:
        return ""
    # in this tab (the sanitiser keeps no ``target`` but ``_blank``): a new run of the app
    return f"<a href='{html.escape(href, quote=True)}'>{html.escape(open_text)}</a>"


def share_text(share: float) -> str:
    """A share as a percent that never rounds to a whole it is not: 0.996 is "99.6%", not
    "100%" (coverage that looks complete); 0.0004 is "<0.1%", not "0%"."""
    if share <= 0 or share >= 1:
        return "0%" if share <= 0 else "100%"
    if share < 0.001:
        return "<0.1%"
    return f"{math.floor(share * 1000) / 10:.1f}%"


def _share(value: Any) -> str:
    if not _is_number(value) or not math.isfinite(float(value)):
        return "—"
    share = min(max(float(value), 0.0), 1.0)
    return (
        f"<span class='acc-share'><span><span style='width:{share * 100:.1f}%'></span></span>"
        f"{share_text(share)}</span>"
    )


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array: not one missing value
        return False


def _is_number(value: Any) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool) and not _missing(value)


def _text(value: Any) -> str:
    if _missing(value):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")  # 0.30000000000000004 is 0.3
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\n", " ")
