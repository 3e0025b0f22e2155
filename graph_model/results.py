"""Typed results of the accountability questions, shared by the CLI, the app and exports.

``to_json`` gives exactly the shapes of ``docs/accountability.md`` (with a few
added fields, which the contract allows).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from itertools import repeat
from typing import Any

from graph_model.vocabulary import (
    SUPERVISION_LEVELS,
    GapKind,
    Level,
    SubjectKind,
)

__all__ = ["GAP_KINDS", "LEVELS", "LEVEL_NAMES_ZH", "SUPERVISION_LEVELS"]

# The vocabulary is defined once, in ``graph_model.vocabulary``; these are its orders.
LEVELS: tuple[Level, ...] = tuple(Level)
LEVEL_NAMES_ZH: dict[str, str] = {level: level.zh for level in Level}
GAP_KINDS: tuple[GapKind, ...] = tuple(GapKind)


@dataclass(frozen=True, order=True)
class Link:
    """One relationship on a path, in its stored direction."""

    start: str
    rel: str
    end: str
    key: str = ""
    source_ids: tuple[str, ...] = ()
    valid_from: str | None = None  # for dated links (appointments, assignments, supervision)
    valid_to: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"from": self.start, "rel": self.rel, "to": self.end}
        data["source_ids"] = list(self.source_ids)
        if self.valid_from or self.valid_to:
            data["start"], data["end"] = self.valid_from, self.valid_to
        return data


@dataclass(frozen=True)
class ChainEntry:
    level: str
    responsibility: str
    person_id: str
    person_name: str
    person_name_zh: str | None
    position_id: str | None
    position_title: str | None
    position_title_zh: str | None
    org_id: str | None
    org_name: str | None
    org_name_zh: str | None
    region_id: str | None
    held_from: str | None  # the appointment that puts the person in the post
    held_to: str | None
    path: tuple[Link, ...]

    @property
    def source_ids(self) -> list[str]:
        return sorted({s for link in self.path for s in link.source_ids})

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "person_id": self.person_id,
            "person_name": self.person_name,
            "person_name_zh": self.person_name_zh,
            "responsibility": self.responsibility,
            "position_id": self.position_id,
            "position_title": self.position_title,
            "position_title_zh": self.position_title_zh,
            "org_id": self.org_id,
            "org_name": self.org_name,
            "org_name_zh": self.org_name_zh,
            "region_id": self.region_id,
            "held_from": self.held_from,
            "held_to": self.held_to,
            "path": [link.to_json() for link in self.path],
            "source_ids": self.source_ids,
        }


@dataclass(frozen=True, order=True)
class ChainGap:
    level: str
    reason: str
    subject_id: str

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level, "reason": self.reason, "subject_id": self.subject_id}


@dataclass(frozen=True)
class Finding:
    person_id: str
    person_name: str
    position_id: str | None
    responsibility: str
    sanction: str | None
    source_ids: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "person_name": self.person_name,
            "position_id": self.position_id,
            "responsibility": self.responsibility,
            "sanction": self.sanction,
            "source_ids": list(self.source_ids),
        }


@dataclass(frozen=True)
class Subject:
    id: str
    kind: str  # hazard, accident or enterprise
    title: str | None
    title_zh: str | None
    enterprise_id: str
    enterprise_name: str | None
    date: str | None  # found_on or occurred_on
    grade: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "title_zh": self.title_zh,
            "enterprise_id": self.enterprise_id,
            "enterprise_name": self.enterprise_name,
            "date": self.date,
            "grade": self.grade,
        }


@dataclass(frozen=True)
class Chain:
    subject: Subject
    as_of: str
    entries: tuple[ChainEntry, ...]
    gaps: tuple[ChainGap, ...]
    findings: tuple[Finding, ...] = ()
    findings_not_in_chain: tuple[Finding, ...] = ()
    levels_without_findings: tuple[str, ...] = ()

    def levels(self) -> list[str]:
        hazard = self.subject.kind == SubjectKind.HAZARD
        return [lv for lv in LEVELS if lv != Level.HAZARD_OWNER or hazard]

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject.to_json(),
            "as_of": self.as_of,
            "entries": [e.to_json() for e in self.entries],
            "gaps": [g.to_json() for g in self.gaps],
            "findings": [f.to_json() for f in self.findings],
            "findings_not_in_chain": [f.to_json() for f in self.findings_not_in_chain],
            "levels_without_findings": list(self.levels_without_findings),
        }


@dataclass(frozen=True, slots=True)  # slots: a province's report has ~600k
class Gap:
    kind: str
    subject_id: str
    subject_name: str | None
    detail: str
    missing: tuple[str, ...] = ()
    region_id: str | None = None
    sector_id: str | None = None
    org_id: str | None = None  # the department concerned, where there is one
    # the facts behind ``detail`` (deadline, days overdue, organizations, ...), worded in
    # either language by ``gap_wording.describe``
    facts: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict[str, Any]:
        # what ``asdict`` gives (the fields in order, the facts copied) without its generic
        # recursion: 24 s for a province's 617k gaps, 1 s this way
        return {
            "kind": self.kind,
            "subject_id": self.subject_id,
            "subject_name": self.subject_name,
            "detail": self.detail,
            "missing": list(self.missing),
            "region_id": self.region_id,
            "sector_id": self.sector_id,
            "org_id": self.org_id,
            "facts": _copied(self.facts),
        }


def gap_of(
    kind: str,
    subject_id: str,
    subject_name: str | None,
    detail: str,
    missing: tuple[str, ...],
    region_id: str | None,
    sector_id: str | None,
    org_id: str | None,
    facts: dict[str, Any],
) -> Gap:
    """``Gap(kind, ..., facts)``, every field given, made faster.

    >>> args = ("plan_stale", "EP-1", "Plan", "stale", (), "R", "S", "E", {"revised_on": None})
    >>> made = gap_of(*args)
    >>> made == Gap(*args) and made.facts == Gap(*args).facts and hash(made) == hash(Gap(*args))
    True
    """
    gap = object.__new__(Gap)
    s_kind, s_subject, s_name, s_detail, s_missing, s_region, s_sector, s_org, s_facts = (
        _GAP_SETTERS
    )
    s_kind(gap, kind)
    s_subject(gap, subject_id)
    s_name(gap, subject_name)
    s_detail(gap, detail)
    s_missing(gap, missing)
    s_region(gap, region_id)
    s_sector(gap, sector_id)
    s_org(gap, org_id)
    s_facts(gap, facts)
    return gap


# ``gap_of`` sets ``Gap``'s slots one by one through their descriptors: the frozen
# ``__init__`` calls ``object.__setattr__`` for each field, and a province's report makes
# ~600k gaps (0.59 s that way, 0.32 s this way, measured side by side). The object is the
# same, frozen after. Its parameters must be ``Gap``'s fields in order, and ``Gap`` must have
# no ``__post_init__``: otherwise the import stops here until ``gap_of`` is made to match.
_GAP_FIELDS = tuple(f.name for f in fields(Gap))
_GAP_OF_PARAMETERS = gap_of.__code__.co_varnames[: gap_of.__code__.co_argcount]
if _GAP_OF_PARAMETERS != _GAP_FIELDS or hasattr(Gap, "__post_init__"):
    raise RuntimeError("gap_of no longer makes a whole Gap: update it with Gap's fields")
_GAP_SETTERS = tuple(getattr(Gap, name).__set__ for name in _GAP_FIELDS)


def gaps_of(
    count: int,
    kind: Iterable[str],
    subject_id: Iterable[str],
    subject_name: Iterable[str | None],
    detail: Iterable[str],
    missing: Iterable[tuple[str, ...]],
    region_id: Iterable[str | None],
    sector_id: Iterable[str | None],
    org_id: Iterable[str | None],
    facts: Iterable[dict[str, Any]],
) -> list[Gap]:
    """``count`` gaps made column by column: ``gap_of`` of each row of these columns (at
    least ``count`` values each: a column may be ``repeat(value)``), the per-gap work in C.
    The gaps are made empty, then each slot is set for all of them (``map`` over the slot's
    setter): 575k gaps in 0.35 s, 0.59 s by ``map(gap_of, ...)`` (best of seven).

    >>> cols = (["plan_stale"], ["EP-1"], ["Plan"], ["stale"], [()], ["R"], ["S"], ["E"], [{}])
    >>> gaps_of(1, *cols) == [gap_of(*(c[0] for c in cols))]
    True
    """
    made = list(map(object.__new__, repeat(Gap, count)))
    columns = (kind, subject_id, subject_name, detail, missing, region_id, sector_id, org_id, facts)
    for setter, column in zip(_GAP_SETTERS, columns, strict=True):
        if len(list(map(setter, made, column))) != count:  # map stops at the shorter
            raise ValueError(f"gaps_of: a column of fewer than {count} values")
    return made


def _copied(value: Any) -> Any:
    """A copy of a value made of dicts, lists and tuples, as ``asdict`` copies one."""
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_copied(v) for v in value)
    return value


@dataclass(frozen=True)
class GapReport:
    as_of: str
    gaps: tuple[Gap, ...]

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(GAP_KINDS, 0)
        for gap in self.gaps:
            counts[gap.kind] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "gaps": [g.to_json() for g in self.gaps],
            "counts": self.counts,
        }


@dataclass(frozen=True)
class PostHeld:
    """An appointment: who held which post of which organization, when, on what basis."""

    person_id: str
    person_name: str | None
    position_id: str
    position_title: str | None
    org_id: str | None
    org_name: str | None
    role: str | None
    start: str | None
    end: str | None
    held_on_day: bool
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Charge:
    """An organization in someone's charge on the day, and the link that puts it there."""

    org_id: str
    org_name: str | None
    org_kind: str | None
    basis: str  # principal (they head it), assignment (分管) or enterprise (they run it)
    position_id: str
    link: Link


