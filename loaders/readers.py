"""Readers, one per container: a folder of CSV files, an ``.xlsx`` workbook, a JSON or YAML
document. Each turns its input into raw rows of the known tables, with the file and line a
user would look at; they check nothing but the container's own shape.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from loaders.problems import Problem, Severity, UnreadableInput
from loaders.tables import Table, header_map, table_for


@dataclass
class RawRow:
    file: str
    line: int
    values: dict[str, str]  # column name -> stripped text ('' for blank)


@dataclass
class RawTable:
    table: Table
    file: str
    rows: list[RawRow] = field(default_factory=list)


@dataclass
class RawDataset:
    tables: list[RawTable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # what was read, for the load history


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return str(value.isoformat())[:10]  # an Excel date cell
    return str(value).strip()


def _rows_from_grid(
    table: Table, label: str, grid: Iterable[tuple[int, Sequence[object]]], out: RawDataset
) -> RawTable:
    """Rows from a header row plus data rows (CSV and sheets alike)."""
    raw = RawTable(table, label)
    iterator = iter(grid)
    try:
        header_line, headers = next(iterator)
    except StopIteration:
        return raw  # an empty file is an empty table
    mapping, unknown = header_map(table, [_cell(h) for h in headers])
    seen: dict[str, int] = {}
    for position, name in mapping.items():
        if name in seen:
            out.problems.append(
                Problem(
                    label,
                    header_line,
                    name,
                    f"column given twice (columns {seen[name] + 1} and {position + 1})",
                )
            )
        seen[name] = position
    if unknown:
        out.problems.append(
            Problem(
                label,
                header_line,
                "",
                f"extra column(s) ignored: {', '.join(unknown)}",
                Severity.WARNING,
            )
        )
    for line, cells in iterator:
        texts = [_cell(c) for c in cells]
        if not any(texts):
            continue  # blank lines are common at the end of exported sheets
        values = {name: (texts[i] if i < len(texts) else "") for i, name in mapping.items()}
        raw.rows.append(RawRow(label, line, values))
    return raw


def read_csv_folder(folder: Path) -> RawDataset:
    out = RawDataset()
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
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            out.problems.append(
                Problem(path.name, 0, "", f"not UTF-8 text (byte {exc.start}); save it as UTF-8")
            )
            continue
        out.files.append(path)
        # Spreadsheet line numbers: count records, since a quoted cell may span lines.
        records = csv.reader(text.splitlines(keepends=True))
        grid = ((n, list(r)) for n, r in enumerate(records, start=1))
        out.tables.append(_rows_from_grid(table, path.name, grid, out))
    return out


def read_xlsx(path: Path) -> RawDataset:
    from openpyxl import load_workbook  # heavy: only when a workbook is read

    out = RawDataset(files=[path])
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise UnreadableInput(f"{path.name}: not a readable .xlsx workbook ({exc})") from exc
    try:
        for sheet in book.worksheets:
            table = table_for(sheet.title)
            label = f"{path.name}[{sheet.title}]"
            if table is None:
                out.problems.append(
                    Problem(label, 0, "", "unknown table; sheet ignored", Severity.WARNING)
                )
                continue
            grid = ((n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1))
            out.tables.append(_rows_from_grid(table, label, grid, out))
    finally:
        book.close()
    return out


def _line_numbers(text: str) -> dict[tuple[str, int], int]:
    """Line of each ``(table key, item index)`` in a JSON/YAML document, where YAML can tell.

    JSON is (nearly) YAML, so the YAML composer gives positions for both.
    """
    import yaml

    lines: dict[tuple[str, int], int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        if isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                lines[(str(key_node.value), i)] = item.start_mark.line + 1
    return lines


def read_document(path: Path) -> RawDataset:
    import yaml

    out = RawDataset(files=[path])
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        mark = (
            getattr(exc, "lineno", None)
            or getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        )
        out.problems.append(
            Problem(
                path.name, mark or 0, "", f"not valid {path.suffix[1:]}: {str(exc).splitlines()[0]}"
            )
        )
        return out
    if data is None:
        return out
    if not isinstance(data, dict):
        out.problems.append(
            Problem(path.name, 1, "", 'expected an object of tables ({"persons": [...], ...})')
        )
        return out
    lines = _line_numbers(text)
    for key, items in data.items():
        table = table_for(str(key))
        if table is None:
            out.problems.append(
                Problem(path.name, 0, str(key), "unknown table; ignored", Severity.WARNING)
            )
            continue
        raw = RawTable(table, path.name)
        if not isinstance(items, list):
            out.problems.append(Problem(path.name, 0, str(key), "expected a list of rows"))
            continue
        for i, item in enumerate(items):
            line = lines.get((str(key), i), i + 1)
            if not isinstance(item, dict):
                out.problems.append(Problem(path.name, line, str(key), "expected an object"))
                continue
            mapping, unknown = header_map(table, [str(k) for k in item])
            values = {name: _cell(list(item.values())[pos]) for pos, name in mapping.items()}
            if unknown and i == 0:
                out.problems.append(
                    Problem(
                        path.name,
                        line,
                        str(key),
                        "extra field(s) ignored: " + ", ".join(unknown),
                        Severity.WARNING,
                    )
                )
            raw.rows.append(RawRow(path.name, line, values))
        out.tables.append(raw)
    return out


def read_path(path: Path) -> RawDataset:
    """Read a dataset from a folder of CSV files, an ``.xlsx`` workbook or a JSON/YAML file."""
    if not path.exists():
        raise UnreadableInput(f"{path}: no such file or folder")
    if path.is_dir():
        return read_csv_folder(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix in {".json", ".yaml", ".yml"}:
        return read_document(path)
    if suffix == ".csv":
        raise UnreadableInput(f"{path}: give the folder that holds the CSV tables, not one file")
    raise UnreadableInput(f"{path}: unknown format (expected a folder, .xlsx, .json or .yaml)")
