"""Validation of a whole dataset: every rule, every row, every problem reported at once.

Cell rules (types, enums, dates, USCC) run first; dataset rules (unique ids, references,
trees, intervals, accident grades, overlapping appointments) run on the cells that parsed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from graph_model.schema import Label, OrgKind, Rel, Role, SupervisionKind, accident_grade
from loaders.characters import id_problem, name_problem, text_problem
from loaders.problems import Problem, Severity
from loaders.readers import RawDataset, RawRow
from loaders.tables import NAMED_TABLES, TABLES, TABLES_BY_NAME, Column, Kind, Table
from loaders.uscc import uscc_problem


@dataclass
class Row:
    """A row whose cells parsed: column name -> typed value (None for blank)."""

    table: str
    file: str
    line: int
    values: dict[str, object]
    # columns whose cell was given but refused (reported already): blank here, yet not blank
    refused: frozenset[str] = frozenset()

    def get(self, column: str) -> object:
        return self.values.get(column)

    def text(self, column: str) -> str | None:
        value = self.values.get(column)
        return None if value is None else str(value)


@dataclass
class Dataset:
    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def _parse(column: Column, text: str) -> tuple[object, str | None]:
    """(value, error message) of one non-blank cell."""
    match column.kind:
        case Kind.DATE:
            if not _DATE.match(text):
                return None, f"'{text}' is not a date (YYYY-MM-DD)"
            try:
                date.fromisoformat(text)
            except ValueError:
                return None, f"'{text}' is not a date on the calendar"
            return text, None
        case Kind.COUNT:
            if not re.match(r"^\d+$", text.replace(",", "")):
                return None, f"'{text}' is not a whole number >= 0"
            return int(text.replace(",", "")), None
        case Kind.AMOUNT:
            if not _NUMBER.match(text):
                return None, f"'{text}' is not an amount in CNY (e.g. 120000 or 1,200,000.50)"
            value = float(text.replace(",", ""))
            if value < 0:
                return None, f"'{text}' is negative"
            return (int(value) if value.is_integer() else value), None
        case Kind.ENUM:
            if text not in column.choices:
                return None, f"'{text}' is not one of: {', '.join(column.choices)}"
            return text, None
        case Kind.USCC:
            message = uscc_problem(text)
            return (None, message) if message else (text, None)
        case _:
            return text, None


def parse_rows(raw: RawDataset) -> Dataset:
    """Cell rules: types, enums, dates, USCC, required columns."""
    out = Dataset(problems=list(raw.problems))
    for raw_table in raw.tables:
        table = raw_table.table
        for raw_row in raw_table.rows:
            out.rows[table.name].append(_parse_row(table, raw_row, out.problems))
    return out


def _characters_problem(column: Column, text: str) -> str | None:
    if column.kind in (Kind.ID, Kind.REF) or column.name == "plan_id":
        return id_problem(text)
    if column.name in ("name", "name_zh"):
        return name_problem(text)
    return text_problem(text)


def _parse_row(table: Table, raw_row: RawRow, problems: list[Problem]) -> Row:
    values: dict[str, object] = {}
    refused = set(raw_row.unreadable)  # reported already by the reader
    for column in table.columns:
        text = raw_row.values.get(column.name, "").strip()
        if not text:
            values[column.name] = None
            if column.required and column.name not in refused:
                problems.append(Problem(raw_row.file, raw_row.line, column.name, "is required"))
            continue
        message = _characters_problem(column, text)
        if message is None:
            value, message = _parse(column, text)
        if message:
            problems.append(Problem(raw_row.file, raw_row.line, column.name, message))
            refused.add(column.name)
            value = None
        values[column.name] = value
    if (
        table.name in NAMED_TABLES
        and not (values.get("name") or values.get("name_zh"))
        and not refused & {"name", "name_zh"}
    ):
        problems.append(
            Problem(raw_row.file, raw_row.line, "name", "is required (name or name_zh)")
        )
    return Row(table.name, raw_row.file, raw_row.line, values, frozenset(refused))


@dataclass(frozen=True)
class Defined:
    labels: frozenset[Label]
    file: str
    line: int
    row: Row | None = None


def _labels_of_row(row: Row) -> frozenset[Label]:
    if row.table == "enterprises" or (
        row.table == "organizations" and row.get("kind") == OrgKind.ENTERPRISE
    ):
        return frozenset({Label.ORGANIZATION, Label.ENTERPRISE})
    label = TABLES_BY_NAME[row.table].label
    assert label is not None
    return frozenset({label})


# The trees, the relationship that stores their parent links, and the tables of their rows.
TREES: dict[str, tuple[Rel, tuple[str, ...]]] = {
    "regions": (Rel.PART_OF, ("regions",)),
    "sectors": (Rel.SUBSECTOR_OF, ("sectors",)),
    "organizations": (Rel.SUBORDINATE_TO, ("organizations", "enterprises")),
}


def defined_ids(ds: Dataset) -> set[str]:
    """Every id the dataset defines (its rows of node tables)."""
    return {
        rid
        for table in TABLES
        if table.label is not None
        for row in ds.rows.get(table.name, [])
        if (rid := row.text("id"))
    }


def tree_parent_ids(ds: Dataset) -> dict[str, set[str]]:
    """Per tree, the parents the dataset names: where a walk up through stored links starts."""
    return {
        tree: {
            pid
            for table in tables
            for row in ds.rows.get(table, [])
            if (pid := row.text("parent_id"))
        }
        for tree, (_, tables) in TREES.items()
    }


def check_dataset(
    ds: Dataset,
    known: Mapping[str, frozenset[str]],
    stored_parents: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Defined]:
    """Dataset rules. ``known``: ids already in the store, with their labels (those the
    dataset defines and those it references); ``stored_parents``: per tree, the parent links
    already in the store above the parents the dataset names (see ``tree_parent_ids``)."""
    defined = _check_ids(ds)
    _check_kinds(ds, defined, known)
    _check_references(ds, defined, known)
    _check_trees(ds, stored_parents or {})
    _check_intervals(ds)
    _check_accidents(ds)
    _check_supervision(ds)
    _check_overlapping_appointments(ds)
    _check_duplicate_links(ds)
    return defined


def _check_ids(ds: Dataset) -> dict[str, Defined]:
    defined: dict[str, Defined] = {}
    for table in TABLES:
        if table.label is None:
            continue
        for row in ds.rows.get(table.name, []):
            rid = row.text("id")
            if rid is None:
                continue
            labels = _labels_of_row(row)
            first = defined.get(rid)
            if first is None:
                defined[rid] = Defined(labels, row.file, row.line, row)
            elif (
                first.labels == labels
                and Label.ENTERPRISE in labels
                and first.row is not None
                and {first.row.table, row.table} == {"organizations", "enterprises"}
            ):
                # An enterprise may be listed both as an organization and as an enterprise;
                # the two rows complement each other but must not contradict.
                for column in ("region_id", "parent_id"):  # names: the enterprise row wins
                    a, b = first.row.get(column), row.get(column)
                    if a is not None and b is not None and a != b:
                        ds.problems.append(
                            Problem(
                                row.file,
                                row.line,
                                column,
                                f"'{b}' contradicts {first.file}:{first.line} ('{a}'), "
                                f"where '{rid}' is also listed",
                            )
                        )
            else:
                ds.problems.append(
                    Problem(
                        row.file,
                        row.line,
                        "id",
                        f"'{rid}' is already used at {first.file}:{first.line} "
                        "(ids are unique across the whole dataset)",
                    )
                )
    return defined


def _a(labels: frozenset[str]) -> str:
    """'a Person', 'an Enterprise': what a user calls a node of these labels."""
    kind = "Enterprise" if "Enterprise" in labels else "/".join(sorted(labels))
    return f"{'an' if kind[:1] in 'AEIOU' else 'a'} {kind}"


def _check_kinds(
    ds: Dataset, defined: dict[str, Defined], known: Mapping[str, frozenset[str]]
) -> None:
    """An id keeps its kind: a row may not turn a stored Person into an Organization, nor a
    department into an enterprise (the stores would drop or add a label and disagree)."""
    for rid, here in defined.items():
        stored = known.get(rid)
        wanted = frozenset(str(lb) for lb in here.labels)
        if stored is None or frozenset(stored) == wanted:
            continue
        ds.problems.append(
            Problem(
                here.file,
                here.line,
                "id",
                f"'{rid}' is already {_a(frozenset(stored))} in the store; an id keeps its kind "
                f"(this row would make it {_a(wanted)})",
            )
        )


def _check_references(
    ds: Dataset, defined: dict[str, Defined], known: Mapping[str, frozenset[str]]
) -> None:
    for table in TABLES:
        refs = [c for c in table.columns if c.kind is Kind.REF]
        for row in ds.rows.get(table.name, []):
            for column in refs:
                target = row.text(column.name)
                if target is None:
                    continue
                here = defined.get(target)
                labels: frozenset[str] | None = (
                    frozenset(str(lb) for lb in here.labels) if here else known.get(target)
                )
                wanted = " or ".join(str(t).lower() for t in column.targets)
                if labels is None:
                    ds.problems.append(
                        Problem(
                            row.file,
                            row.line,
                            column.name,
                            f"'{target}' is not the id of any {wanted} in the dataset",
                        )
                    )
                elif not labels & {str(t) for t in column.targets}:
                    ds.problems.append(
                        Problem(
                            row.file,
                            row.line,
                            column.name,
                            f"'{target}' is a {'/'.join(sorted(labels)).lower()}, "
                            f"not {'an' if wanted[:1] in 'aeiou' else 'a'} {wanted}",
                        )
                    )
    plan_ids = {r.text("id") for r in ds.rows.get("emergency_plans", [])}
    for row in ds.rows.get("hazards", []):
        plan = row.text("plan_id")
        if plan and plan not in plan_ids and "EmergencyPlan" not in known.get(plan, frozenset()):
            ds.problems.append(
                Problem(
                    row.file,
                    row.line,
                    "plan_id",
                    f"'{plan}' names no emergency plan; the hazard counts as having no plan",
                    Severity.WARNING,
                )
            )


def _check_trees(ds: Dataset, stored_parents: Mapping[str, Mapping[str, str]]) -> None:
    """No cycles, counting the parent links already in the store: a row's parent replaces
    the stored one (a blank parent removes it), other stored links stay."""
    for tree, (_, tables) in TREES.items():
        rows = [r for t in tables for r in ds.rows.get(t, []) if r.text("id")]
        here = {r.text("id") for r in rows}
        parent: dict[str, str] = {
            c: p for c, p in stored_parents.get(tree, {}).items() if c not in here
        }
        where: dict[str, Row] = {}
        for row in rows:
            rid, pid = row.text("id"), row.text("parent_id")
            if rid and pid:
                parent[rid] = pid
                where[rid] = row
        reported: set[str] = set()
        for start in sorted(where):
            seen: list[str] = []
            node: str | None = start
            while node is not None and node in parent and node not in seen:
                seen.append(node)
                node = parent.get(node)
            if node is None or node not in seen:
                continue
            cycle = seen[seen.index(node) :]
            if reported & set(cycle) or not any(c in where for c in cycle):
                continue  # reported already, or a cycle of stored links alone (not this load's)
            reported |= set(cycle)
            first = min(
                (c for c in cycle if c in where), key=lambda c: (where[c].file, where[c].line)
            )
            row = where[first]
            ring = " -> ".join([*cycle[cycle.index(first) :], *cycle[: cycle.index(first)], first])
            stored = [c for c in cycle if c not in where]
            through = (
                f" (the links from {', '.join(stored)} are already in the store)" if stored else ""
            )
            ds.problems.append(
                Problem(
                    row.file,
                    row.line,
                    "parent_id",
                    f"the {tree} tree has a cycle: {ring}{through}",
                )
            )


def _check_intervals(ds: Dataset) -> None:
    def check(table: str, first: str, second: str, message: str) -> None:
        for row in ds.rows.get(table, []):
            a, b = row.text(first), row.text(second)
            if a and b and a > b:
                ds.problems.append(Problem(row.file, row.line, second, message.format(a=a, b=b)))

    for table in ("appointments", "assignments", "supervision"):
        check(table, "start", "end", "end {b} is before start {a}")
    check("hazards", "found_on", "closed_on", "closed {b} before it was found {a}")
    check("hazards", "found_on", "deadline", "deadline {b} is before found_on {a}")


def _check_accidents(ds: Dataset) -> None:
    for row in ds.rows.get("accidents", []):
        given = row.text("grade")
        if not given:
            continue

        figures = [row.get(c) for c in ("deaths", "missing", "serious_injuries", "direct_loss_cny")]
        deaths, missing, injuries, loss = (v if isinstance(v, int | float) else 0 for v in figures)
        derived = accident_grade(int(deaths), int(missing), int(injuries), float(loss))
        if derived != given:
            ds.problems.append(
                Problem(
                    row.file,
                    row.line,
                    "grade",
                    f"'{given}' disagrees with the figures, which make it '{derived}' "
                    "(deaths and missing count together; the highest criterion decides)",
                )
            )


def _check_supervision(ds: Dataset) -> None:
    for row in ds.rows.get("supervision", []):
        sector, region, enterprise = (
            row.text(c) for c in ("sector_id", "region_id", "enterprise_id")
        )
        comprehensive = row.get("kind") == SupervisionKind.COMPREHENSIVE
        if enterprise and (sector or region):
            ds.problems.append(
                Problem(
                    row.file,
                    row.line,
                    "enterprise_id",
                    "give either enterprise_id or sector_id + region_id, not both",
                )
            )
        elif not enterprise and not region:
            ds.problems.append(
                Problem(
                    row.file,
                    row.line,
                    "region_id",
                    "is required unless enterprise_id names the supervised enterprise",
                )
            )
        elif not enterprise and not sector and not comprehensive:
            ds.problems.append(
                Problem(
                    row.file,
                    row.line,
                    "sector_id",
                    "is required for industry and specialized supervision "
                    "(only comprehensive supervision may cover all sectors)",
                )
            )


def _valid_on_overlap(a: Row, b: Row) -> bool:
    a_start, a_end = a.text("start") or "0000-00-00", a.text("end") or "9999-99-99"
    b_start, b_end = b.text("start") or "0000-00-00", b.text("end") or "9999-99-99"
    return a_start <= b_end and b_start <= a_end


def _dates_refused(*rows: Row) -> bool:
    """A start or end that was given but is not a date: its row's period is unknown, not
    open-ended, so it cannot be said to overlap (its own error says what is wrong)."""
    return any(r.refused & {"start", "end"} for r in rows)


def _check_overlapping_appointments(ds: Dataset) -> None:
    principal = {
        r.text("id") for r in ds.rows.get("positions", []) if r.get("role") == Role.PRINCIPAL
    }
    by_post: dict[str, list[Row]] = defaultdict(list)
    for row in ds.rows.get("appointments", []):
        post = row.text("position_id")
        if post is not None and post in principal:
            by_post[post].append(row)
    for post, rows in by_post.items():
        for i, later in enumerate(rows):
            for earlier in rows[:i]:
                if (
                    earlier.text("person_id") != later.text("person_id")
                    and not _dates_refused(earlier, later)
                    and _valid_on_overlap(earlier, later)
                ):
                    ds.problems.append(
                        Problem(
                            later.file,
                            later.line,
                            "start",
                            f"principal post '{post}' is also held by "
                            f"'{earlier.text('person_id')}' in the same period "
                            f"({earlier.file}:{earlier.line})",
                            Severity.WARNING,
                        )
                    )


def link_identity(table: str) -> Callable[[Row], tuple[object, ...]] | None:
    """The columns that identify a relationship row (what loading twice must merge)."""
    keys = {
        "appointments": ("person_id", "position_id", "start"),
        "assignments": ("position_id", "org_id", "start"),
        "supervision": ("org_id", "kind", "sector_id", "region_id", "enterprise_id", "start"),
        "findings": ("accident_id", "person_id", "position_id"),
    }.get(table)
    if keys is None:
        return None
    return lambda row: tuple(row.get(k) for k in keys)


def _check_duplicate_links(ds: Dataset) -> None:
    for table in ("appointments", "assignments", "supervision", "findings"):
        identity = link_identity(table)
        assert identity is not None
        first: dict[tuple[object, ...], Row] = {}
        for row in ds.rows.get(table, []):
            key = identity(row)
            if key in first:
                prev = first[key]
                ds.problems.append(
                    Problem(
                        row.file,
                        row.line,
                        "",
                        f"repeats {prev.file}:{prev.line}; the later row replaces the earlier",
                        Severity.WARNING,
                    )
                )
            first[key] = row
