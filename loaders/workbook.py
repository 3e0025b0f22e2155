"""An ``.xlsx`` workbook, one sheet per table, read the way a spreadsheet user means it.

- A number in a date column is an Excel date serial (``43101`` is 2018-01-01), read in the
  workbook's own date system (1900, or 1904 when the workbook says so), with a warning.
- A merged cell down one column (``A2:A4``) holds its value in the first cell only; the
  others are filled with it, with a warning. A merged cell across columns, or one joining the
  header to data, is an error: which column the value belongs to is a guess.
- A formula without a saved value (a file written by a program, never opened in Excel) is an
  error: there is no value to read. A cell showing an Excel error (``#N/A``) is an error.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import iterparse

from loaders.limits import (
    MAX_FILE_BYTES,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_WORKBOOK_UNPACKED_BYTES,
    size_text,
)
from loaders.problems import Problem, Severity, UnreadableInput
from loaders.raw import CellProblem, RawDataset, cell_value, rows_from_grid
from loaders.tables import Kind, Table, header_map, table_for

# The largest Excel date serial (9999-12-31 in the 1900 system).
_MAX_SERIAL = 2_958_465

NO_SAVED_VALUE = "formula without a saved value (open and save the file in Excel)"


@dataclass
class SheetFacts:
    """What the values alone don't say: merged ranges, formulas with no saved value, errors."""

    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # as range_boundaries
    unsaved: set[tuple[int, int]] = field(default_factory=set)  # (row, col)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def inspect_sheet(archive: zipfile.ZipFile, member: str) -> SheetFacts:
    """One pass over a sheet's XML (any namespace: transitional or strict)."""
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    facts = SheetFacts()
    with archive.open(member) as source:
        for _, element in iterparse(source, events=("end",)):
            tag = _local(element.tag)
            if tag == "c":
                ref = element.get("r")
                if not ref:
                    continue
                children = {_local(child.tag): child for child in element}
                value = children.get("v")
                kind = element.get("t", "n")
                if kind == "e":
                    position = coordinate_to_tuple(ref)
                    facts.errors[position] = (value.text if value is not None else None) or "#?"
                elif (
                    "f" in children
                    and (value is None or not value.text)
                    and kind not in ("str", "inlineStr")  # those may be a saved empty text
                ):
                    facts.unsaved.add(coordinate_to_tuple(ref))
            elif tag == "row":
                element.clear()  # keep memory flat on big sheets
            elif tag == "mergeCell" and (ref := element.get("ref")):
                min_col, min_row, max_col, max_row = range_boundaries(ref)
                if None not in (min_col, min_row, max_col, max_row):
                    facts.merged.append((min_col, min_row, max_col, max_row))  # type: ignore[arg-type]
    return facts


