"""The dossier (``app_support.dossier``): one template, HTML and PDF, on both stores.

The HTML is read back with ``html.parser`` for its structure, the drawing decoded and parsed
as XML, the PDF's text extracted with pypdf. Expected values are derived here from the chain
and the files, not copied from an output.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from app_support import exports
from app_support.dossier import ImageRefused, _drawing_only, held_text
from app_support.legal_basis import LEVEL_BASIS, level_basis
from graph_model.accountability import chain
from graph_model.results import Chain, ChainEntry
from graph_model.store import GraphStore, MemoryStore
from graph_model.vocabulary import Level, Responsibility
from loaders import load_path
from loaders.fingerprint import DatasetOrigin, origin_of, sample_fingerprint
from loaders.load import load_under_lock
from tests.app.conftest import HOSTILE
from tests.conftest import SAMPLE

SVG = "{http://www.w3.org/2000/svg}"


def files_fingerprint(folder: Path) -> str:
    """Computed here from the bytes of the files, independently of ``loaders.fingerprint``."""
    hashes = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.csv"))
    return hashlib.sha256("".join(h + "\n" for h in hashes).encode()).hexdigest()


@dataclass
class Page:
    """What html.parser saw: tags with their attributes, headings, rows, the text."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    headings: list[tuple[str, str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    paragraphs: list[tuple[str | None, str]] = field(default_factory=list)
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._open: list[str] = []
        self._buffer: list[str] = []
        self._row: list[str] | None = None
        self._p_class: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3", "td", "th", "li", "p"):
            self._buffer = []
        if tag == "p":
            self._p_class = dict(attrs).get("class")
        if tag == "tr":
            self._row = []

    def handle_endtag(self, tag: str) -> None:
        text = " ".join("".join(self._buffer).split())
        if tag in ("h1", "h2", "h3"):
            self.page.headings.append((tag, text))
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(text)
        elif tag == "tr" and self._row is not None:
            self.page.rows.append(self._row)
            self._row = None
        elif tag == "li":
            self.page.items.append(text)
        elif tag == "p":
            self.page.paragraphs.append((self._p_class, text))

    def handle_data(self, data: str) -> None:
        self._buffer.append(data)
        self._text.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = "".join(self._text)


def read_html(text: str) -> Page:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.page


def drawing_of(page: Page) -> ET.Element:
    """The chain drawing: the only image, an SVG in a data: URI, parsed as XML."""
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert len(images) == 1
    src = images[0]["src"] or ""
    prefix = "data:image/svg+xml;base64,"
    assert src.startswith(prefix)
    return ET.fromstring(base64.b64decode(src[len(prefix) :]))


def catalog_of(store: GraphStore) -> dict[str, dict]:
    return {c.id: c.as_dict() for c in store.node_cards()}


def meta(page: Page) -> dict[str, str]:
    """The first table: label -> value."""
    return {row[0]: row[1] for row in page.rows if len(row) == 2}


def names(entry: ChainEntry) -> str:
    return f"{entry.person_name} / {entry.person_name_zh}"


# -- HTML ------------------------------------------------------------------------------------
def test_html_dossier_of_the_sample(store: GraphStore) -> None:
    load_under_lock(SAMPLE, store)  # as the CLI and the app load: recorded in the history
    origin = origin_of(store)
    the_chain = chain(store, "HZ-011", "2018-09-01")
    page = read_html(exports.dossier_html(the_chain, catalog_of(store), "en", origin))

    fields = meta(page)
    assert fields["As of"] == "2018-09-01"
    assert fields["Dataset fingerprint (SHA-256)"] == files_fingerprint(SAMPLE)
    marks = [text for cls, text in page.paragraphs if cls == "mark"]
    assert len(marks) == 1
    assert marks[0].startswith("ILLUSTRATIVE DATA")

    # one section per level, in chain order, each with its legal basis
    level_names = [h for tag, h in page.headings if tag == "h2"][1:-1]  # drawing ... sources
    assert level_names == [Level(lv).label("en") for lv in the_chain.levels()]
    bases = [text for cls, text in page.paragraphs if cls == "basis"]
    assert bases == [f"Legal basis: {level_basis(lv, 'en')}" for lv in the_chain.levels()]

    # every person of the chain in a row, with the sources of their path
    for entry in the_chain.entries:
        row = next(
            r
            for r in page.rows
            if r[0] == f"{names(entry)} ({entry.person_id})"
            and r[1] == Responsibility(entry.responsibility).label("en")
        )
        assert row[-1] == ", ".join(entry.source_ids)
        # defect 8: a term open on the as-of day says so, not "now"
        if entry.held_from and not entry.held_to:
            assert row[-2] == f"{entry.held_from} – in post on 2018-09-01"
    assert "now" not in page.text.split()
    # every link of every path, with its own sources
    for entry in the_chain.entries:
        for link in entry.path:
            line = next(
                i for i in page.items if f"({link.start}) —{link.rel}→" in i and link.end in i
            )
            assert line.endswith(f"Sources: {', '.join(link.source_ids) or '—'}")
    # every source cited, once, in the sources table
    cited = {s for e in the_chain.entries for s in e.source_ids}
    table_ids = [r[0] for r in page.rows if re.fullmatch(r"SRC-\d+", r[0])]
    assert sorted(table_ids) == sorted(cited)

    # the drawing: every person and every gap, no script, no link
    svg = drawing_of(page)
    drawn = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    for entry in the_chain.entries:
        assert entry.person_name in drawn
    dashed = [r for r in svg.iter(f"{SVG}rect") if r.get("stroke-dasharray")]
    assert len(dashed) == len(the_chain.gaps)  # one dashed red box per gap
    assert not [el for el in svg.iter() if el.tag in (f"{SVG}script", f"{SVG}a")]


