"""What every reader produces: raw rows of the known tables, with the file and line a user
would look at, and the cell rules every container shares (one value per cell, its length,
the header, cells beyond the header, the number of rows)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from loaders.limits import MAX_CELL_CHARS, MAX_ROWS
from loaders.problems import Problem, Severity
from loaders.tables import Table, header_map


@dataclass
class RawRow:
    file: str
    line: int
    values: dict[str, str]  # column name -> stripped text ('' for blank)
    # Columns whose cell could not be read (a problem was reported for it): blank, but not
    # "is required" on top.
    unreadable: frozenset[str] = frozenset()


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
    hashes: dict[str, str] = field(default_factory=dict)  # file name -> sha256 of what was read


@dataclass(frozen=True)
class CellProblem:
    """A cell whose value cannot be used, with why (in the container's own words)."""

    message: str


# Types a reader may hand over as one value; anything else (a list, an object...) is refused.
_SCALARS = (str, int, float)


def cell_value(value: object) -> str | CellProblem:
    """The text of one cell, or why it has none usable.

    >>> cell_value(3.0), cell_value(" P-1 "), cell_value(None)
    ('3', 'P-1', '')
    >>> cell_value(["a", "b"])
    CellProblem(message='expected one value, found a list')
    """
    if value is None:
        return ""
    if isinstance(value, CellProblem):
        return value
    if isinstance(value, bool):
        return CellProblem("expected text or a number, found true/false")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _SCALARS):
        return str(value).strip()
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]  # a date cell (Excel, or a YAML !!timestamp)
    kinds: dict[type, str] = {list: "a list", tuple: "a list", dict: "an object"}
    kind = kinds.get(type(value))
    return CellProblem(f"expected one value, found {kind or type(value).__name__}")


def _blank(cells: Sequence[object]) -> bool:
    if cells and type(first := cells[0]) is str and first and not first[0].isspace():
        return False  # the common case: a row that starts with a value
    if cells.count(None) == len(cells):  # the empty rows of a sheet, counted in C
        return True
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _shown(cells: list[str]) -> str:
    texts = [repr(c if len(c) <= 40 else c[:40] + "…") for c in cells[:3]]
    return ", ".join(texts) + (f" and {len(cells) - 3} more" if len(cells) > 3 else "")


def rows_from_grid(
    table: Table,
    label: str,
    grid: Iterable[tuple[int, Sequence[object]]],
    out: RawDataset,
    *,
    extra_cells: Severity = Severity.ERROR,
    extra_hint: str = "",
    convert: Callable[[str, object, int], object] | None = None,
) -> RawTable:
    """Rows from a header row plus data rows (CSV and sheets alike), kept in a list.

    ``extra_cells``: what non-blank cells beyond the last header column are (an error in CSV,
    where they mean a comma without quotes; a warning in a sheet, where they are notes).
    ``convert(column, value, line)``: the container's own reading of a typed cell.
    """
    raw = RawTable(table, label)
    raw.rows.extend(
        iter_grid_rows(
            table,
            label,
            grid,
            out.problems,
            extra_cells=extra_cells,
            extra_hint=extra_hint,
            convert=convert,
        )
    )
    return raw


def iter_grid_rows(
    table: Table,
    label: str,
    grid: Iterable[tuple[int, Sequence[object]]],
    problems: list[Problem],
    *,
    extra_cells: Severity = Severity.ERROR,
    extra_hint: str = "",
    convert: Callable[[str, object, int], object] | None = None,
) -> Iterator[RawRow]:
    """``rows_from_grid`` one row at a time: nothing is kept but the header (a validation
    pass at province size holds no rows)."""
    iterator = iter(grid)
    try:
        header_line, headers = next(iterator)
    except StopIteration:
        return  # an empty file is an empty table
    header_cells = [cell_value(h) for h in headers]
    texts = [c if isinstance(c, str) else "" for c in header_cells]
    while texts and not texts[-1]:
        texts.pop()
    width = len(texts)
    mapping, unknown = header_map(table, texts)
    seen: dict[str, int] = {}
    for position, name in mapping.items():
        if name in seen:
            problems.append(
                Problem(
                    label,
                    header_line,
                    name,
                    f"column given twice (columns {seen[name] + 1} and {position + 1})",
                )
            )
        seen[name] = position
    if unknown:
        problems.append(
            Problem(
                label,
                header_line,
                "",
                f"extra column(s) ignored: {', '.join(unknown)}",
                Severity.WARNING,
            )
        )
    columns = list(mapping.items())
    last = max(mapping, default=-1)  # the last position read
    count = 0
    for line, cells in iterator:
        if _blank(cells):
            continue  # blank lines are common at the end of exported sheets
        if count == MAX_ROWS:
            problems.append(
                Problem(
                    label,
                    line,
                    "",
                    f"more than {MAX_ROWS:,} rows, the limit per table; "
                    "split the table over several loads",
                )
            )
            break
        count += 1
        if len(cells) > width:
            extra = [t for c in cells[width:] if isinstance(t := cell_value(c), str) and t]
            if extra:
                problems.append(
                    Problem(
                        label,
                        line,
                        "",
                        f"{len(extra)} cell(s) beyond the last header column: {_shown(extra)}"
                        + extra_hint,
                        extra_cells,
                    )
                )
        n = len(cells)
        if (
            convert is None
            and n > last
            and type(cells) is list  # a CSV record: every cell is a str
            and max(map(len, cells)) <= MAX_CELL_CHARS
        ):
            yield RawRow(label, line, {name: cells[p].strip() for p, name in columns}, _NONE)
            continue
        values: dict[str, str] = {}
        unreadable: set[str] = set()
        for position, name in columns:
            value = cells[position] if position < n else None
            if convert is not None and value is not None:
                value = convert(name, value, line)
            if type(value) is str and len(value) <= MAX_CELL_CHARS:  # the common case
                values[name] = value.strip()
                continue
            text = checked_cell(value, label, line, name, problems)
            if text is None:
                unreadable.add(name)
            values[name] = text or ""
        yield RawRow(label, line, values, frozenset(unreadable) if unreadable else _NONE)


_NONE: frozenset[str] = frozenset()


def checked_cell(
    value: object, label: str, line: int, column: str, problems: list[Problem]
) -> str | None:
    """The cell's text, or None after reporting why it cannot be used."""
    text = cell_value(value)
    if isinstance(text, CellProblem):
        problems.append(Problem(label, line, column, text.message))
        return None
    if len(text) > MAX_CELL_CHARS:
        problems.append(
            Problem(
                label,
                line,
                column,
                f"the cell holds {len(text):,} characters; the limit is {MAX_CELL_CHARS:,} "
                "(Excel's own)",
            )
        )
        return None
    return text
