"""The dossier of a chain, fit for filing: one Jinja2 template (``templates/dossier.html.j2``,
autoescape on) rendered as a standalone HTML page and as a PDF.

What it carries: the subject, the as-of day, the dataset's fingerprint (``loaders.fingerprint``:
the hash of the loads the store came from) and an "illustrative data" mark when that is the
bundled sample; the chain drawing (a static SVG, no script); per level its legal basis, the
persons found with their post, term and sources, the path of links of each with every link's
own sources, the gaps; an accident's findings; every source cited. Chinese first when the
interface is Chinese. A term still open on the as-of day reads "in post on <as-of day>",
never "now": the dossier speaks of that day.

**How the PDF is made, and why.** The same HTML is laid out by fpdf2's ``write_html`` (pure
Python, already a requirement), with a TrueType font that has Chinese glyphs and a footer
with page numbers. Measured on the sample (ACC-001, 中文, on the 2-core development machine
under a load average of about 10): fpdf2 took 8-9 s wall clock and 2.2-3.0 s of CPU (about half
of it reading the font), for an 88 KB file; printing the same HTML with headless Chromium
(``--print-to-pdf``) took 7.6-8.9 s wall clock and 1.8-2.1 s of CPU, for a 644 KB file. So
speed does not decide; availability does: Chromium is a test dependency here, not an app one,
and a user's machine may not have it (nor the sandbox it wants), while fpdf2 works wherever
the app's requirements are installed, in the app's process, with the same layout wherever
the font is the same. fpdf2 reads a
subset of HTML (no CSS, one text per table cell), so the template keeps to it; the HTML file
adds a style sheet for screens and printers. In the PDF nothing is fetched: images come only
from the template's own drawing, every other source is refused.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from app_support import i18n
from app_support.chain_drawing import both, chain_svg, data_uri
from app_support.legal_basis import level_basis
from app_support.pdf_font import FontMissing, find_cjk_font
from app_support.template_env import environment
from graph_model.results import Chain, ChainEntry, Finding, Link
from loaders.fingerprint import DatasetOrigin

# the dossier's own wording: key -> (English, 中文)
TEXT: dict[str, tuple[str, str]] = {
    "dossier": ("Dossier", "卷宗"),
    "field": ("Item", "项目"),
    "value": ("Value", "内容"),
    "fingerprint": ("Dataset fingerprint (SHA-256)", "数据集指纹（SHA-256）"),
    "loaded": ("Loaded from", "数据来源"),
    "no_load": (
        "no load of this store is recorded in the load history",
        "本存储的导入记录中没有相应记录",
    ),
    "generated": ("Generated", "生成时间"),
    "drawing": ("The chain", "责任链示意图"),
    "basis": ("Legal basis", "法律依据"),
    "held": ("Term", "任职期间"),
    "mark": (
        "ILLUSTRATIVE DATA: this dossier comes from the bundled sample dataset, which is "
        "fictional in part. It is not a record and must not be filed as one.",
        "示例数据：本卷宗来自随附的示例数据集，部分内容为虚构，不是正式记录，不得作为案卷归档。",
    ),
    "page": ("Page {page} of {pages}", "第 {page} 页，共 {pages} 页"),
    "summary": (
        "{people} person(s) in the chain · {gaps} gap(s)",
        "责任链人员 {people} 人 · 缺口 {gaps} 处",
    ),
}


def say(key: str, language: str, **values: object) -> str:
    en, zh = TEXT[key]
    return (zh if language == "zh" else en).format(**values)


def safe_url(url: Any) -> str | None:
    """The URL when it is http(s) with a host; None otherwise (no javascript:, data:...)."""
    if not url:
        return None
    text = str(url).strip()
    parsed = urlparse(text)
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return text
    return None


def held_text(entry: ChainEntry, as_of: str, language: str) -> str:
    """The term of the appointment used; an open end is stated as of the dossier's day."""
    if not (entry.held_from or entry.held_to):
        return ""
    end = entry.held_to or i18n.open_end(as_of, language)
    return f"{entry.held_from or '…'} – {end}"


def _name(catalog: Mapping[str, Mapping[str, Any]], node_id: str, language: str) -> str:
    node = catalog.get(node_id)
    if not node:
        return node_id
    return both(i18n.display_name(node, "en"), i18n.display_name(node, "zh"), language)


def link_text(link: Link, catalog: Mapping[str, Mapping[str, Any]], language: str) -> str:
    """One link of a path: its ends (names and ids), type, dates and its own sources."""
    start = f"{_name(catalog, link.start, language)} ({link.start})"
    end = f"{_name(catalog, link.end, language)} ({link.end})"
    dates = ""
    if link.valid_from or link.valid_to:
        dates = f" [{link.valid_from or '…'} – {link.valid_to or '…'}]"
    sources = ", ".join(link.source_ids) or "—"
    return f"{start} —{link.rel}→ {end}{dates} · {i18n.t('sources', language)}: {sources}"