def test_chinese_first_when_the_interface_is_chinese(store: GraphStore) -> None:
    load_under_lock(SAMPLE, store)
    the_chain = chain(store, "HZ-011", "2018-09-01")
    page = read_html(exports.dossier_html(the_chain, catalog_of(store), "zh", origin_of(store)))
    assert ("h1", "安全生产责任图谱 — 卷宗") in page.headings
    assert meta(page)["截至日期"] == "2018-09-01"
    entry = the_chain.entries[0]
    assert any(
        r[0] == f"{entry.person_name_zh} / {entry.person_name} ({entry.person_id})"
        for r in page.rows
    )
    assert ("h2", "企业主体责任") in page.headings
    assert f"{entry.held_from} – 2018-09-01仍在任" in page.text
    assert any(cls == "mark" and text.startswith("示例数据") for cls, text in page.paragraphs)


def test_no_history_no_fingerprint_and_no_mark(store: GraphStore) -> None:
    load_path(SAMPLE, store)  # not recorded: the dossier cannot say where the data came from
    the_chain = chain(store, "HZ-011", "2018-09-01")
    page = read_html(exports.dossier_html(the_chain, catalog_of(store), "en", origin_of(store)))
    assert meta(page)["Dataset fingerprint (SHA-256)"] == (
        "no load of this store is recorded in the load history"
    )
    assert not [p for p in page.paragraphs if p[0] == "mark"]


