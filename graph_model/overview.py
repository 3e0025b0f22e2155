"""The overview's coverage figures on a day, one row per enterprise, open hazard and
principal post, with the region and sector each counts under. Every decision comes from
the contract's answers (the gap report, the chains) or the store's facts; nothing is
judged twice. Chains come from ``graph_model.sweep`` (every enterprise's at once; a
hazard's is its enterprise's plus its owner), not from one ``chain()`` per hazard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph_model.results import GapReport
from graph_model.rules import LevelRow
from graph_model.schema import HazardGrade, Label, OrgKind, Role
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
    ``swept`` is ``sweep(store, as_of)`` (every chain found set-wise, not one per hazard)."""
    swept = swept or sweep(store, as_of)
    unsupervised = {g.subject_id for g in report.gaps if g.kind == "enterprise_unsupervised"}
    incomplete = {g.subject_id for g in report.gaps if g.kind == "major_hazard_incomplete"}
    enterprises = {c.id: c for c in store.node_cards([Label.ENTERPRISE])}
    ent_figures = tuple(
        EnterpriseFigure(
            c.id,
            _text(c.props.get("region_id")),
            _text(c.props.get("sector_id")),
            c.id not in unsupervised,
        )
        for c in enterprises.values()
    )

    open_hazards = sorted((h, e) for e, hs in swept.open_hazards.items() for h in hs)
    hazard_cards = {c.id: c for c in store.node_cards([Label.HAZARD])}
    hazards = []
    for hazard_id, ent_id in open_hazards:
        ent = enterprises.get(ent_id)
        major = hazard_cards[hazard_id].props.get("grade") == HazardGrade.MAJOR
        hazards.append(
            HazardFigure(
                hazard_id,
                _text(ent.props.get("region_id")) if ent else None,
                _text(ent.props.get("sector_id")) if ent else None,
                chain_ok=swept.hazard_chain_ok(hazard_id, ent_id),
                major=major,
                five_ok=major and hazard_id not in incomplete,
            )
        )

    orgs = {c.id: c for c in store.node_cards([Label.ORGANIZATION])}
    held = {a.position_id for a in store.all_appointments() if a.held_on(as_of)}
    posts = []
    for card in store.node_cards([Label.POSITION]):
        if card.props.get("role") != Role.PRINCIPAL:
            continue
        org = orgs.get(str(card.props.get("org_id") or ""))
        if org is None or org.props.get("kind") not in PRINCIPAL_KINDS:
            continue
        posts.append(
            PostFigure(
                card.id,
                _text(org.props.get("region_id")),
                _text(org.props.get("sector_id")),
                card.id in held,
            )
        )
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


def _named(store: GraphStore, rows: list[LevelRow]) -> tuple[Person, ...]:
    """The persons of a level's rows as a chain names them, in a chain's order."""
    keys = sorted({(r.person_id, r.position_id) for r in rows})
    names = store.nodes(sorted({i for k in keys for i in k if i}))

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
    ``sweep(store, as_of)``."""
    swept = swept or sweep(store, as_of)
    reasons: dict[str, list[str]] = {}
    for g in report.gaps:
        if g.kind in ("hazard_overdue", "major_hazard_incomplete"):
            reasons.setdefault(g.subject_id, []).append(g.kind)
    enterprises = {c.id: c for c in store.node_cards([Label.ENTERPRISE])}
    hazard_cards = {c.id: c for c in store.node_cards([Label.HAZARD])}
    day = date.fromisoformat(as_of)
    items = []
    for ent_id, hazard_ids in swept.open_hazards.items():
        for hazard_id in hazard_ids:
            if hazard_id not in hazard_cards:
                continue
            why = list(reasons.get(hazard_id, []))
            if not swept.hazard_chain_ok(hazard_id, ent_id):
                why.append("chain_gap")
            if not why:
                continue
            props = hazard_cards[hazard_id].props
            deadline = _text(props.get("deadline"))
            due = _day(deadline)
            late = (day - due).days if due and day > due else 0
            ent = enterprises.get(ent_id)
            owner = swept.hazard_owners.get(hazard_id)
            owners = [LevelRow(Level.HAZARD_OWNER, owner, "", None, None, ())] if owner else []
            items.append(
                ActionItem(
                    hazard_id,
                    str(props.get("title") or hazard_id),
                    _text(props.get("title_zh")),
                    str(props.get("grade") or ""),
                    deadline,
                    late,
                    ent_id,
                    _text(ent.props.get("region_id")) if ent else None,
                    _text(ent.props.get("sector_id")) if ent else None,
                    next(iter(_named(store, owners)), None),
                    _named(store, swept.rows_at(ent_id, Level.INDUSTRY_SUPERVISION)),
                    tuple(sorted(set(why))),
                )
            )
    items.sort(key=lambda i: (i.grade != HazardGrade.MAJOR, -i.days_overdue, i.hazard_id))
    return tuple(items)
