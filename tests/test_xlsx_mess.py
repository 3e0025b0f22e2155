"""Workbooks as real users have them: date serials, merged cells, formulas without a saved
value, Excel error cells, notes beside the table, damaged files. Built with openpyxl here."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

import loaders.workbook
from graph_model.store import MemoryStore
from loaders import UnreadableInput, load_path, validate_path

HEADER = ["id", "title", "date", "kind"]


def _book(path: Path, *rows: list[object], merged: tuple[str, ...] = (), epoch=None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "sources"
    if epoch is not None:
        book.epoch = epoch
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def _problems(path: Path) -> list[str]:
    report, _ = validate_path(path)
    return [str(p) for p in report.problems]


def _sources(path: Path) -> dict[str, dict[str, object]]:
    store = MemoryStore()
    load_path(path, store)
    return {n: a["props"] for n, a in store.graph.nodes(data=True)}


def test_a_date_serial_in_a_date_column_is_read_as_the_date(tmp_path: Path) -> None:
    book = _book(tmp_path / "b.xlsx", ["S-1", "Notice", 43101], ["S-2", "List", 43466.75])
    assert _problems(book) == [
        "b.xlsx[sources]:2: date: warning: numbers read as Excel dates (1900 date system): "
        "43101 is 2018-01-01"
    ]
    sources = _sources(book)
    assert (sources["S-1"]["date"], sources["S-2"]["date"]) == ("2018-01-01", "2019-01-01")


def test_the_1904_date_system_is_followed_and_named(tmp_path: Path) -> None:
    book = _book(tmp_path / "b.xlsx", ["S-1", "Notice", 43101], epoch=CALENDAR_MAC_1904)
    assert _problems(book) == [
        "b.xlsx[sources]:2: date: warning: numbers read as Excel dates (1904 date system): "
        "43101 is 2022-01-02"
    ]


def test_numbers_outside_date_columns_and_out_of_range_stay_numbers(tmp_path: Path) -> None:
    book = _book(tmp_path / "b.xlsx", [43101, "Notice", -5])
    assert _problems(book) == ["b.xlsx[sources]:2: date: '-5' is not a date (YYYY-MM-DD)"]


def test_a_merged_cell_down_a_column_is_filled_with_a_warning(tmp_path: Path) -> None:
    book = _book(
        tmp_path / "b.xlsx",
        ["S-1", "Notice", "2018-01-01"],
        ["S-2", None, "2018-01-02"],
        ["S-3", None, "2018-01-03"],
        ["S-4", "Other", "2018-01-04"],
        merged=("B2:B4",),
    )
    assert _problems(book) == [
        "b.xlsx[sources]:2: title: warning: merged cell B2:B4: only the first cell holds the "
        "value; the others were filled with it"
    ]
    titles = {k: v["title"] for k, v in _sources(book).items()}
    assert titles == {"S-1": "Notice", "S-2": "Notice", "S-3": "Notice", "S-4": "Other"}


def test_merged_cells_across_columns_or_into_the_header_are_errors(tmp_path: Path) -> None:
    book = _book(
        tmp_path / "b.xlsx",
        ["S-1", "Notice 2018-01-01", None],
        merged=("B2:C2",),
    )
    assert _problems(book) == [
        "b.xlsx[sources]:2: title: merged cell B2:C2 spans several columns: only the first cell "
        "holds the value and the others would be blank; unmerge it and fill each cell"
    ]
    book = _book(tmp_path / "c.xlsx", ["S-1", None], merged=("B1:B2",))
    assert _problems(book) == [
        "c.xlsx[sources]:1: title: merged cell B1:B2 joins the header with data rows; unmerge it",
        "c.xlsx[sources]:2: title: is required",
    ]


def test_merged_notes_beside_the_table_are_ignored(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "sources"
    sheet.append([*HEADER, None, "notes"])
    sheet.append(["S-1", "Notice", None, None, None, "see"])
    sheet.append(["S-2", "Other", None, None, None, None])
    sheet.merge_cells("F2:F3")
    book.save(tmp_path / "b.xlsx")
    assert _problems(tmp_path / "b.xlsx") == [
        "b.xlsx[sources]:1: warning: extra column(s) ignored: notes"
    ]


def test_a_formula_without_a_saved_value_is_an_error(tmp_path: Path) -> None:
    book = _book(tmp_path / "b.xlsx", ["S-1", '=CONCAT("Notice ", A2)'], ["S-2", "=1/0"])
    assert _problems(book) == [
        "b.xlsx[sources]:2: title: formula without a saved value (open and save the file in Excel)",
        "b.xlsx[sources]:3: title: formula without a saved value (open and save the file in Excel)",
    ]


def test_a_cell_showing_an_excel_error_is_an_error(tmp_path: Path) -> None:
    book = _book(tmp_path / "b.xlsx", ["S-1", "#N/A"])
    assert _problems(book) == [
        "b.xlsx[sources]:2: title: the cell shows the Excel error #N/A; correct the formula or "
        "type the value"
    ]


def test_notes_beyond_the_header_are_a_warning_in_a_sheet(tmp_path: Path) -> None:
    book = _book(tmp_path / "b.xlsx", ["S-1", "Notice", None, None, "call Li back"])
    assert _problems(book) == [
        "b.xlsx[sources]:2: warning: 1 cell(s) beyond the last header column: 'call Li back' "
        "(ignored)"
    ]


def _rewrite_sheet(book: Path, target: Path, change) -> Path:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            dst.writestr(info, data)
    return target


def test_columns_beyond_the_hundredth_are_not_read(tmp_path: Path) -> None:
    book = _book(tmp_path / "b.xlsx", ["S-1", "Notice"])
    wide = _rewrite_sheet(
        book,
        tmp_path / "wide.xlsx",
        lambda xml: xml.replace(b'<dimension ref="A1:D2"', b'<dimension ref="A1:XFD2"').replace(
            b"</row></sheetData>",
            b'<c r="EZ2" t="inlineStr"><is><t>far note</t></is></c></row></sheetData>',
        ),
    )
    assert _problems(wide) == ["wide.xlsx[sources]:1: warning: only the first 100 columns are read"]


def test_rows_beyond_a_stale_dimension_are_read(tmp_path: Path) -> None:
    book = _book(tmp_path / "b.xlsx", ["S-1", "Notice"], ["S-2", "Other"], ["S-3", "Third"])
    stale = _rewrite_sheet(
        book,
        tmp_path / "stale.xlsx",
        lambda xml: xml.replace(b'<dimension ref="A1:D4"', b'<dimension ref="A1:B2"'),
    )
    assert sorted(_sources(stale)) == ["S-1", "S-2", "S-3"]


def test_a_row_beyond_excels_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loaders.workbook, "MAX_SHEET_ROWS", 50)
    book = _book(tmp_path / "b.xlsx", ["S-1", "Notice"])
    far = _rewrite_sheet(
        book,
        tmp_path / "far.xlsx",
        lambda xml: xml.replace(
            b"</sheetData>",
            b'<row r="99"><c r="A99" t="inlineStr"><is><t>S-9</t></is></c></row></sheetData>',
        ),
    )
    assert _problems(far) == ["far.xlsx[sources]:51: rows beyond 50 (Excel's limit)"]


def test_a_workbook_that_unpacks_too_big_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loaders.workbook, "MAX_WORKBOOK_UNPACKED_BYTES", 1000)
    book = _book(tmp_path / "b.xlsx", ["S-1", "Notice"])
    problems = _problems(book)
    assert len(problems) == 1
    assert problems[0].startswith("b.xlsx: the workbook unpacks to ")
    assert problems[0].endswith("; the limit is 1,000 bytes")


def test_a_damaged_workbook_is_one_line(tmp_path: Path) -> None:
    book = _book(tmp_path / "b.xlsx", ["S-1", "Notice"])
    data = book.read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableInput) as caught:
        validate_path(tmp_path / "cut.xlsx")
    assert str(caught.value).startswith("cut.xlsx: not a readable .xlsx workbook (")
    assert "\n" not in str(caught.value)
    broken = _rewrite_sheet(book, tmp_path / "broken.xlsx", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(UnreadableInput):
        validate_path(broken)