def test_fingerprint_follows_the_files(store: GraphStore, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(SAMPLE, other)
    with (other / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write("SRC-900,Another notice,notice,,,\n")
    load_under_lock(other, store)
    origin = origin_of(store)
    assert origin.fingerprint == files_fingerprint(other) != files_fingerprint(SAMPLE)
    assert not origin.illustrative  # not the bundled sample

    load_under_lock(SAMPLE, store)
    load_under_lock(SAMPLE, store)  # loading the same files again changes nothing
    both = origin_of(store)
    assert [d.fingerprint for d in both.datasets] == [
        files_fingerprint(other),
        files_fingerprint(SAMPLE),
    ]
    assert both.illustrative
    joined = f"{files_fingerprint(other)}\n{files_fingerprint(SAMPLE)}"
    assert both.fingerprint == hashlib.sha256(joined.encode()).hexdigest()


def test_the_sample_fingerprint_is_the_files() -> None:
    assert sample_fingerprint() == files_fingerprint(SAMPLE)


def test_every_level_has_a_legal_basis_in_both_languages() -> None:
    assert set(LEVEL_BASIS) == set(Level)
    for en, zh in LEVEL_BASIS.values():
        assert en
        assert zh != en
        assert re.search(r"[\u4e00-\u9fff]", zh)


def test_open_term_reads_as_of_the_day() -> None:
    entry = ChainEntry(
        "enterprise", "x", "P-1", "A", None, None, None, None, None, None, None, None,
        "2016-01-01", None, (),
    )  # fmt: skip
    assert held_text(entry, "2018-09-01", "en") == "2016-01-01 – in post on 2018-09-01"
    assert held_text(entry, "2018-09-01", "zh") == "2016-01-01 – 2018-09-01仍在任"
    closed = ChainEntry(*[*entry.__dict__.values()][:13], "2019-01-01", ())
    assert held_text(closed, "2018-09-01", "en") == "2016-01-01 – 2019-01-01"


# -- hostile data ----------------------------------------------------------------------------
TEMPLATE_TAGS = {
    "html", "head", "title", "meta", "style", "body", "h1", "h2", "h3", "p", "font", "strong",
    "table", "tr", "th", "td", "img", "ul", "li", "a",
}  # fmt: skip


def hostile_chains(store: GraphStore) -> list[Chain]:
    load_path(HOSTILE, store)
    subjects = ("H-1", "ACC-1", 'H-"><img src=x onerror=parent.__pwned=6>')
    return [chain(store, s) for s in subjects]


def test_hostile_names_are_inert_in_html(store: GraphStore) -> None:
    chains = hostile_chains(store)
    catalog = catalog_of(store)
    for the_chain in chains:
        text = exports.dossier_html(the_chain, catalog, "en", DatasetOrigin())
        page = read_html(text)
        # only the template's own tags; no handler, no script, no link but http(s)
        assert {tag for tag, _ in page.tags} <= TEMPLATE_TAGS
        for tag, attrs in page.tags:
            assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
            if tag == "a":
                assert (attrs.get("href") or "").startswith(("http://", "https://"))
        # the payloads are there, as text
        assert "<script>" in page.text or the_chain.subject.id in page.text
        assert "{{7*7}}" in page.text
        svg = drawing_of(page)
        assert {el.tag.removeprefix(SVG) for el in svg.iter()} <= {"svg", "rect", "text", "line"}
        assert not [k for el in svg.iter() for k in el.attrib if k.startswith("on")]


# -- PDF -------------------------------------------------------------------------------------
def needs_font() -> str:
    font = exports.find_cjk_font()
    if font is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Chinese TrueType font (fonts-wqy-microhei) is installed")
        pytest.skip("no Chinese TrueType font on this machine")
    return font


def pdf_text(data: bytes) -> tuple[list[str], bytes]:
    reader = PdfReader(io.BytesIO(data))
    return [p.extract_text() for p in reader.pages], data


def test_pdf_dossier_of_the_sample(store: GraphStore) -> None:
    needs_font()
    load_under_lock(SAMPLE, store)
    the_chain = chain(store, "ACC-001", "2018-06-05")
    data = exports.dossier_pdf(the_chain, catalog_of(store), "zh", origin_of(store))
    pages, raw = pdf_text(data)
    assert len(pages) >= 2
    squeezed = "".join("".join(pages).split())
    assert files_fingerprint(SAMPLE) in squeezed
    assert "截至日期2018-06-05" in squeezed
    assert "示例数据" in squeezed
    assert "企业主体责任" in squeezed
    assert Level.PRINCIPAL_LEADERSHIP.label("zh") in squeezed
    assert level_basis("principal_leadership", "zh")[:20] in squeezed
    for number, text in enumerate(pages, start=1):  # the footer of every page
        assert f"第{number}页，共{len(pages)}页" in "".join(text.split())
    for entry in the_chain.entries:
        assert entry.person_name_zh
        assert entry.person_name_zh in squeezed
    assert b"/JavaScript" not in raw
    assert b"/JS" not in raw


def test_pdf_keeps_hostile_names_as_text(store: GraphStore) -> None:
    needs_font()
    the_chain = hostile_chains(store)[0]
    data = exports.dossier_pdf(the_chain, catalog_of(store), "en", DatasetOrigin())
    pages, raw = pdf_text(data)
    text = "".join(pages)
    assert "<img src=x onerror=" in "".join(text.split("\n"))
    assert "Page 1 of" in text
    assert "{nb}" not in text
    assert b"/JavaScript" not in raw
    assert b"/URI (javascript" not in raw


def test_pdf_fetches_no_image_but_its_drawing() -> None:
    for src in ("/etc/passwd", "file:///etc/passwd", "https://example.org/x.png", "x.svg"):
        with pytest.raises(ImageRefused):
            _drawing_only(src)
    assert _drawing_only("data:image/svg+xml;base64,PHN2Zy8+") == b"<svg/>"


def test_pdf_page_count_alias_leaves_names_alone(tmp_path: Path) -> None:
    """fpdf2 replaces its page-count alias everywhere: the dossier's alias is one no data has."""
    needs_font()
    folder = tmp_path / "named"
    shutil.copytree(SAMPLE, folder)
    persons = folder / "persons.csv"
    text = persons.read_text(encoding="utf-8")
    persons.write_text(text.replace("Chen Moujie", "Chen {nb} Moujie"), encoding="utf-8")
    store = MemoryStore()
    load_path(folder, store)
    data = exports.dossier_pdf(chain(store, "ACC-001"), catalog_of(store), "en")
    pages, _ = pdf_text(data)
    text = "".join(pages)
    assert "Chen {nb} Moujie" in text
    assert not re.search(r"Chen \d+ Moujie", text)  # not once replaced by the page count
    assert f"Page 1 of {len(pages)}" in pages[0]
