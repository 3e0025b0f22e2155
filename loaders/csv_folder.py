"""A folder of CSV files, one per table, read strictly: a quote that never closes, text after
a closing quote, a cell beyond the limits or a NUL byte is an error at the line where it
starts, never rows silently swallowed into one cell."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from loaders.limits import MAX_CELL_CHARS, MAX_CSV_FILE_BYTES, size_text
from loaders.problems import Problem, Severity
from loaders.raw import RawDataset, RawRow, RawTable, iter_grid_rows
from loaders.tables import Table, reading_order, table_for
from loaders.text_encoding import UndecodableText, decode

# A folder's CSV files are streamed (see ``iter_csv_folder``): the bound is larger than for
# documents and workbooks, which are parsed whole.
MAX_FILE_BYTES = MAX_CSV_FILE_BYTES


def read_csv_folder(folder: Path, encoding: str | None = None) -> RawDataset:
    """The whole folder, its rows kept in lists (small loads, the readers' tests)."""
    out = RawDataset()
    for table, label, rows in iter_csv_folder(folder, encoding, out):
        raw = RawTable(table, label)
        raw.rows.extend(rows)
        out.tables.append(raw)
    return out


# Called with each file's name and the sha256 of the bytes read, before its rows are read.
FileCheck = Callable[[str, str], None]


def iter_csv_folder(
    folder: Path, encoding: str | None, out: RawDataset, check: FileCheck | None = None
) -> Iterator[tuple[Table, str, Iterator[RawRow]]]:
    """(table, file name, rows) for each CSV file, node tables first (in the order of
    ``TABLES``), then the relationship tables: references mostly point backwards, so a
    streaming validation keeps few of them pending. Problems go to ``out.problems``, the
    files read to ``out.files``, their sha256 to ``out.hashes``. One file's text is held at a
    time; rows are made as they are consumed."""
    found: list[tuple[Table, Path]] = []
    for path in sorted(folder.iterdir()):
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix.lower() != ".csv":
            if path.suffix.lower() not in {".md", ".txt"}:
                out.problems.append(
                    Problem(path.name, 0, "", "not a CSV file; ignored", Severity.WARNING)
                )
            continue
        table = table_for(path.name)
        if table is None:
            out.problems.append(
                Problem(path.name, 0, "", "unknown table; file ignored", Severity.WARNING)
            )
            continue
        found.append((table, path))
    found.sort(key=lambda tp: reading_order(tp[0]))  # stable: files of a table by name
    for table, path in found:
        text = _text_of(path, encoding, out, check)
        if text is None:
            continue
        out.files.append(path)
        delimiter = _delimiter(text)
        if delimiter == "\t":
            out.problems.append(
                Problem(
                    path.name,
                    1,
                    "",
                    "read as tab-separated (no comma in the header)",
                    Severity.WARNING,
                )
            )
        records = _records(text, path.name, delimiter, out.problems)
        del text  # the records hold it while they are read, no longer
        yield (
            table,
            path.name,
            iter_grid_rows(
                table,
                path.name,
                records,
                out.problems,
                extra_hint=" (a cell holding a comma needs quotes around it)",
            ),
        )


def _text_of(
    path: Path, encoding: str | None, out: RawDataset, check: FileCheck | None
) -> str | None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        out.problems.append(
            Problem(
                path.name,
                0,
                "",
                f"the file is {size_text(size)}; the limit is {size_text(MAX_FILE_BYTES)} "
                "per file (split the table over several loads)",
            )
        )
        return None
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    out.hashes[path.name] = digest
    if check is not None:
        check(path.name, digest)
    try:
        decoded = decode(data, encoding)
    except UndecodableText as exc:
        out.problems.append(Problem(path.name, exc.line, "", str(exc)))
        return None
    if decoded.guessed:
        out.problems.append(
            Problem(path.name, 0, "", f"read as {decoded.encoding} (not UTF-8)", Severity.WARNING)
        )
    return decoded.text


def _delimiter(text: str) -> str:
    """Comma; tab when the header has tabs and no comma (Excel's "Unicode text")."""
    header = text.split("\n", 1)[0]
    return "\t" if "\t" in header and "," not in header else ","


class _Lines:
    """The lines of a text as ``csv`` wants them, counting the characters handed out.

    Only \n, \r and \r\n end lines (``str.splitlines`` would also split on \x0c, \x1c,
    \u2028... inside cells)."""

    def __init__(self, text: str):
        self._lines = io.StringIO(text, newline="")
        self.consumed = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.consumed += len(line)
        return line


def _records(
    text: str, label: str, delimiter: str, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """(record number, cells): the record number is the spreadsheet row (a quoted cell may
    span lines). Stops at the first malformed record, after reporting it."""
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    record = 0
    header: list[str] = []
    while True:
        start = lines.consumed
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(_malformed(text, label, delimiter, record + 1, start, header, exc))
            return
        record += 1
        if record == 1:
            header = [c.strip().lstrip("\ufeff") for c in cells]
        yield record, cells


def _malformed(
    text: str,
    label: str,
    delimiter: str,
    record: int,
    start: int,
    header: list[str],
    exc: csv.Error,
) -> Problem:
    """Why the record starting at offset ``start`` cannot be read, reported at its start."""
    reason = str(exc)

    def where(offset: int) -> str:
        line = _line_at(text, offset)
        return "" if line == record else f" (text line {line})"

    trouble = _quote_trouble(text, start, delimiter)
    if trouble is not None:
        position, cell, closes_then_text = trouble
        column = header[cell] if cell < len(header) and header[cell] else f"cell {cell + 1}"
        if closes_then_text:
            return Problem(
                label,
                record,
                column,
                f"text follows the closing quote of the quoted cell opened here"
                f"{where(position)}; put the whole cell in quotes and double the quotes "
                'inside it ("")',
            )
        rest = _line_at(text, len(text.rstrip("\r\n"))) - _line_at(text, position) + 1
        return Problem(
            label,
            record,
            column,
            f"quote opened here{where(position)} is never closed: the rest of the file "
            f"({rest} line(s)) would be one cell; close it or remove it",
        )
    if "field larger than field limit" in reason:
        return Problem(
            label,
            record,
            "",
            f"a cell{where(start)} is longer than {csv.field_size_limit():,} characters; "
            f"the limit is {MAX_CELL_CHARS:,} (Excel's own)",
        )
    return Problem(label, record, "", f"not readable as CSV{where(start)}: {reason}")


def _line_at(text: str, offset: int) -> int:
    """The text line (1-based) of an offset; \r\n, \n and a lone \r end lines."""
    head = text[:offset]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


def _quote_trouble(text: str, start: int, delimiter: str) -> tuple[int, int, bool] | None:
    """In the record starting at ``start``: (offset, cell index, closes_then_text) of a quoted
    cell that never closes, or whose closing quote is followed by text; None if neither."""
    i, cell, n = start, 0, len(text)
    at_cell_start = True
    while i < n:
        ch = text[i]
        if at_cell_start and ch == '"':
            opened = i
            i += 1
            while True:  # inside quotes: jump from quote to quote
                q = text.find('"', i)
                if q < 0:
                    return opened, cell, False
                if text.startswith('""', q):
                    i = q + 2
                    continue
                i = q + 1
                break
            if i < n and text[i] not in (delimiter, "\r", "\n"):
                return opened, cell, True
            at_cell_start = False
            continue
        if ch == delimiter:
            cell += 1
            at_cell_start = True
        elif ch in "\r\n":
            return None  # the record ended cleanly
        else:
            at_cell_start = False
        i += 1
    return None
