"""Small pieces every page uses: safe text, deep-link state, dates, tables with downloads."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import streamlit as st

from app_support import exports, html_tables
from app_support.i18n import lang, t
from app_support.model import parse_day

PAGE_FILES = {
    "overview": "app_pages/overview.py",
    "hazard": "app_pages/hazard.py",
    "portfolio": "app_pages/portfolio.py",
    "gaps": "app_pages/gaps.py",
    "explore": "app_pages/explore.py",
    "data": "app_pages/data.py",
}

MIN_DAY = date(1949, 10, 1)
MAX_DAY = date(2100, 12, 31)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&@])")


def md(text: Any) -> str:
    """Data made inert for Streamlit markdown: every markdown character backslash-escaped,
    so names and titles show as written (no links, images, HTML or formulas)."""
    value = "" if text is None else str(text)
    return _MD_SPECIAL.sub(r"\\\1", value).replace("\n", " ")


def param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value else None


def set_params(**values: str | None) -> None:
    """Write (or remove, for None/empty) query parameters, only when they change."""
    for name, value in values.items():
        current = st.query_params.get(name)
        if value:
            if current != value:
                st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]


def adopt_param(name: str, state_key: str, convert: Callable[[str], Any] | None = None) -> None:
    """When the URL carries a value of ``name`` the page has not adopted yet, put it in the
    widget's state (deep links); the page's own writes to the URL are not re-adopted."""
    value = param(name)
    seen_key = f"_adopted|{state_key}|{name}"
    if value and st.session_state.get(seen_key) != value:
        converted = convert(value) if convert else value
        if converted is not None:
            st.session_state[state_key] = converted
    st.session_state[seen_key] = value


def remember_param(name: str, state_key: str, value: str | None) -> None:
    """Write the widget's value to the URL and mark it as adopted."""
    st.session_state[f"_adopted|{state_key}|{name}"] = value
    set_params(**{name: value})


def picker_key(state_key: str) -> str:
    """The widget key of a picker whose labels depend on the language.

    Streamlit keeps a selectbox's value as its displayed label: after a language switch the
    old label matches no option and the picker hands back the label instead of the id (HZ-011
    became "HZ-011 · Loading arm …"), and a picker keeps the language it was first drawn in.
    So each language draws its own widget, seeded from ``state_key``, which holds the value
    (and which deep links write); ``keep_pick`` copies a user's choice back."""
    widget = f"{state_key}|{lang()}"
    if state_key in st.session_state:
        if st.session_state.get(widget) != st.session_state[state_key]:
            st.session_state[widget] = st.session_state[state_key]
    elif widget in st.session_state:
        del st.session_state[widget]
    return widget


def keep_pick(state_key: str, widget: str) -> None:
    """``on_change`` of a picker drawn with ``picker_key``: the user's choice is the value."""
    st.session_state[state_key] = st.session_state.get(widget)


def picker(state_key: str) -> dict[str, Any]:
    """``key``/``on_change``/``args`` for a selectbox or multiselect whose value lives under
    ``state_key`` whatever the language (see ``picker_key``)."""
    widget = picker_key(state_key)
    return {"key": widget, "on_change": keep_pick, "args": (state_key, widget)}


def day_input(
    key: str,
    default: date,
    *,
    label: str | None = None,
    url_name: str = "as_of",
    help_text: str | None = None,
) -> str:
    """A date picker whose value follows ``?as_of=`` and is written back to the URL when it
    differs from ``default``. Returns the day as ``YYYY-MM-DD``."""
    adopt_param(url_name, key, parse_day)
    asked = param(url_name)
    if key not in st.session_state:
        st.session_state[key] = default
    chosen = st.date_input(
        label or t("as_of"),
        key=key,
        min_value=MIN_DAY,
        max_value=MAX_DAY,
        format="YYYY-MM-DD",
        help=help_text or t("as_of_help"),
    )
    day = chosen if isinstance(chosen, date) else default
    if asked and parse_day(asked) is None:
        # a deep link with a day that does not exist: say so rather than ignore it
        st.warning(f"{md(asked)} {t('bad_day')} {day.isoformat()}", icon=":material/event_busy:")
    remember_param(url_name, key, None if day == default else day.isoformat())
    return day.isoformat()


def link_column(label: str | None = None) -> Any:
    return st.column_config.LinkColumn(
        label or t("link"), display_text=t("open") + " →", width="small"
    )


def page_target(url: str | None) -> tuple[str, dict[str, str]] | None:
    """``./hazard?hazard=HZ-1`` -> (``app_pages/hazard.py``, {"hazard": "HZ-1"})."""
    if not url:
        return None
    parts = urlsplit(url)
    page = parts.path.removeprefix("./").strip("/")
    if page not in PAGE_FILES:
        return None
    return PAGE_FILES[page], dict(parse_qsl(parts.query))