def finding_text(f: Finding, language: str) -> str:
    parts = [f"{f.person_name} ({f.person_id})", i18n.finding_name(f.responsibility, language)]
    parts += [p for p in (f.position_id, f.sanction) if p]
    if f.source_ids:
        parts.append(f"{i18n.t('sources', language)}: {', '.join(f.source_ids)}")
    return " · ".join(parts)


def source_ids(chain: Chain) -> list[str]:
    ids = {s for e in chain.entries for s in e.source_ids}
    ids |= {s for e in chain.entries for link in e.path for s in link.source_ids}
    ids |= {s for f in chain.findings for s in f.source_ids}
    return sorted(ids)


@dataclass(frozen=True)
class Document:
    """What the template shows, worded in one language (names in both, that one first)."""

    lang: str
    subject_id: str
    as_of: str
    title: str
    subject_line: str
    mark: str | None
    meta: list[tuple[str, str]]
    summary: str
    labels: dict[str, str]
    drawing_uri: str
    levels: list[dict[str, Any]]
    findings: dict[str, list[str]] | None
    sources: list[dict[str, Any]]


def document(
    chain: Chain,
    catalog: Mapping[str, Mapping[str, Any]],
    language: str,
    origin: DatasetOrigin,
    generated: datetime | None = None,
) -> Document:
    """Everything the dossier says about ``chain``, ready for the template."""
    lang = "zh" if language == "zh" else "en"
    s = chain.subject

    def t(key: str) -> str:
        return i18n.t(key, lang)

    subject_line = f"{s.id} · {both(s.title, s.title_zh, lang)}"
    meta = [
        (i18n.label_name(s.kind.capitalize(), lang), subject_line),
        (t("enterprise"), f"{_name(catalog, s.enterprise_id, lang)} ({s.enterprise_id})"),
        (t("date"), s.date or ""),
        (t("grade"), i18n.subject_grade_name(s.kind, s.grade, catalog.get(s.id, {}), lang)),
        (t("as_of"), chain.as_of),
        (say("fingerprint", lang), origin.fingerprint or say("no_load", lang)),
    ]
    meta += [
        (say("loaded", lang), f"{d.path} · {d.at} · {d.fingerprint[:16]}") for d in origin.datasets
    ]
    when = generated or datetime.now(UTC)
    meta.append((say("generated", lang), when.strftime("%Y-%m-%d %H:%M UTC")))
    names = {g.subject_id: _name(catalog, g.subject_id, lang) for g in chain.gaps}
    levels = []
    for level in chain.levels():
        entries = [
            {
                "person": f"{both(e.person_name, e.person_name_zh, lang)} ({e.person_id})",
                "responsibility": i18n.responsibility_name(e.responsibility, lang),
                "post": both(e.position_title, e.position_title_zh, lang),
                "org": both(e.org_name, e.org_name_zh, lang),
                "held": held_text(e, chain.as_of, lang),
                "sources": ", ".join(e.source_ids),
                "path": [link_text(link, catalog, lang) for link in e.path],
            }
            for e in chain.entries
            if e.level == level
        ]
        gaps = [
            f"{i18n.gap_reason_name(g.reason, lang)}: {names[g.subject_id]} ({g.subject_id})"
            for g in chain.gaps
            if g.level == level
        ]
        levels.append(
            {
                "name": i18n.level_name(level, lang),
                "basis": level_basis(level, lang),
                "entries": entries,
                "gaps": gaps,
            }
        )
    findings = None
    if s.kind == "accident":
        findings = {
            "all": [finding_text(f, lang) for f in chain.findings],
            "not_in_chain": [finding_text(f, lang) for f in chain.findings_not_in_chain],
            "levels_without": [i18n.level_name(lv, lang) for lv in chain.levels_without_findings],
        }
    sources = []
    for sid in source_ids(chain):
        src = catalog.get(sid, {})
        url = src.get("url")
        sources.append(
            {
                "id": sid,
                "title": both(src.get("title"), src.get("title_zh"), lang),
                "kind": str(src.get("kind") or ""),
                "date": str(src.get("date") or ""),
                "url": str(url or ""),
                "safe_url": safe_url(url),
            }
        )
    labels = {
        k: t(k)
        for k in ("person", "responsibility", "post", "organization", "sources", "id", "title")
    }
    labels |= {k: t(k) for k in ("kind", "date", "link")}
    labels |= {
        "path": t("ch_path"),
        "findings": t("ch_findings"),
        "not_in_chain": t("ch_not_in_chain"),
        "levels_without": t("ch_levels_without"),
    }
    labels |= {k: say(k, lang) for k in ("field", "value", "fingerprint", "drawing", "basis")}
    labels["held"] = say("held", lang)
    labels["as_of"] = t("as_of")
    people = len({e.person_id for e in chain.entries})
    return Document(
        lang=lang,
        subject_id=s.id,
        as_of=chain.as_of,
        title=f"{i18n.t('app_title', lang)} — {say('dossier', lang)}",
        subject_line=subject_line,
        mark=say("mark", lang) if origin.illustrative else None,
        meta=meta,
        summary=say("summary", lang, people=people, gaps=len(chain.gaps)),
        labels=labels,
        drawing_uri=data_uri(chain_svg(chain, names, lang)),
        levels=levels,
        findings=findings,
        sources=sources,
    )


