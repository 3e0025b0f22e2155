"""Readers, one per container: a folder of CSV files (``csv_folder``), an ``.xlsx`` workbook
(``workbook``), a JSON or YAML document (``documents``). Each turns its input into raw rows of
the known tables, with the file and line a user would look at; they check nothing but the
container's own shape and the limits in ``limits``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from loaders.csv_folder import FileCheck, iter_csv_folder
from loaders.documents import read_document
from loaders.problems import UnreadableInput
from loaders.raw import RawDataset, RawRow, RawTable
from loaders.tables import Table, reading_order
from loaders.text_encoding import encoding_name
from loaders.workbook import read_xlsx

__all__ = ["RawDataset", "RawRow", "RawTable", "read_path", "stream_path"]


def read_path(path: Path, encoding: str | None = None) -> RawDataset:
    """Read a dataset from a folder of CSV files, an ``.xlsx`` workbook or a JSON/YAML file,
    its rows kept in lists (small loads; a validation streams with ``stream_path``).

    ``encoding``: of the text files (CSV, JSON, YAML); None detects it (see ``text_encoding``).
    """
    out = RawDataset()
    for table, label, rows in stream_path(path, encoding, out):
        raw = RawTable(table, label)
        raw.rows.extend(rows)
        out.tables.append(raw)
    return out


def stream_path(
    path: Path, encoding: str | None, out: RawDataset, check: FileCheck | None = None
) -> Iterator[tuple[Table, str, Iterable[RawRow]]]:
    """(table, file, rows) of a dataset in ``tables.reading_order``; the rows of a CSV folder
    are read as they are consumed, one file held at a time (a workbook or a document is read
    whole: their size limits are small). Problems go to ``out.problems``, the files read to
    ``out.files`` and their sha256 to ``out.hashes``; ``check(file, sha256)`` is called for
    each file before its rows are read (it may raise to refuse a file that changed)."""
    if encoding is not None:
        try:
            encoding_name(encoding)
        except LookupError:
            raise UnreadableInput(f"unknown encoding {encoding!r} (e.g. utf-8, gb18030)") from None
    try:
        if not path.exists():
            raise UnreadableInput(f"{path}: no such file or folder")
        if path.is_dir():
            tables = iter_csv_folder(path, encoding, out, check)
            while True:  # an OSError while streaming (a file vanished) is one line too
                try:
                    item = next(tables)
                except StopIteration:
                    return
                table, label, rows = item
                yield table, label, _unreadable_as_input(path, rows)
        suffix = path.suffix.lower()
        if suffix in {".xlsx", ".json", ".yaml", ".yml"}:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if check is not None:
                check(path.name, digest)
            raw = read_xlsx(path) if suffix == ".xlsx" else read_document(path, encoding)
            out.problems.extend(raw.problems)
            out.files.extend(raw.files)
            out.hashes[path.name] = digest  # what a re-read compares
            for t in sorted(raw.tables, key=lambda t: reading_order(t.table)):
                yield t.table, t.file, t.rows
            return
    except OSError as exc:  # unreadable folder or file, a file that vanished meanwhile
        raise UnreadableInput(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if suffix == ".csv":
        raise UnreadableInput(f"{path}: give the folder that holds the CSV tables, not one file")
    raise UnreadableInput(f"{path}: unknown format (expected a folder, .xlsx, .json or .yaml)")


def _unreadable_as_input(path: Path, rows: Iterator[RawRow]) -> Iterator[RawRow]:
    try:
        yield from rows
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot be read ({exc.strerror or exc})") from exc
