"""The overview's coverage figures on a day, one row per enterprise, open hazard and
principal post, with the region and sector each counts under. Every decision comes from
the contract's answers (the gap report, the chains) or the store's facts; nothing is
judged twice. Chains come from ``graph_model.sweep`` (every enterprise's at once; a
hazard's is its enterprise's plus its owner), not from one ``chain()`` per hazard."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph_model.results import GapReport
from graph_model.rules import LevelRow
from graph_model.schema import HazardGrade, OrgKind, Role
from graph_model.store.base import GraphStore
from graph_model.sweep import Sweep, sweep
from graph_model.vocabulary import Level

# the organizations whose principal post the overview counts: every public one, and
# enterprises (whose principal is their first responsible person)
PRINCIPAL_KINDS = (
    OrgKind.PARTY_COMMITTEE,
    OrgKind.GOVERNMENT,
    OrgKind.ZONE_COMMITTEE,
    OrgKind.DEPARTMENT,
    OrgKind.ENTERPRISE,
)


@dataclass(frozen=True)
class EnterpriseFigure:
    id: str
    region_id: str | None
    sector_id: str | None
    supervised: bool  # has industry supervision on the day


@dataclass(frozen=True)
class HazardFigure:
    id: str
    region_id: str | None
    sector_id: str | None
    chain_ok: bool  # its chain on the day has no gap
    major: bool
    five_ok: bool  # major, and the five implementations are complete


@dataclass(frozen=True)
class PostFigure:
    id: str
    region_id: str | None
    sector_id: str | None
    filled: bool  # somebody holds it on the day


@dataclass(frozen=True)
class CoverageFigures:
    as_of: str
    enterprises: tuple[EnterpriseFigure, ...]
    hazards: tuple[HazardFigure, ...]  # open on the day
    posts: tuple[PostFigure, ...]  # principal posts of PRINCIPAL_KINDS organizations


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def coverage_figures(
    store: GraphStore, as_of: str, report: GapReport, swept: Sweep | None = None
) -> CoverageFigures:
    """The figures on ``as_of``; ``report`` is ``accountability.gaps(store, as_of)``,
    ``swept`` is ``sweep(store, as_of)`` (every chain found set-wise, not one per hazard).

    Read set-wise from the whole graph's facts the sweep was found from (where each
    organization is, each post and whether it is held, each open hazard's grade): no node
    is read on its own and no appointment twice."""
    swept = swept or sweep(store, as_of)
    facts = swept.facts
    unsupervised = {g.subject_id for g in report.gaps if g.kind == "enterprise_unsupervised"}
    incomplete = {g.subject_id for g in report.gaps if g.kind == "major_hazard_incomplete"}
    orgs = {o.id: o for o in facts.organizations}

    def where(org_id: str | None) -> tuple[str | None, str | None]:
        org = orgs.get(org_id or "")
        return (org.region_id, org.sector_id) if org else (None, None)

    ent_figures = tuple(
        EnterpriseFigure(e, *where(e), e not in unsupervised) for e in sorted(facts.enterprises)
    )
    grades = {h.id: h.grade for h in facts.hazards}
    hazards = []
    for hazard_id, ent_id in sorted((h, e) for e, hs in swept.open_hazards.items() for h in hs):
        major = grades.get(hazard_id) == HazardGrade.MAJOR
        hazards.append(
            HazardFigure(
                hazard_id,
                *where(ent_id),
                chain_ok=swept.hazard_chain_ok(hazard_id, ent_id),
                major=major,
                five_ok=major and hazard_id not in incomplete,
            )
        )
    posts = [
        PostFigure(p.position_id, *where(p.org_id), p.held)
        for p in sorted(facts.posts, key=lambda p: p.position_id)
        if p.role == Role.PRINCIPAL and p.org_id in orgs and orgs[p.org_id].kind in PRINCIPAL_KINDS
    ]
    return CoverageFigures(as_of, ent_figures, tuple(hazards), tuple(posts))


# -- the managers' action list ---------------------------------------------------------------
@dataclass(frozen=True)
class Person:
    id: str
    name: str
    name_zh: str | None
    post: str | None
    post_zh: str | None


@dataclass(frozen=True)
class ActionItem:
    """An open hazard that needs action on the day, with who must act."""

    hazard_id: str
    title: str
    title_zh: str | None
    grade: str
    deadline: str | None
    days_overdue: int  # 0 when not past its deadline
    enterprise_id: str | None
    region_id: str | None
    sector_id: str | None
    owner: Person | None  # the hazard's owner on the day (level hazard_owner)
    supervisors: tuple[Person, ...]  # industry supervision on the day
    reasons: tuple[str, ...]  # gap kinds: hazard_overdue, major_hazard_incomplete, chain_gap


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _named(names: Mapping[str, Mapping[str, Any]], rows: list[LevelRow]) -> tuple[Person, ...]:
    """The persons of a level's rows as a chain names them, in a chain's order; ``names``:
    the properties of every person and post concerned, read once for the whole list."""
    keys = sorted({(r.person_id, r.position_id) for r in rows})

    def opt(value: object) -> str | None:
        return None if value is None else str(value)

    people = []
    for person, post in keys:
        p, pos = names.get(person, {}), names.get(post, {}) if post else {}
        name = p.get("name") or p.get("name_zh")
        people.append(
            Person(
                person,
                "" if name is None else str(name),
                opt(p.get("name_zh")),
                opt(pos.get("title")),
                opt(pos.get("title_zh")),
            )
        )
    return tuple(people)


def action_items(
    store: GraphStore, as_of: str, report: GapReport, swept: Sweep | None = None
) -> tuple[ActionItem, ...]:
    """The open hazards that need action on ``as_of`` (overdue, major with the five
    implementations incomplete, or a chain with a gap): major before the rest, then the most
    overdue first. ``report`` is ``accountability.gaps(store, as_of)``, ``swept`` is
    ``sweep(store, as_of)``. The hazards, owners and supervisors are named by one read of
    the store for the whole list (not one per item: a round trip each on Neo4j)."""
    swept = swept or sweep(store, as_of)
    reasons: dict[str, list[str]] = {}
    for g in report.gaps:
        if g.kind in ("hazard_overdue", "major_hazard_incomplete"):
            reasons.setdefault(g.subject_id, []).append(g.kind)
    wanted: list[tuple[str, str, list[str], list[LevelRow], list[LevelRow]]] = []
    for ent_id, hazard_ids in swept.open_hazards.items():
        for hazard_id in hazard_ids:
            why = list(reasons.get(hazard_id, []))
            if not swept.hazard_chain_ok(hazard_id, ent_id):
                why.append("chain_gap")
            if not why:
                continue
            owner = swept.hazard_owners.get(hazard_id)
            owners = [LevelRow(Level.HAZARD_OWNER, owner, "", None, None, ())] if owner else []
            supervisors = swept.rows_at(ent_id, Level.INDUSTRY_SUPERVISION)
            wanted.append((hazard_id, ent_id, why, owners, supervisors))
    ids = {i for h, _, _, o, s in wanted for r in (*o, *s) for i in (r.person_id, r.position_id)}
    # the shown names only; a hazard's grade and deadline are in the facts the sweep is made
    # of (every property of each item's hazard, person and post was 25 s of a province's 84)
    names = store.names(sorted({i for i in ids if i} | {w[0] for w in wanted}))
    hazards = {h.id: h for h in swept.facts.hazards}
    orgs = {o.id: o for o in swept.facts.organizations}
    day = date.fromisoformat(as_of)
    items = []
    for hazard_id, ent_id, why, owners, supervisors in wanted:
        fact = hazards.get(hazard_id)
        if hazard_id not in names or fact is None:
            continue
        props = names[hazard_id]
        deadline = _text(fact.deadline)
        due = _day(deadline)
        late = (day - due).days if due and day > due else 0
        ent = orgs.get(ent_id)
        items.append(
            ActionItem(
                hazard_id,
                str(props.get("title") or hazard_id),
                _text(props.get("title_zh")),
                str(fact.grade or ""),
                deadline,
                late,
                ent_id,
                ent.region_id if ent else None,
                ent.sector_id if ent else None,
                next(iter(_named(names, owners)), None),
                _named(names, supervisors),
                tuple(sorted(set(why))),
            )
        )
    items.sort(key=lambda i: (i.grade != HazardGrade.MAJOR, -i.days_overdue, i.hazard_id))
    return tuple(items)