def render(doc: Document, medium: str) -> str:
    """The template rendered for ``medium``: ``html`` (a file) or ``pdf`` (for fpdf2)."""
    return environment().get_template("dossier.html.j2").render(doc=doc, medium=medium)


def dossier_html(
    chain: Chain,
    catalog: Mapping[str, Mapping[str, Any]],
    language: str = "en",
    origin: DatasetOrigin | None = None,
) -> str:
    """A standalone, printable page: the dossier as HTML."""
    return render(document(chain, catalog, language, origin or DatasetOrigin()), "html")


def dossier_pdf(
    chain: Chain,
    catalog: Mapping[str, Mapping[str, Any]],
    language: str = "en",
    origin: DatasetOrigin | None = None,
) -> bytes:
    """The dossier as PDF (the same template); raises ``FontMissing`` when no font with
    Chinese glyphs is installed."""
    font = find_cjk_font()
    if font is None:
        raise FontMissing(i18n.t("ch_pdf_missing", language))
    return pdf_bytes(document(chain, catalog, language, origin or DatasetOrigin()), font)


# -- PDF -------------------------------------------------------------------------------------
SVG_PREFIX = "data:image/svg+xml;base64,"


class ImageRefused(ValueError):
    """The PDF was asked to fetch an image that is not the template's own drawing."""


def _drawing_only(src: str) -> bytes:
    """fpdf2's image loader for write_html: the embedded drawing, nothing else."""
    if not src.startswith(SVG_PREFIX):
        raise ImageRefused(f"the dossier embeds no image from {src[:40]!r}")
    try:
        return base64.b64decode(src[len(SVG_PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImageRefused("the chain drawing could not be decoded") from exc


def pdf_bytes(doc: Document, font_path: str) -> bytes:
    """The dossier as PDF: the template's HTML laid out by fpdf2, page numbers in the footer."""
    from fpdf import FPDF, TextStyle
    from fpdf.enums import ResourceAccessPolicy

    # an alias no text from data can contain: a name with "{nb}" must stay as it is
    pages_alias = "{pages-" + secrets.token_hex(8) + "}"
    footer_left = f"{doc.subject_id} · {doc.labels['as_of']} {doc.as_of}"

    class DossierPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("dossier-cjk", size=8)
            self.set_text_color(96, 125, 139)
            page = say("page", doc.lang, page=self.page_no(), pages=pages_alias)
            self.cell(self.epw * 0.7, 6, footer_left, align="L")
            self.cell(self.epw * 0.3, 6, page, align="R")

    pdf = DossierPDF(format="A4")
    pdf.resource_access_policy = ResourceAccessPolicy.NONE
    pdf.alias_nb_pages(pages_alias)
    pdf.set_auto_page_break(auto=True, margin=18)
    for style in ("", "B"):  # fpdf2 makes no bold of its own; headings use the same face
        pdf.add_font("dossier-cjk", style, font_path)
    pdf.set_creator("accgraph")
    pdf.add_page()
    pdf.set_font("dossier-cjk", size=10)
    navy = "#1d3c6e"
    headings = {
        "h1": TextStyle(color=navy, font_size_pt=18, t_margin=2, b_margin=2),
        "h2": TextStyle(color=navy, font_size_pt=13.5, t_margin=6, b_margin=1.5),
        "h3": TextStyle(color="#1d2731", font_size_pt=10.5, t_margin=3, b_margin=1),
    }
    pdf.write_html(
        render(doc, "pdf"),
        font_family="dossier-cjk",
        image_map=_drawing_only,
        tag_styles=headings,
        warn_on_tags_not_matching=False,
    )
    return bytes(pdf.output())