def _range(min_col: int, min_row: int, max_col: int, max_row: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"


def read_xlsx(path: Path) -> RawDataset:
    out = RawDataset(files=[path])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        out.problems.append(
            Problem(
                path.name,
                0,
                "",
                f"the workbook is {size_text(size)}; the limit is {size_text(MAX_FILE_BYTES)}",
            )
        )
        return out
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_WORKBOOK_UNPACKED_BYTES:
                out.problems.append(
                    Problem(
                        path.name,
                        0,
                        "",
                        f"the workbook unpacks to {size_text(unpacked)}; the limit is "
                        f"{size_text(MAX_WORKBOOK_UNPACKED_BYTES)}",
                    )
                )
                return out
            _read_sheets(path, archive, out)
    except UnreadableInput:
        raise
    except Exception as exc:  # zipfile, XML and openpyxl raise many types for a damaged file
        reason = (str(exc).splitlines() or [""])[0] or type(exc).__name__
        raise UnreadableInput(f"{path.name}: not a readable .xlsx workbook ({reason})") from exc
    return out


def _read_sheets(path: Path, archive: zipfile.ZipFile, out: RawDataset) -> None:
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        system = "1904" if book.epoch == CALENDAR_MAC_1904 else "1900"
        for sheet in book.worksheets:
            table = table_for(sheet.title)
            label = f"{path.name}[{sheet.title}]"
            if table is None:
                out.problems.append(
                    Problem(label, 0, "", "unknown table; sheet ignored", Severity.WARNING)
                )
                continue
            # openpyxl keeps where the sheet's XML is; the merged ranges and formulas are read
            # from it directly (read-only mode does not give them).
            facts = inspect_sheet(archive, getattr(sheet, "_worksheet_path"))  # noqa: B009  # private, untyped
            if (sheet.max_column or 0) > MAX_SHEET_COLUMNS:
                out.problems.append(
                    Problem(
                        label,
                        1,
                        "",
                        f"only the first {MAX_SHEET_COLUMNS} columns are read",
                        Severity.WARNING,
                    )
                )
            # The rows the sheet holds, not those its <dimension> claims: some programs write a
            # stale one, and openpyxl would stop there. Bounded width: a sheet may claim 16,384
            # columns.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(max_col=MAX_SHEET_COLUMNS, values_only=True)
            grid = _grid(rows, facts, table, label, out)
            dates = _DateSerials(table, label, book.epoch, system, out)
            out.tables.append(
                rows_from_grid(
                    table,
                    label,
                    grid,
                    out,
                    extra_cells=Severity.WARNING,
                    extra_hint=" (ignored)",
                    convert=dates,
                )
            )
    finally:
        book.close()


class _DateSerials:
    """A number in a date column is an Excel date serial; say so once per column."""

    def __init__(self, table: Table, label: str, epoch: datetime, system: str, out: RawDataset):
        self.dates = {c.name for c in table.columns if c.kind is Kind.DATE}
        self.label, self.epoch, self.system, self.out = label, epoch, system, out
        self.noted: set[str] = set()

    def __call__(self, column: str, value: object, line: int) -> object:
        if column not in self.dates or isinstance(value, bool):
            return value
        if not isinstance(value, int | float) or not 1 <= value <= _MAX_SERIAL:
            return value
        from openpyxl.utils.datetime import from_excel

        day = from_excel(value, self.epoch).date().isoformat()
        if column not in self.noted:
            self.noted.add(column)
            self.out.problems.append(
                Problem(
                    self.label,
                    line,
                    column,
                    f"numbers read as Excel dates ({self.system} date system): "
                    f"{cell_value(value)} is {day}",
                    Severity.WARNING,
                )
            )
        return day


def _grid(
    rows: Iterator[tuple[object, ...]],
    facts: SheetFacts,
    table: Table,
    label: str,
    out: RawDataset,
) -> Iterator[tuple[int, list[object]]]:
    """(row number, cells) with merged ranges filled down and unusable cells marked."""
    marks: dict[int, list[tuple[int, str]]] = {}
    for (row, col), text in facts.errors.items():
        message = f"the cell shows the Excel error {text}; correct the formula or type the value"
        marks.setdefault(row, []).append((col, message))
    for row, col in facts.unsaved:
        marks.setdefault(row, []).append((col, NO_SAVED_VALUE))
    # Merged ranges down one column, below the header: filled from their first cell.
    starts: dict[int, list[tuple[int, int]]] = {}
    for min_col, min_row, max_col, max_row in facts.merged:
        if min_col == max_col and 1 < min_row < max_row:
            starts.setdefault(min_row, []).append((min_col, max_row))
    filling: dict[int, tuple[int, object]] = {}  # col -> (last row, value)
    for number, values in enumerate(rows, start=1):
        if number > MAX_SHEET_ROWS:
            out.problems.append(
                Problem(label, number, "", f"rows beyond {MAX_SHEET_ROWS:,} (Excel's limit)")
            )
            return
        cells: list[object] = list(values)
        if number == 1:
            header = [t if isinstance(t := cell_value(c), str) else "" for c in cells]
            mapped = {i + 1: header[i] for i in header_map(table, header)[0]}
            _merged_ranges(facts, mapped, label, out)
        for col, message in marks.get(number, ()):
            if col <= len(cells):
                cells[col - 1] = CellProblem(message)
        for col, (last, value) in list(filling.items()):
            if number > last:
                del filling[col]
            elif col <= len(cells):
                cells[col - 1] = value
        for col, last in starts.get(number, ()):
            if col <= len(cells):
                filling[col] = (last, cells[col - 1])
        yield number, cells


def _merged_ranges(facts: SheetFacts, mapped: dict[int, str], label: str, out: RawDataset) -> None:
    """Report every merged range over the table's columns: filled (down one column) or not."""
    for min_col, min_row, max_col, max_row in facts.merged:
        columns = [mapped[c] for c in range(min_col, max_col + 1) if c in mapped]
        if not columns:
            continue  # notes beside the table
        where = _range(min_col, min_row, max_col, max_row)
        if min_col != max_col:
            out.problems.append(
                Problem(
                    label,
                    min_row,
                    columns[0],
                    f"merged cell {where} spans several columns: only the first cell holds "
                    "the value and the others would be blank; unmerge it and fill each cell",
                )
            )
        elif min_row == 1:
            out.problems.append(
                Problem(
                    label,
                    1,
                    columns[0],
                    f"merged cell {where} joins the header with data rows; unmerge it",
                )
            )
        else:
            out.problems.append(
                Problem(
                    label,
                    min_row,
                    columns[0],
                    f"merged cell {where}: only the first cell holds the value; the others "
                    "were filled with it",
                    Severity.WARNING,
                )
            )
