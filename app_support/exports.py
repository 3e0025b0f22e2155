"""Downloads: CSV for every table, a chain's JSON (the spec's format) and a printable dossier
(HTML and PDF) listing every link of the chain with its sources.

Everything from data is escaped in the HTML dossier (``html.escape``), links are only
written for http(s) URLs, and a Content-Security-Policy forbids scripts. The PDF needs a
TrueType font with Chinese glyphs; ``find_cjk_font`` looks for one.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from app_support import i18n
from graph_model.results import Chain, ChainEntry, Finding
from graph_model.text_safety import spreadsheet_safe

FONT_ENV = "ACCGRAPH_PDF_FONT"
KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


class FontMissing(RuntimeError):
    """No font with Chinese glyphs was found for the PDF."""


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read Chinese correctly.

    Every text cell and column name that a spreadsheet would run as a formula (``=``, ``+``,
    ``-``, ``@``, tab, CR first) gets a leading ``'`` (``spreadsheet_safe``); numbers stay
    numbers."""
    safe = df.map(spreadsheet_safe).rename(columns=spreadsheet_safe)
    return safe.to_csv(index=False).encode("utf-8-sig")


def chain_json(chain: Chain) -> bytes:
    return json.dumps(chain.to_json(), ensure_ascii=False, indent=2).encode("utf-8")


def safe_url(url: Any) -> str | None:
    """The URL when it is http(s) with a host; None otherwise (no javascript:, data:...)."""
    if not url:
        return None
    text = str(url).strip()
    parsed = urlparse(text)
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return text
    return None


def file_stem(text: str) -> str:
    """A file name part made of letters, digits, dashes and dots only."""
    cleaned = "".join(c if (c.isalnum() and c.isascii()) or c in "-." else "-" for c in text)
    return cleaned.strip("-.")[:60] or "export"


# -- the dossier's content, shared by HTML and PDF -------------------------------------------
def _names(node: Mapping[str, Any] | None, fallback: str) -> str:
    if not node:
        return fallback
    en = i18n.display_name(node, "en")
    zh = i18n.display_name(node, "zh")
    return en if en == zh else f"{en} / {zh}"


def _both(en: str | None, zh: str | None) -> str:
    if en and zh and en != zh:
        return f"{en} / {zh}"
    return en or zh or ""


def _held(e: ChainEntry, language: str) -> str:
    if not (e.held_from or e.held_to):
        return ""
    return f"{e.held_from or '…'} – {e.held_to or i18n.t('now', language)}"


def _source_ids(chain: Chain) -> list[str]:
    ids = {s for e in chain.entries for s in e.source_ids}
    ids |= {s for f in chain.findings for s in f.source_ids}
    return sorted(ids)


def _link_line(link: Any, catalog: Mapping[str, Mapping[str, Any]]) -> str:
    start = _names(catalog.get(link.start), link.start)
    end = _names(catalog.get(link.end), link.end)
    dates = ""
    if link.valid_from or link.valid_to:
        dates = f"  [{link.valid_from or '…'} – {link.valid_to or '…'}]"
    sources = f"  ({', '.join(link.source_ids)})" if link.source_ids else ""
    return f"{start} ({link.start}) —{link.rel}→ {end} ({link.end}){dates}{sources}"


def _finding_line(f: Finding, language: str) -> str:
    parts = [
        f"{f.person_name} ({f.person_id})",
        i18n.finding_name(f.responsibility, language),
    ]
    if f.position_id:
        parts.append(f.position_id)
    if f.sanction:
        parts.append(f.sanction)
    if f.source_ids:
        parts.append(", ".join(f.source_ids))
    return " · ".join(parts)