def download_csv(
    df: pd.DataFrame,
    name: str,
    key: str,
    finish: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> None:
    """A CSV of ``df``; with ``finish`` (what turns stored rows into shown rows, e.g. their
    deep links), the file is made only when the button is pressed, from every row."""
    data: Any = (lambda: exports.csv_bytes(finish(df))) if finish else exports.csv_bytes(df)
    st.download_button(
        t("download_csv"),
        icon=":material/download:",
        data=data,
        file_name=f"{exports.file_stem(name)}.csv",
        mime="text/csv",
        key=f"csv_{key}",
        on_click="ignore",
    )


def table(
    df: pd.DataFrame,
    key: str,
    *,
    name: str,
    link: str | None = None,
    hide: tuple[str, ...] = (),
    height: int | str = "auto",
    style: Callable[[pd.DataFrame], Any] | None = None,
    column_config: dict[str, Any] | None = None,
    selectable: bool = True,
    page_rows: int | None = None,
    finish: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> pd.Series | None:
    """A table with a CSV download; ``link``: a column of deep links, shown as "Open" links,
    and a row selection that offers an in-app link. Returns the selected row, if any.

    ``page_rows``: at most that many rows are shown, with a page picker (a city's action
    list is tens of thousands of rows: sending and drawing them all took seconds); the CSV
    still holds every row. ``finish``: turns the rows of ``df`` into the rows shown (e.g.
    adds their deep links), run on the page shown and, for the CSV, on every row."""
    whole = df
    df, first = _page(df, key, page_rows, finish)
    # a table of its own per page: a row selected on one page is not kept as the row at the
    # same place on the next (which would offer a link to another hazard)
    table_key = f"tbl|{key}" if first is None else f"tbl|{key}|{first}"
    config: dict[str, Any] = dict(column_config or {})
    if link and link in df.columns:
        config[link] = link_column(link)
    for column in (*hide, *df.attrs.get("hidden", ())):  # a column spec's hidden ids
        if column in df.columns:
            config[column] = None
    data: Any = style(df) if style else df
    selected = None
    if selectable and len(df):
        event = st.dataframe(
            data,
            key=table_key,
            hide_index=True,
            column_config=config,
            on_select="rerun",
            selection_mode="single-row",
            height=height,
            width="stretch",
        )
        rows = event.selection.rows if event is not None else []
        if rows and rows[0] < len(df):
            selected = df.iloc[rows[0]]
    else:
        st.dataframe(data, key=table_key, hide_index=True, column_config=config, height=height)
    download_csv(whole, name, key, finish)
    if selected is not None and link and link in df.columns:
        target = page_target(selected.get(link))
        if target:
            page, params = target
            st.page_link(page, label=f"{t('open')} → {md(selected.iloc[0])}", query_params=params)
    return selected


def html_table(
    df: pd.DataFrame,
    key: str,
    *,
    name: str,
    link: str | None = None,
    shares: tuple[str, ...] = (),
    hide: tuple[str, ...] = (),
    row_id: str | None = None,
    page_rows: int | None = None,
    finish: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    download: bool = True,
) -> None:
    """``table``'s paging and CSV (``download``), with the rows drawn as HTML
    (``app_support.html_tables``: no data grid's code for the browser to load). Nothing to
    select: each row's ``link`` is a link of its own."""
    whole = df
    df, _ = _page(df, key, page_rows, finish)
    st.html(
        html_tables.table(
            df,
            key,
            open_text=f"{t('open')} →",
            language=lang(),
            link=link,
            shares=shares,
            hide=(*hide, *df.attrs.get("hidden", ())),
            row_id=row_id,
        )
    )
    if download:
        download_csv(whole, name, key, finish)


def _page(
    df: pd.DataFrame,
    key: str,
    page_rows: int | None,
    finish: Callable[[pd.DataFrame], pd.DataFrame] | None,
) -> tuple[pd.DataFrame, int | None]:
    """The rows a table shows (the page picked, ``finish``ed) and the page's first row's
    place, ``None`` when every row fits on one page."""
    first = None
    if page_rows is not None and len(df) > page_rows:
        shown = page_slice(len(df), page_rows, key)
        df, first = df.iloc[shown], shown.start
    return (finish(df) if finish is not None else df), first


def page_slice(rows: int, page_rows: int, key: str) -> slice:
    """The rows of the page chosen in a page picker above the table (``key``): page 1 first.
    When the rows shrink (a filter changed) the picker's bounds change, and Streamlit makes
    it a new widget, back on page 1 (tests/app/test_overview_paging.py checks it)."""
    pages = -(-rows // page_rows)
    state = f"page|{key}"
    with st.container(key=f"pager_{key}", horizontal=True, vertical_alignment="center"):
        page = st.number_input(
            t("page"), min_value=1, max_value=pages, step=1, key=state, width=160
        )
        first = (int(page) - 1) * page_rows
        last = min(first + page_rows, rows)
        st.caption(t("page_rows").format(first=first + 1, last=last, rows=rows, pages=pages))
    return slice(first, last)


def store_banner(message: str, hint: str = "store_down_hint") -> None:
    st.error(
        f"**{t('store_down')}** — {md(message)}\n\n{t(hint)}",
        icon=":material/warning:",
    )


def caption_pairs(pairs: list[tuple[str, Any]]) -> None:
    """``label: value · label: value`` as an escaped caption."""
    st.caption(
        " · ".join(
            f"{md(k)}: **{md(v)}**" if k else f"**{md(v)}**"
            for k, v in pairs
            if v not in (None, "")
        )
    )


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"
