"""Reading documents: each format's text, and a one-line reason for what cannot be read."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from extraction import UnreadableDocument, extract_document, read_document
from extraction.proposals import ProposalKind


def test_plain_text_in_gb18030_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes("通知\r\n任命刘某明为滨江市应急管理局局长。\r\n".encode("gb18030"))
    document = read_document(path)
    assert document.text == "通知\n任命刘某明为滨江市应急管理局局长。\n"
    assert document.title == "通知"


def test_html_text_without_markup_scripts_or_entities(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>会议</title><script>var x='市长王某强';</script></head>"
        "<body><p>市长<b>王某平</b>主持会议&amp;讲话。</p><p>副市长张某燕出席。</p></body></html>",
        encoding="utf-8",
    )
    document = read_document(path)
    assert document.text == "市长王某平主持会议&讲话。\n副市长张某燕出席。\n"
    assert document.title == "会议"
    ex = extract_document(document)
    assert [p.data["name"] for p in ex.proposals if p.kind is ProposalKind.PERSON_POST] == [
        "王某平",
        "张某燕",
    ]


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("滨江市人民政府关于职务任免的通知")
    d.add_paragraph("任命刘某明为滨江市应急管理局局长；")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "姓名"
    table.rows[0].cells[1].text = "职务"
    path = tmp_path / "notice.docx"
    d.save(str(path))
    document = read_document(path)
    assert "任命刘某明为滨江市应急管理局局长；" in document.text
    assert "姓名\t职务" in document.text
    ex = extract_document(document)
    (p,) = [p for p in ex.proposals if p.kind is ProposalKind.APPOINTMENT]
    assert document.text[p.start : p.end] == p.quote


def test_pdf_with_a_text_layer(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(
        0, 10, "Sun Mou was appointed Director of the Binjiang Transport Bureau on 2 May 2023."
    )
    path = tmp_path / "news.pdf"
    pdf.output(str(path))
    document = read_document(path)
    ex = extract_document(document)
    (p,) = ex.proposals
    assert (p.data["name"], p.data["date"]) == ("Sun Mou", "2023-05-02")
    assert document.text[p.start : p.end] == p.quote


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.exe", b"MZ", "unknown document type"),
        ("a.txt", b"\xff\xfe\x00\x00\x00binary", "not text"),
        ("a.txt", b"   \n", "no text"),
        ("a.docx", b"PK\x03\x04 not a zip", "not a readable .docx"),
        ("a.pdf", b"%PDF-1.4 garbage", "PDF"),
    ],
)
def test_unreadable_files_get_a_one_line_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument) as info:
        read_document(path)
    message = str(info.value)
    assert reason in message
    assert "\n" not in message


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="cannot read"):
        read_document(tmp_path / "missing.txt")


def test_docx_needs_no_network() -> None:
    # python-docx builds a document from its own template: nothing is fetched at run time
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert buffer.getvalue()[:2] == b"PK"