@dataclass(frozen=True)
class Covered:
    """An enterprise in a portfolio, through which organization and kind of remit."""

    enterprise_id: str
    enterprise_name: str | None
    sector_id: str | None
    region_id: str | None
    org_id: str
    kind: str  # industry, specialized, comprehensive, territorial or enterprise
    path: tuple[Link, ...]


@dataclass(frozen=True)
class Incident:
    kind: str  # hazard or accident
    id: str
    title: str | None
    enterprise_id: str
    date: str
    grade: str | None
    overdue: bool


@dataclass(frozen=True)
class Portfolio:
    """What a person (or an organization) answers for on a day."""

    subject_id: str
    subject_kind: str  # person or organization
    subject_name: str | None
    as_of: str
    posts: tuple[PostHeld, ...]
    vacant_posts: tuple[str, ...]  # an organization's posts nobody holds on the day
    charges: tuple[Charge, ...]
    leaders_in_charge: tuple[Charge, ...]  # for an organization: posts in charge of it
    enterprises: tuple[Covered, ...]
    sectors: tuple[tuple[str, str | None, str], ...]  # (sector, region, org) supervised
    incidents: tuple[Incident, ...]
    duties: tuple[tuple[str, str | None, str], ...]  # (duty, text, holder)

    @property
    def links(self) -> list[Link]:
        """Every link of the portfolio, once, in a stable order."""
        found = {c.link for c in (*self.charges, *self.leaders_in_charge)}
        for covered in self.enterprises:
            found.update(covered.path)
        return sorted(found)

    def to_json(self) -> dict[str, Any]:
        def plain(obj: Any) -> Any:
            if isinstance(obj, Link):
                return obj.to_json()
            if isinstance(obj, tuple | list):
                return [plain(x) for x in obj]
            if hasattr(obj, "__dataclass_fields__"):
                return {k: plain(getattr(obj, k)) for k in obj.__dataclass_fields__}
            return obj

        data: dict[str, Any] = plain(self)
        data["links"] = [link.to_json() for link in self.links]
        return data


@dataclass(frozen=True)
class LostLevel:
    """A subject that would have nobody accountable at ``level`` if the post fell vacant."""

    subject_id: str
    subject_kind: str
    subject_name: str | None
    level: str
    lost_person_ids: tuple[str, ...]
    remaining_above: tuple[tuple[str, str, str | None], ...]  # (level, person, position)


@dataclass(frozen=True)
class VacancyImpact:
    position_id: str
    position_title: str | None
    org_id: str | None
    as_of: str
    holders: tuple[str, ...]
    subjects_checked: int
    lost: tuple[LostLevel, ...]
    duties_unheld: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["lost"] = [
            {
                **asdict(x),
                "remaining_above": [
                    {"level": lv, "person_id": p, "position_id": pos}
                    for lv, p, pos in x.remaining_above
                ],
            }
            for x in self.lost
        ]
        return data
