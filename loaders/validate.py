"""Validation of a whole dataset: every rule, every row, every problem reported at once.

Cell rules (types, enums, dates, USCC) run first; dataset rules (unique ids, references,
trees, intervals, accident grades, overlapping appointments) run on the cells that parsed.

One streaming pass (``Validator.add`` per row, ``finish`` at the end): a row is checked and
dropped. What is kept is proportional to the ids, not to the rows: the id index (labels and
where each id is defined), the tree parents, the intervals of appointments to principal
posts, the identity digests of relationship rows (for repeated links), and the references
to ids not defined yet when their row was read (few: tables are read in ``reading_order``).
Problems are ordered as a user reads them: by file and line, errors first, then in the
order of the rules above (``_Rank``). See ``docs/loading-at-size.md``.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum

from graph_model.schema import Label, OrgKind, Rel, Role, SupervisionKind, accident_grade
from loaders.characters import id_problem, name_problem, text_problem
from loaders.problems import Problem, Severity
from loaders.raw import RawRow
from loaders.tables import NAMED_TABLES, TABLES, TABLES_BY_NAME, Column, Kind, Table
from loaders.uscc import uscc_problem


@dataclass(slots=True)
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


class _Rank(IntEnum):
    """The order of the rules, for problems at the same line (the order they were always
    reported in when validation ran rule by rule over all rows)."""

    CELLS = 1
    IDS = 2
    KINDS = 3
    REFERENCES = 4
    TREES = 5
    INTERVALS = 6
    ACCIDENTS = 7
    SUPERVISION = 8
    OVERLAPS = 9
    DUPLICATES = 10


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_COUNT = re.compile(r"^\d+$")

# (value, error message) of one non-blank cell
Parser = Callable[[str], tuple[object, str | None]]


def _date(text: str) -> tuple[object, str | None]:
    if not _DATE.match(text):
        return None, f"'{text}' is not a date (YYYY-MM-DD)"
    try:
        date.fromisoformat(text)
    except ValueError:
        return None, f"'{text}' is not a date on the calendar"
    return text, None


def _count(text: str) -> tuple[object, str | None]:
    if not _COUNT.match(text.replace(",", "")):
        return None, f"'{text}' is not a whole number >= 0"
    return int(text.replace(",", "")), None


def _amount(text: str) -> tuple[object, str | None]:
    if not _NUMBER.match(text):
        return None, f"'{text}' is not an amount in CNY (e.g. 120000 or 1,200,000.50)"
    value = float(text.replace(",", ""))
    if value < 0:
        return None, f"'{text}' is negative"
    return (int(value) if value.is_integer() else value), None


def _enum(choices: tuple[str, ...]) -> Parser:
    allowed = frozenset(choices)
    listed = ", ".join(choices)

    def parse(text: str) -> tuple[object, str | None]:
        if text not in allowed:
            return None, f"'{text}' is not one of: {listed}"
        return text, None

    return parse


def _uscc(text: str) -> tuple[object, str | None]:
    message = uscc_problem(text)
    return (None, message) if message else (text, None)


def _parser(column: Column) -> Parser | None:
    """The column's parser, chosen once; None: the text is the value."""
    match column.kind:
        case Kind.DATE:
            return _date
        case Kind.COUNT:
            return _count
        case Kind.AMOUNT:
            return _amount
        case Kind.ENUM:
            return _enum(column.choices)
        case Kind.USCC:
            return _uscc
        case _:
            return None


def _characters_check(column: Column) -> Callable[[str], str | None]:
    if column.kind in (Kind.ID, Kind.REF) or column.name == "plan_id":
        return id_problem
    if column.name in ("name", "name_zh"):
        return name_problem
    return text_problem


# Per table, per column: (name, required, character check, parser), chosen once.
_PLANS: dict[str, tuple[tuple[str, bool, Callable[[str], str | None], Parser | None], ...]] = {
    t.name: tuple((c.name, c.required, _characters_check(c), _parser(c)) for c in t.columns)
    for t in TABLES
}


