"""Read a document's text: plain text, Markdown, HTML, ``.docx`` and PDF with a text layer.

Offsets of proposals point into ``Document.text``: for plain text and Markdown that is the file
itself; for HTML, ``.docx`` and PDF it is the text read out of them (what ``extract --format
json`` prints as ``text``), paragraphs separated by line breaks.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024  # documents, not archives: a larger file is refused


class UnreadableDocument(Exception):
    """The file cannot be read as a document; the message says why, in one line."""


@dataclass(frozen=True)
class Document:
    name: str  # the file name, shown and recorded as the source's title when none is given
    format: str  # text, markdown, html, docx or pdf
    text: str
    title: str | None = None  # the first non-empty line, or the HTML title


FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}


def read_document(path: Path) -> Document:
    """Read ``path`` by its extension; raise ``UnreadableDocument`` with a one-line reason."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise UnreadableDocument(f"{path}: unknown document type (expected one of {known})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"{path}: cannot read ({exc.strerror or exc})") from None
    return parse_document(path.name, fmt, data)


def parse_document(name: str, fmt: str, data: bytes) -> Document:
    """A document from its bytes (the app's uploads come this way)."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MiB")
    title: str | None = None
    if fmt in ("text", "markdown"):
        text = _decode(name, data)
    elif fmt == "html":
        text, title = _html_text(_decode(name, data))
    elif fmt == "docx":
        text = _docx_text(name, data)
    elif fmt == "pdf":
        text = _pdf_text(name, data)
    else:
        raise UnreadableDocument(f"{name}: unknown document type {fmt!r}")
    if not text.strip():
        raise UnreadableDocument(f"{name}: no text in the document (a scanned PDF needs OCR)")
    first = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Document(name, fmt, text, title or (first.lstrip("# ").strip() if first else None))


def _decode(name: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Chinese government files are often GBK
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise UnreadableDocument(f"{name}: not text in UTF-8 or GB18030")


class _HTMLText(HTMLParser):
    _BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "title",
            "section",
            "article",
            "header",
            "footer",
            "table",
            "ul",
            "ol",
        ]
    )
    _SKIP = frozenset(("script", "style", "noscript", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title.append(data)
            return
        self.parts.append(" ".join(data.split()) if data.strip() else "")


def _html_text(html: str) -> tuple[str, str | None]:
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    title = " ".join("".join(parser.title).split()) or None
    return text + "\n", title


def _docx_text(name: str, data: bytes) -> str:
    import docx  # python-docx; imported here: only .docx needs it

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument(f"{name}: not a readable .docx ({exc})") from None
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(paragraphs) + "\n"


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs what it repairs to stderr; a broken file gets its one-line reason instead
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableDocument(f"{name}: not a readable PDF ({exc})") from None
    return "\n".join(pages) + "\n"
