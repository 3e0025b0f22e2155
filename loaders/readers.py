"""Readers, one per container: a folder of CSV files (``csv_folder``), an ``.xlsx`` workbook
(``workbook``), a JSON or YAML document (``documents``). Each turns its input into raw rows of
the known tables, with the file and line a user would look at; they check nothing but the
container's own shape and the limits in ``limits``.
"""

from __future__ import annotations

from pathlib import Path

from loaders.csv_folder import read_csv_folder
from loaders.documents import read_document
from loaders.problems import UnreadableInput
from loaders.raw import RawDataset, RawRow, RawTable
from loaders.text_encoding import encoding_name
from loaders.workbook import read_xlsx

__all__ = ["RawDataset", "RawRow", "RawTable", "read_path"]


def read_path(path: Path, encoding: str | None = None) -> RawDataset:
    """Read a dataset from a folder of CSV files, an ``.xlsx`` workbook or a JSON/YAML file.

    ``encoding``: of the text files (CSV, JSON, YAML); None detects it (see ``text_encoding``).
    """
    if encoding is not None:
        try:
            encoding_name(encoding)
        except LookupError:
            raise UnreadableInput(f"unknown encoding {encoding!r} (e.g. utf-8, gb18030)") from None
    try:
        if not path.exists():
            raise UnreadableInput(f"{path}: no such file or folder")
        if path.is_dir():
            return read_csv_folder(path, encoding)
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            return read_xlsx(path)
        if suffix in {".json", ".yaml", ".yml"}:
            return read_document(path, encoding)
    except OSError as exc:  # unreadable folder or file, a file that vanished meanwhile
        raise UnreadableInput(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if suffix == ".csv":
        raise UnreadableInput(f"{path}: give the folder that holds the CSV tables, not one file")
    raise UnreadableInput(f"{path}: unknown format (expected a folder, .xlsx, .json or .yaml)")