def parse_row(table: Table, raw_row: RawRow, problems: list[Problem]) -> Row:
    """Cell rules of one row: characters, types, enums, dates, USCC, required columns."""
    values: dict[str, object] = {}
    refused = set(raw_row.unreadable)  # reported already by the reader
    cells = raw_row.values
    for name, required, characters, parse in _PLANS[table.name]:
        text = cells.get(name, "")  # the readers strip every cell
        if not text:
            values[name] = None
            if required and name not in refused:
                problems.append(Problem(raw_row.file, raw_row.line, name, "is required"))
            continue
        # Every character a check refuses is unprintable: printable text (the common case,
        # tested in C) needs no look at its characters.
        message = None if text.isprintable() else characters(text)
        value: object = text
        if message is None and parse is not None:
            value, message = parse(text)
        if message:
            problems.append(Problem(raw_row.file, raw_row.line, name, message))
            refused.add(name)
            value = None
        values[name] = value
    if (
        table.name in NAMED_TABLES
        and not (values.get("name") or values.get("name_zh"))
        and not refused & {"name", "name_zh"}
    ):
        problems.append(
            Problem(raw_row.file, raw_row.line, "name", "is required (name or name_zh)")
        )
    return Row(table.name, raw_row.file, raw_row.line, values, frozenset(refused))


@dataclass(frozen=True, slots=True)
class Defined:
    """Where an id is first defined, with what labels; for organizations and enterprises
    also their region and parent (a second row of the same enterprise must agree)."""

    labels: frozenset[Label]
    file: str
    line: int
    table: str
    region_id: object = None
    parent_id: object = None


_ENTERPRISE_LABELS = frozenset({Label.ORGANIZATION, Label.ENTERPRISE})
_TABLE_LABELS = {t.name: frozenset({t.label}) for t in TABLES if t.label is not None}


def _labels_of_row(row: Row) -> frozenset[Label]:
    if row.table == "enterprises" or (
        row.table == "organizations" and row.get("kind") == OrgKind.ENTERPRISE
    ):
        return _ENTERPRISE_LABELS
    return _TABLE_LABELS[row.table]


# The trees, the relationship that stores their parent links, and the tables of their rows.
TREES: dict[str, tuple[Rel, tuple[str, ...]]] = {
    "regions": (Rel.PART_OF, ("regions",)),
    "sectors": (Rel.SUBSECTOR_OF, ("sectors",)),
    "organizations": (Rel.SUBORDINATE_TO, ("organizations", "enterprises")),
}
_TREE_OF = {table: tree for tree, (_, tables) in TREES.items() for table in tables}

# The columns that identify a relationship row (what loading twice must merge).
LINK_KEYS: dict[str, tuple[str, ...]] = {
    "appointments": ("person_id", "position_id", "start"),
    "assignments": ("position_id", "org_id", "start"),
    "supervision": ("org_id", "kind", "sector_id", "region_id", "enterprise_id", "start"),
    "findings": ("accident_id", "person_id", "position_id"),
}


def link_identity(table: str) -> Callable[[Row], tuple[object, ...]] | None:
    """The columns that identify a relationship row (what loading twice must merge)."""
    keys = LINK_KEYS.get(table)
    if keys is None:
        return None
    return lambda row: tuple(row.get(k) for k in keys)


def _digest(key: tuple[object, ...]) -> bytes:
    """16 bytes standing for a link's identity: what the repeat check keeps per row."""
    return hashlib.blake2b(repr(key).encode("utf-8", "surrogatepass"), digest_size=16).digest()


@dataclass(slots=True)
class _Appointment:
    person: str | None
    start: str
    end: str
    dates_refused: bool  # a start or end given but not a date: its period is unknown
    file: str
    line: int


@dataclass(slots=True)
class _Pending:
    """A reference to an id not defined yet when its row was read."""

    target: str
    column: Column
    file: str
    line: int
    order: int  # the column's place in its table, for the order of problems


@dataclass
class BuildIndex:
    """What building the graph from the files again needs from validation."""

    # ids listed both as an organization and as an enterprise (their rows complement)
    dual: set[str] = field(default_factory=set)
    # (file, line) of relationship rows a later row of the same identity replaces
    replaced: set[tuple[str, int]] = field(default_factory=set)
    # ids of the dataset's emergency plans (a hazard's plan_id links only to those)
    plan_ids: set[str] = field(default_factory=set)
    nodes: int = 0  # node records the graph will have
    links: int = 0  # relationship rows kept, functional links (progress totals)