def _heading(chain: Chain, language: str) -> dict[str, str]:
    s = chain.subject
    return {
        "title": i18n.t("app_title", language)
        + " — "
        + ("卷宗" if language == "zh" else "Dossier"),
        "subject": f"{s.id} · {_both(s.title, s.title_zh)}",
        "kind": i18n.label_name(s.kind.capitalize(), language),
        "enterprise": f"{s.enterprise_name or ''} ({s.enterprise_id})",
        "date": s.date or "",
        "grade": i18n.grade_name(s.grade, language),
        "as_of": chain.as_of,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# -- HTML ------------------------------------------------------------------------------------
DOSSIER_CSS = """
body { font-family: "Source Sans Pro", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
  "Microsoft YaHei", sans-serif; color: #1d2731; margin: 32px auto; max-width: 960px;
  line-height: 1.45; font-size: 14px; }
h1 { font-size: 22px; border-bottom: 3px solid #1d3c6e; padding-bottom: 6px; color: #1d3c6e; }
h2 { font-size: 17px; margin-top: 28px; color: #1d3c6e; border-bottom: 1px solid #cfd8dc; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #cfd8dc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dl.meta dt { font-weight: 600; color: #455a64; }
dl.meta dd { margin: 0; }
ul.path { margin: 2px 0 8px; padding-left: 18px; color: #37474f; font-size: 12.5px; }
.gap { color: #b71c1c; }
.note { color: #607d8b; font-size: 12px; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""


def dossier_html(
    chain: Chain,
    catalog: Mapping[str, Mapping[str, Any]],
    language: str = "en",
) -> str:
    """A standalone, printable page listing every link of the chain with its sources."""
    e = html.escape
    t = lambda key: e(i18n.t(key, language))  # noqa: E731
    head = _heading(chain, language)
    out: list[str] = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">",
        f"<title>{e(head['subject'])}</title><style>{DOSSIER_CSS}</style></head><body>",
        f"<h1>{e(head['title'])}</h1>",
        "<dl class='meta'>",
    ]
    for key, label in (
        ("subject", head["kind"]),
        ("enterprise", i18n.t("enterprise", language)),
        ("date", i18n.t("date", language)),
        ("grade", i18n.t("grade", language)),
        ("as_of", i18n.t("as_of", language)),
    ):
        out.append(f"<dt>{e(label)}</dt><dd>{e(head[key])}</dd>")
    out.append("</dl>")
    out.append(
        f"<p class='note'>{len({x.person_id for x in chain.entries})} {t('ch_entries')} · "
        f"{len(chain.gaps)} {t('ch_gap_count')} · {e(head['generated'])}</p>"
    )
    for level in chain.levels():
        entries = [x for x in chain.entries if x.level == level]
        gaps = [g for g in chain.gaps if g.level == level]
        out.append(f"<h2>{e(i18n.level_name(level, language))}</h2>")
        if entries:
            out.append(
                "<table><tr>"
                + "".join(
                    f"<th>{t(k)}</th>"
                    for k in ("person", "responsibility", "post", "organization", "held", "sources")
                )
                + "</tr>"
            )
            for x in entries:
                out.append(
                    "<tr>"
                    f"<td>{e(_both(x.person_name, x.person_name_zh))}<br>"
                    f"<span class='note'>{e(x.person_id)}</span></td>"
                    f"<td>{e(i18n.responsibility_name(x.responsibility, language))}</td>"
                    f"<td>{e(_both(x.position_title, x.position_title_zh))}</td>"
                    f"<td>{e(_both(x.org_name, x.org_name_zh))}</td>"
                    f"<td>{e(_held(x, language))}</td>"
                    f"<td>{e(', '.join(x.source_ids))}</td>"
                    "</tr>"
                    f"<tr><td colspan='6'><span class='note'>{t('ch_path')}</span>"
                    "<ul class='path'>"
                    + "".join(f"<li>{e(_link_line(lk, catalog))}</li>" for lk in x.path)
                    + "</ul></td></tr>"
                )
            out.append("</table>")
        for g in gaps:
            what = _names(catalog.get(g.subject_id), g.subject_id)
            out.append(
                f"<p class='gap'>⚠ {e(i18n.gap_reason_name(g.reason, language))}: "
                f"{e(what)} ({e(g.subject_id)})</p>"
            )
    if chain.subject.kind == "accident":
        out.append(f"<h2>{t('ch_findings')}</h2>")
        out.append(
            "<ul>"
            + "".join(f"<li>{e(_finding_line(f, language))}</li>" for f in chain.findings)
            + "</ul>"
        )
        out.append(f"<h3>{t('ch_not_in_chain')}</h3><ul>")
        out += [f"<li>{e(_finding_line(f, language))}</li>" for f in chain.findings_not_in_chain]
        out.append(f"</ul><h3>{t('ch_levels_without')}</h3><ul>")
        out += [
            f"<li>{e(i18n.level_name(lv, language))}</li>" for lv in chain.levels_without_findings
        ]
        out.append("</ul>")
    out.append(f"<h2>{t('sources')}</h2><table><tr>")
    out += [f"<th>{t(k)}</th>" for k in ("id", "title", "kind", "date", "link")]
    out.append("</tr>")
    for sid in _source_ids(chain):
        src = catalog.get(sid, {})
        url = src.get("url")
        good = safe_url(url)
        link = f"<a href='{e(good, quote=True)}'>{e(good)}</a>" if good else e(str(url or ""))
        out.append(
            f"<tr><td>{e(sid)}</td><td>{e(_both(src.get('title'), src.get('title_zh')))}</td>"
            f"<td>{e(str(src.get('kind') or ''))}</td><td>{e(str(src.get('date') or ''))}</td>"
            f"<td>{link}</td></tr>"
        )
    out.append("</table></body></html>")
    return "\n".join(out)


# -- PDF -------------------------------------------------------------------------------------
def _has_zh_glyphs(path: str) -> bool:
    try:
        from fontTools.ttLib import TTCollection, TTFont
    except ImportError:  # fpdf2 depends on fontTools; keep going if it ever doesn't
        return True
    try:
        if path.lower().endswith(".ttc"):
            font = TTCollection(path).fonts[0]
        else:
            font = TTFont(path, lazy=True)
        cmap = font.getBestCmap() or {}
        return ord("责") in cmap and ("glyf" in font or "CFF " not in font)
    except Exception:
        return False


@cache
def find_cjk_font() -> str | None:
    """A TrueType font (.ttf or .ttc) with Chinese glyphs: ``$ACCGRAPH_PDF_FONT``, well-known
    Debian paths, then whatever fontconfig lists for Chinese."""
    candidates: list[str] = []
    if os.environ.get(FONT_ENV):
        candidates.append(os.environ[FONT_ENV])
    candidates += list(KNOWN_FONTS)
    if shutil.which("fc-list"):
        try:
            listed = subprocess.run(
                ["fc-list", ":lang=zh", "file"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
            candidates += sorted(
                line.split(":")[0].strip() for line in listed.splitlines() if line.strip()
            )
        except (OSError, subprocess.SubprocessError):
            pass
    for path in candidates:
        if (
            path.lower().endswith((".ttf", ".ttc"))
            and Path(path).is_file()
            and _has_zh_glyphs(path)
        ):
            return path
    return None


def dossier_pdf(
    chain: Chain,
    catalog: Mapping[str, Mapping[str, Any]],
    language: str = "en",
) -> bytes:
    """The dossier as PDF; raises ``FontMissing`` when no Chinese font is installed."""
    from fpdf import FPDF

    font = find_cjk_font()
    if font is None:
        raise FontMissing(i18n.t("ch_pdf_missing", language))
    head = _heading(chain, language)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("cjk", "", font)
    pdf.set_title(head["subject"])
    pdf.add_page()
    width = pdf.epw

    def para(text: str, size: float = 10, colour: tuple[int, int, int] = (29, 39, 49)) -> None:
        pdf.set_font("cjk", size=size)
        pdf.set_text_color(*colour)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")

    para(head["title"], 16, (29, 60, 110))
    pdf.ln(2)
    para(f"{head['kind']}: {head['subject']}", 11)
    para(f"{i18n.t('enterprise', language)}: {head['enterprise']}")
    para(
        f"{i18n.t('date', language)}: {head['date']}   {i18n.t('grade', language)}: "
        f"{head['grade']}   {i18n.t('as_of', language)}: {head['as_of']}"
    )
    para(
        f"{len({x.person_id for x in chain.entries})} {i18n.t('ch_entries', language)} · "
        f"{len(chain.gaps)} "
        f"{i18n.t('ch_gap_count', language)} · {head['generated']}",
        8.5,
        (96, 125, 139),
    )
    for level in chain.levels():
        pdf.ln(3)
        para(i18n.level_name(level, language), 13, (29, 60, 110))
        for x in (x for x in chain.entries if x.level == level):
            para(
                f"{_both(x.person_name, x.person_name_zh)} ({x.person_id}) — "
                f"{i18n.responsibility_name(x.responsibility, language)}",
                10.5,
            )
            post = _both(x.position_title, x.position_title_zh)
            if post:
                para(f"{post} @ {_both(x.org_name, x.org_name_zh)}  {_held(x, language)}", 9.5)
            para(f"{i18n.t('sources', language)}: {', '.join(x.source_ids) or '—'}", 9)
            for link in x.path:
                para("    " + _link_line(link, catalog), 8, (69, 90, 100))
            pdf.ln(1)
        for g in (g for g in chain.gaps if g.level == level):
            what = _names(catalog.get(g.subject_id), g.subject_id)
            para(
                f"! {i18n.gap_reason_name(g.reason, language)}: {what} ({g.subject_id})",
                10,
                (183, 28, 28),
            )
    if chain.subject.kind == "accident":
        pdf.ln(3)
        para(i18n.t("ch_findings", language), 13, (29, 60, 110))
        for f in chain.findings:
            para("• " + _finding_line(f, language), 9.5)
        para(i18n.t("ch_not_in_chain", language), 11)
        for f in chain.findings_not_in_chain:
            para("• " + _finding_line(f, language), 9.5, (183, 28, 28))
        para(i18n.t("ch_levels_without", language), 11)
        for lv in chain.levels_without_findings:
            para("• " + i18n.level_name(lv, language), 9.5, (183, 28, 28))
    pdf.ln(3)
    para(i18n.t("sources", language), 13, (29, 60, 110))
    for sid in _source_ids(chain):
        src = catalog.get(sid, {})
        line = f"{sid}: {_both(src.get('title'), src.get('title_zh'))}"
        extra = " · ".join(str(src.get(k)) for k in ("kind", "date", "url") if src.get(k))
        para(line + (f" ({extra})" if extra else ""), 9)
    return bytes(pdf.output())