class Validator:
    """One streaming validation pass. ``add`` each row (node tables first, see
    ``tables.reading_order``), ``finish`` once with what the store knows."""

    def __init__(self) -> None:
        self._problems: list[tuple[int, int, int, Problem]] = []  # rank, sub, seq, problem
        self.rows: dict[str, int] = defaultdict(int)
        self.defined: dict[str, Defined] = {}
        self.build = BuildIndex()
        self._pending: list[_Pending] = []
        self._plans_named: list[tuple[str, str, int]] = []  # hazards' plan_id, file, line
        self._tree_here: dict[str, set[str]] = {tree: set() for tree in TREES}
        self._tree_parent: dict[str, dict[str, str]] = {tree: {} for tree in TREES}
        self._tree_where: dict[str, dict[str, tuple[str, int]]] = {tree: {} for tree in TREES}
        self._principal: set[str] = set()
        self._appointments: dict[str, list[_Appointment]] = defaultdict(list)
        self._links: dict[str, dict[bytes, tuple[str, int]]] = defaultdict(dict)
        self._cell_problems: list[Problem] = []
        self._refs = {
            t.name: [
                (i, c, frozenset(str(lb) for lb in c.targets))
                for i, c in enumerate(t.columns)
                if c.kind is Kind.REF
            ]
            for t in TABLES
        }

    # -- problems --------------------------------------------------------------------------
    def _report(self, rank: _Rank, problem: Problem, sub: int = 0) -> None:
        self._problems.append((rank, sub, len(self._problems), problem))

    def problems(self, read: Iterable[Problem] = ()) -> list[Problem]:
        """Every problem, the reader's first: by file, line, errors first, then rule order."""
        ranked = [(0, 0, i, p) for i, p in enumerate(read)] + self._problems
        ranked.sort(
            key=lambda r: (r[3].file, r[3].line, r[3].severity is not Severity.ERROR, *r[:3])
        )
        return [r[3] for r in ranked]

    # -- one row ---------------------------------------------------------------------------
    def add(self, table: Table, raw_row: RawRow) -> Row:
        """Check one row; returns it parsed (the caller may drop it)."""
        cell_problems = self._cell_problems
        row = parse_row(table, raw_row, cell_problems)
        if cell_problems:
            for p in cell_problems:
                self._report(_Rank.CELLS, p)
            cell_problems.clear()
        self.rows[table.name] += 1
        if table.label is not None:
            self._add_node(table, row)
        self._check_references(table, row)
        name = table.name
        if name in ("appointments", "assignments", "supervision"):
            self._check_interval(row, "start", "end", "end {b} is before start {a}")
        elif name == "hazards":
            self._check_interval(row, "found_on", "closed_on", "closed {b} before it was found {a}")
            self._check_interval(row, "found_on", "deadline", "deadline {b} is before found_on {a}")
            plan = row.text("plan_id")
            if plan:
                self._plans_named.append((plan, row.file, row.line))
        elif name == "accidents":
            self._check_accident(row)
        if name == "supervision":
            self._check_supervision(row)
        elif name == "appointments":
            self._keep_appointment(row)
        keys = LINK_KEYS.get(name)
        if keys is not None:
            self._check_repeat(name, row, keys)
        return row

    def _add_node(self, table: Table, row: Row) -> None:
        rid = row.text("id")
        if rid is None:
            return
        if table.name == "emergency_plans":
            self.build.plan_ids.add(rid)
        elif table.name == "positions" and row.get("role") == Role.PRINCIPAL:
            self._principal.add(rid)
        tree = _TREE_OF.get(table.name)
        if tree is not None:
            self._tree_here[tree].add(rid)
            pid = row.text("parent_id")
            if pid:
                self._tree_parent[tree][rid] = pid
                self._tree_where[tree][rid] = (row.file, row.line)
        labels = _labels_of_row(row)
        first = self.defined.get(rid)
        if first is None:
            org = table.name in ("organizations", "enterprises")
            self.defined[rid] = Defined(
                labels,
                row.file,
                row.line,
                table.name,
                row.get("region_id") if org else None,
                row.get("parent_id") if org else None,
            )
            self.build.nodes += 1
        elif (
            first.labels == labels
            and Label.ENTERPRISE in labels
            and {first.table, table.name} == {"organizations", "enterprises"}
        ):
            # An enterprise may be listed both as an organization and as an enterprise;
            # the two rows complement each other but must not contradict.
            self.build.dual.add(rid)
            for column, a in (("region_id", first.region_id), ("parent_id", first.parent_id)):
                b = row.get(column)
                if a is not None and b is not None and a != b:
                    self._report(
                        _Rank.IDS,
                        Problem(
                            row.file,
                            row.line,
                            column,
                            f"'{b}' contradicts {first.file}:{first.line} ('{a}'), "
                            f"where '{rid}' is also listed",
                        ),
                    )
        else:
            self._report(
                _Rank.IDS,
                Problem(
                    row.file,
                    row.line,
                    "id",
                    f"'{rid}' is already used at {first.file}:{first.line} "
                    "(ids are unique across the whole dataset)",
                ),
            )

    def _check_references(self, table: Table, row: Row) -> None:
        values = row.values
        defined = self.defined
        for order, column, targets in self._refs[table.name]:
            target = values.get(column.name)
            if target is None:
                continue
            target = str(target)  # a reference's value is its text
            here = defined.get(target)
            if here is None:  # defined further on, in the store, or nowhere: seen at the end
                self._pending.append(_Pending(target, column, row.file, row.line, order))
            elif here.labels.isdisjoint(targets):
                self._judge_reference(target, here.labels, column, row.file, row.line, order)

    def _judge_reference(
        self,
        target: str,
        labels: frozenset[str] | None,
        column: Column,
        file: str,
        line: int,
        order: int,
    ) -> None:
        wanted = " or ".join(str(t).lower() for t in column.targets)
        if labels is None:
            message = f"'{target}' is not the id of any {wanted} in the dataset"
        elif not labels & {str(t) for t in column.targets}:
            message = (
                f"'{target}' is a {'/'.join(sorted(str(lb) for lb in labels)).lower()}, "
                f"not {'an' if wanted[:1] in 'aeiou' else 'a'} {wanted}"
            )
        else:
            return
        self._report(_Rank.REFERENCES, Problem(file, line, column.name, message), order)

    def _check_interval(self, row: Row, first: str, second: str, message: str) -> None:
        a, b = row.text(first), row.text(second)
        if a and b and a > b:
            self._report(
                _Rank.INTERVALS, Problem(row.file, row.line, second, message.format(a=a, b=b))
            )

    def _check_accident(self, row: Row) -> None:
        given = row.text("grade")
        if not given:
            return
        figures = [row.get(c) for c in ("deaths", "missing", "serious_injuries", "direct_loss_cny")]
        deaths, missing, injuries, loss = (v if isinstance(v, int | float) else 0 for v in figures)
        derived = accident_grade(int(deaths), int(missing), int(injuries), float(loss))
        if derived != given:
            self._report(
                _Rank.ACCIDENTS,
                Problem(
                    row.file,
                    row.line,
                    "grade",
                    f"'{given}' disagrees with the figures, which make it '{derived}' "
                    "(deaths and missing count together; the highest criterion decides)",
                ),
            )

    def _check_supervision(self, row: Row) -> None:
        sector, region, enterprise = (
            row.text(c) for c in ("sector_id", "region_id", "enterprise_id")
        )
        comprehensive = row.get("kind") == SupervisionKind.COMPREHENSIVE
        if enterprise and (sector or region):
            column, message = (
                "enterprise_id",
                "give either enterprise_id or sector_id + region_id, not both",
            )
        elif not enterprise and not region:
            column, message = (
                "region_id",
                "is required unless enterprise_id names the supervised enterprise",
            )
        elif not enterprise and not sector and not comprehensive:
            column, message = (
                "sector_id",
                "is required for industry and specialized supervision "
                "(only comprehensive supervision may cover all sectors)",
            )
        else:
            return
        self._report(_Rank.SUPERVISION, Problem(row.file, row.line, column, message))

    def _keep_appointment(self, row: Row) -> None:
        post = row.text("position_id")
        if post is None or post not in self._principal:
            return
        self._appointments[post].append(
            _Appointment(
                row.text("person_id"),
                row.text("start") or "0000-00-00",
                row.text("end") or "9999-99-99",
                bool(row.refused & {"start", "end"}),
                row.file,
                row.line,
            )
        )

    def _check_repeat(self, table: str, row: Row, keys: tuple[str, ...]) -> None:
        values = row.values
        digest = _digest(tuple(values.get(k) for k in keys))
        first = self._links[table]
        prev = first.get(digest)
        if prev is not None:
            self.build.replaced.add(prev)
            self._report(
                _Rank.DUPLICATES,
                Problem(
                    row.file,
                    row.line,
                    "",
                    f"repeats {prev[0]}:{prev[1]}; the later row replaces the earlier",
                    Severity.WARNING,
                ),
            )
        first[digest] = (row.file, row.line)

    # -- the end ---------------------------------------------------------------------------
    def ids_to_look_up(self) -> set[str]:
        """Ids the store must say the labels of: those the dataset defines (an id keeps its
        kind across loads) and those it references without defining them."""
        return (
            set(self.defined)
            | {p.target for p in self._pending}
            | {plan for plan, _, _ in self._plans_named}
        )

    def tree_parent_ids(self) -> dict[str, set[str]]:
        """Per tree, the parents the dataset names: where a walk up through stored links
        starts."""
        return {tree: set(parents.values()) for tree, parents in self._tree_parent.items()}

    def finish(
        self,
        known: Mapping[str, frozenset[str]],
        stored_parents: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        """The rules that need the whole dataset. ``known``: ids already in the store, with
        their labels (see ``ids_to_look_up``); ``stored_parents``: per tree, the parent links
        already in the store above the parents the dataset names (``tree_parent_ids``)."""
        self._check_kinds(known)
        for p in self._pending:
            here = self.defined.get(p.target)
            labels = here.labels if here is not None else known.get(p.target)
            self._judge_reference(p.target, labels, p.column, p.file, p.line, p.order)
        self._pending.clear()
        for plan, file, line in self._plans_named:
            if plan not in self.build.plan_ids and "EmergencyPlan" not in known.get(
                plan, frozenset()
            ):
                self._report(
                    _Rank.REFERENCES,
                    Problem(
                        file,
                        line,
                        "plan_id",
                        f"'{plan}' names no emergency plan; the hazard counts as having no plan",
                        Severity.WARNING,
                    ),
                    len(TABLES_BY_NAME["hazards"].columns),
                )
        self._plans_named.clear()
        self._check_trees(stored_parents or {})
        self._check_overlapping_appointments()
        self._links.clear()
        self.build.links = sum(self.rows[t] for t in LINK_KEYS) - len(self.build.replaced)

    def _check_kinds(self, known: Mapping[str, frozenset[str]]) -> None:
        """An id keeps its kind: a row may not turn a stored Person into an Organization, nor
        a department into an enterprise (the stores would drop or add a label and disagree)."""
        if not known:
            return
        for rid, here in self.defined.items():
            stored = known.get(rid)
            wanted = frozenset(str(lb) for lb in here.labels)
            if stored is None or frozenset(stored) == wanted:
                continue
            self._report(
                _Rank.KINDS,
                Problem(
                    here.file,
                    here.line,
                    "id",
                    f"'{rid}' is already {_a(frozenset(stored))} in the store; an id keeps its "
                    f"kind (this row would make it {_a(wanted)})",
                ),
            )

    def _check_trees(self, stored_parents: Mapping[str, Mapping[str, str]]) -> None:
        """No cycles, counting the parent links already in the store: a row's parent
        replaces the stored one (a blank parent removes it), other stored links stay."""
        for tree in TREES:
            here = self._tree_here[tree]
            where = self._tree_where[tree]
            parent: dict[str, str] = {
                c: p for c, p in stored_parents.get(tree, {}).items() if c not in here
            }
            parent.update(self._tree_parent[tree])
            reported: set[str] = set()
            done: set[str] = set()  # walked from already: nothing new lies above them
            for start in sorted(where):
                seen: list[str] = []
                on_path: set[str] = set()
                node: str | None = start
                while (
                    node is not None and node in parent and node not in on_path and node not in done
                ):
                    seen.append(node)
                    on_path.add(node)
                    node = parent.get(node)
                done.update(seen)
                if node is None or node not in on_path:
                    continue
                cycle = seen[seen.index(node) :]
                if reported & set(cycle) or not any(c in where for c in cycle):
                    continue  # reported already, or a cycle of stored links alone
                reported |= set(cycle)
                first = min((c for c in cycle if c in where), key=lambda c: where[c])
                file, line = where[first]
                ring = " -> ".join(
                    [*cycle[cycle.index(first) :], *cycle[: cycle.index(first)], first]
                )
                stored = [c for c in cycle if c not in where]
                through = (
                    f" (the links from {', '.join(stored)} are already in the store)"
                    if stored
                    else ""
                )
                self._report(
                    _Rank.TREES,
                    Problem(
                        file, line, "parent_id", f"the {tree} tree has a cycle: {ring}{through}"
                    ),
                )

    def _check_overlapping_appointments(self) -> None:
        for post, held in self._appointments.items():
            for i, later in enumerate(held):
                for earlier in held[:i]:
                    if (
                        earlier.person != later.person
                        and not earlier.dates_refused
                        and not later.dates_refused
                        and earlier.start <= later.end
                        and later.start <= earlier.end
                    ):
                        self._report(
                            _Rank.OVERLAPS,
                            Problem(
                                later.file,
                                later.line,
                                "start",
                                f"principal post '{post}' is also held by "
                                f"'{earlier.person}' in the same period "
                                f"({earlier.file}:{earlier.line})",
                                Severity.WARNING,
                            ),
                        )
        self._appointments.clear()


def _a(labels: frozenset[str]) -> str:
    """'a Person', 'an Enterprise': what a user calls a node of these labels."""
    kind = "Enterprise" if "Enterprise" in labels else "/".join(sorted(labels))
    return f"{'an' if kind[:1] in 'AEIOU' else 'a'} {kind}"
