"""The posts everything hangs on, and the people who carry the most, on one day.

``vacancy_impact(store, post, D)`` re-chains one post's remit with the post vacant. A vacancy
removes only that post's own entries (the organizations a level finds come from supervision
rows, assignments and regions, never from who holds a post), so a post leaves a subject with
nobody at a level exactly when it is the only post with entries at that level. A hazard's
levels other than ``hazard_owner`` (which names a person, not a post) are its enterprise's.
So one chain per enterprise answers for every post at once, and ``graph_model.sweep`` finds
them all set-wise (one pass over the graph's facts): ``single_points_of_failure`` finds, per
enterprise and level, the one post there is, and counts the enterprise and its hazards open
that day. The subjects ``vacancy_impact`` checks are the post's remit; the rule
``_reaches`` below says when an enterprise is in it, the same way.

Examples run against the sample dataset (``data/sample``), loaded into ``store``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from graph_model.accountability import LEVEL_RANK, today
from graph_model.results import LEVELS
from graph_model.rules import LevelRow
from graph_model.store.base import GraphStore
from graph_model.sweep import Sweep, sweep

__all__ = [
    "Entry",
    "FragilePost",
    "LoadReport",
    "PersonLoad",
    "Snapshot",
    "SpofReport",
    "person_load",
    "single_points_of_failure",
    "snapshot",
]


@dataclass(frozen=True)
class Entry:
    """Somebody found at a level of an enterprise's chain, through a post of ``org_id``."""

    level: str
    person_id: str
    position_id: str | None
    org_id: str | None


@dataclass(frozen=True)
class Snapshot:
    """Every enterprise's chain entries on one day, and the hazards open that day at each."""

    as_of: str
    entries: dict[str, tuple[Entry, ...]]  # enterprise -> its chain's entries
    open_hazards: dict[str, tuple[str, ...]]  # enterprise -> hazards open on the day
    hazard_owners: dict[str, str]  # open hazard -> its owner (整改责任人), where recorded
    org_kinds: dict[str, str | None]


def snapshot(store: GraphStore, as_of: str | None = None, swept: Sweep | None = None) -> Snapshot:
    """Every enterprise's chain on ``as_of`` (default today), found set-wise
    (``graph_model.sweep``; ``swept`` when the caller has it already): what both rankings read.

    >>> s = snapshot(store, "2019-06-30")
    >>> len(s.entries), sum(len(h) for h in s.open_hazards.values())
    (17, 13)
    """
    day = as_of or today()
    swept = swept if swept is not None and swept.as_of == day else sweep(store, day)
    entries = _entries(swept)
    owners = swept.hazard_owners
    # the shown properties (one record at Neo4j), not every property of each node a record
    # each: 79 s of a province's 164 s
    known = store.names(sorted(set(owners.values())))
    orgs = {e.org_id for es in entries.values() for e in es if e.org_id}
    # their kinds from the facts the sweep was made of, not a read of 200k names at P
    kinds: dict[str, object] = {o.id: o.kind for o in swept.facts.organizations if o.id in orgs}
    missing = sorted(orgs - kinds.keys())
    kinds.update({o: p.get("kind") for o, p in store.names(missing).items()} if missing else {})
    return Snapshot(
        day,
        entries,
        {e: hs for e, hs in swept.open_hazards.items() if hs},
        {h: p for h, p in owners.items() if p in known},
        {o: (None if k is None else str(k)) for o, k in kinds.items()},
    )


def _entries(swept: Sweep) -> dict[str, tuple[Entry, ...]]:
    """Each enterprise's distinct entries in chain order (level, person, post, organization).

    The rows above an enterprise are the very row objects of every enterprise of its sector
    and region (``sweep`` shares them), so a row is made an entry, and its place in the
    order, once: a province has 3.5M rows and 200k enterprises."""
    made: dict[int, tuple[LevelRow, Entry, tuple[int, str, str, str]]] = {}  # id(row) ->
    interned: dict[tuple[str, str, str | None, str | None], Entry] = {}
    out: dict[str, tuple[Entry, ...]] = {}
    for ent, found in swept.levels.items():
        mine: dict[int, tuple[LevelRow, Entry, tuple[int, str, str, str]]] = {}
        for row in found.rows:
            hit = made.get(id(row))
            if hit is None:  # the row is kept in ``hit``: its id stays its own
                key = (str(row.level), row.person_id, row.position_id or None, row.org_id)
                entry = interned.get(key)
                if entry is None:
                    entry = interned[key] = Entry(*key)
                order = (LEVEL_RANK[key[0]], key[1], key[2] or "", key[3] or "")
                hit = made[id(row)] = (row, entry, order)
            mine[id(hit[1])] = hit
        out[ent] = tuple(h[1] for h in sorted(mine.values(), key=itemgetter(2)))
    return out


def _names(store: GraphStore, ids: set[str]) -> dict[str, dict[str, Any]]:
    return store.names(sorted(i for i in ids if i))


def _person_name(props: dict[str, Any]) -> str:
    name = props.get("name") or props.get("name_zh")
    return "" if name is None else str(name)


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


# -- single points of failure ----------------------------------------------------------------
@dataclass(frozen=True)
class FragilePost:
    position_id: str
    position_title: str | None
    org_id: str | None
    org_name: str | None
    holders: tuple[str, ...]
    holder_names: tuple[str, ...]
    lost: tuple[tuple[str, str], ...]  # (subject, level) left with nobody if the post fell vacant

    @property
    def subjects_lost(self) -> int:
        return len({s for s, _ in self.lost})

    @property
    def by_level(self) -> dict[str, int]:
        counts: dict[str, set[str]] = defaultdict(set)
        for subject, level in self.lost:
            counts[level].add(subject)
        return {lv: len(counts[lv]) for lv in LEVELS if lv in counts}

    def to_json(self) -> dict[str, Any]:
        return {
            "position_id": self.position_id,
            "position_title": self.position_title,
            "org_id": self.org_id,
            "org_name": self.org_name,
            "holders": list(self.holders),
            "holder_names": list(self.holder_names),
            "subjects_lost": self.subjects_lost,
            "by_level": self.by_level,
            "subjects": sorted({s for s, _ in self.lost}),
        }


@dataclass(frozen=True)
class SpofReport:
    as_of: str
    positions: tuple[FragilePost, ...]  # posts that would leave something with nobody

    def lost_by(self, position_id: str) -> int:
        """How many subjects ``position_id`` would leave with nobody (0 if none)."""
        return next((p.subjects_lost for p in self.positions if p.position_id == position_id), 0)

    def to_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "positions": [p.to_json() for p in self.positions]}


def _reaches(entry: Entry, enterprise: str, kinds: dict[str, str | None]) -> bool:
    """Is the enterprise in the remit ``vacancy_impact`` checks for the entry's post?

    Its remit: the post's own enterprise, what its organization covers when it is the
    principal post of a non-enterprise, and what the departments it is in charge of cover.
    """
    kind = kinds.get(entry.org_id or "")
    if entry.level == "enterprise":
        return kind == "enterprise" and entry.org_id == enterprise
    if entry.level == "leadership_in_charge":
        return True  # in charge of a department that supervises the enterprise
    return kind != "enterprise"  # the principal post of a supervising or territorial org


def single_points_of_failure(
    store: GraphStore,
    as_of: str | None = None,
    top: int | None = None,
    *,
    snap: Snapshot | None = None,
) -> SpofReport:
    """The posts whose vacancy on ``as_of`` (default today) would leave enterprises and open
    hazards with nobody at some level, most subjects first. ``subjects_lost`` of a post is
    the number of subjects ``vacancy_impact(store, post, as_of)`` lists.

    Examples
    --------
    >>> report = single_points_of_failure(store, "2019-06-30", top=2)
    >>> [(p.position_id, p.subjects_lost) for p in report.positions]
    [('POS-010', 18), ('POS-016', 13)]
    >>> {str(k): n for k, n in report.positions[0].by_level.items()}
    {'industry_supervision': 7, 'comprehensive_supervision': 18}
    """
    snap = snap or snapshot(store, as_of)
    lost: dict[str, set[tuple[str, str]]] = defaultdict(set)
    holders: dict[str, set[str]] = defaultdict(set)
    levels = set(LEVELS)
    kinds = snap.org_kinds
    for ent, entries in snap.entries.items():
        # one pass over the entries: the posts at each level, and those whose remit has ent
        at: dict[str, set[str | None]] = defaultdict(set)
        reached: set[str] = set()
        for e in entries:
            post = e.position_id
            at[e.level].add(post)
            if post:
                holders[post].add(e.person_id)
                if _reaches(e, ent, kinds):
                    reached.add(post)
        subjects: tuple[str, ...] = ()
        for level, posts in at.items():
            if len(posts) != 1 or level not in levels:
                continue
            (one,) = posts
            if one is None or one not in reached:
                continue
            subjects = subjects or (ent, *snap.open_hazards.get(ent, ()))
            lost[one].update((subject, level) for subject in subjects)
    # the ranking first: only the posts kept are named and their subjects sorted
    ranked = sorted(lost, key=lambda p: (-len({s for s, _ in lost[p]}), p))
    kept = ranked[:top] if top is not None else ranked
    names = _names(store, set(kept) | {p for post in kept for p in holders[post]})
    org_ids = {str(names.get(post, {}).get("org_id") or "") for post in kept}
    names.update(_names(store, org_ids))
    positions = []
    for post in kept:
        subjects_of = lost[post]
        pos = names.get(post, {})
        org_id = _opt(pos.get("org_id"))
        people = sorted(holders[post])
        positions.append(
            FragilePost(
                post,
                _opt(pos.get("title")),
                org_id,
                _opt(names.get(org_id or "", {}).get("name")) if org_id else None,
                tuple(people),
                tuple(_person_name(names.get(p, {})) for p in people),
                tuple(sorted(subjects_of, key=lambda s: (LEVEL_RANK[s[1]], s[0]))),
            )
        )
    return SpofReport(snap.as_of, tuple(positions))


# -- load per person -------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonLoad:
    person_id: str
    person_name: str
    subjects: tuple[str, ...]  # enterprises and open hazards they are in the chain of
    departments: tuple[str, ...]  # departments in their charge (分管) through a post in a chain
    by_level: dict[str, int] = field(default_factory=dict)  # subjects per level

    def to_json(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "person_name": self.person_name,
            "subjects": len(self.subjects),
            "departments": len(self.departments),
            "department_ids": list(self.departments),
            "by_level": self.by_level,
        }


@dataclass(frozen=True)
class LoadReport:
    as_of: str
    persons: tuple[PersonLoad, ...]

    def to_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "persons": [p.to_json() for p in self.persons]}


def person_load(
    store: GraphStore,
    as_of: str | None = None,
    top: int | None = None,
    *,
    snap: Snapshot | None = None,
) -> LoadReport:
    """Persons ranked by how many enterprises and open hazards they answer for on ``as_of``
    (default today), then by how many departments are in their charge.

    Examples
    --------
    >>> top = person_load(store, "2019-06-30", top=1).persons[0]
    >>> top.person_id, len(top.subjects), top.departments
    ('P-102', 29, ('ORG-010', 'ORG-012'))
    """
    snap = snap or snapshot(store, as_of)
    subjects: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    names: dict[str, str] = {}
    leading: dict[str, set[str]] = defaultdict(set)  # person -> posts at leadership_in_charge
    for ent, entries in snap.entries.items():
        mine = (ent, *snap.open_hazards.get(ent, ()))
        for e in entries:
            subjects[e.person_id][e.level].update(mine)
            if e.level == "leadership_in_charge" and e.position_id:
                leading[e.person_id].add(e.position_id)
    for hazard, owner in snap.hazard_owners.items():
        subjects[owner]["hazard_owner"].add(hazard)
    posts = sorted({p for ps in leading.values() for p in ps})
    charge: dict[str, set[str]] = defaultdict(set)
    for row in store.assignments(snap.as_of, position_ids=posts) if posts else []:
        charge[row.position_id].add(row.org_id)
    # the ranking first, on counts: only the persons kept are named and their subjects sorted
    # (a province has 535k persons in some chain)
    answered = {person: set().union(*levels.values()) for person, levels in subjects.items()}
    departments = {p: {o for post in leading.get(p, ()) for o in charge[post]} for p in subjects}
    ranked = sorted(subjects, key=lambda p: (-len(answered[p]), -len(departments[p]), p))
    kept = ranked[:top] if top is not None else ranked
    for pid, props in _names(store, set(kept)).items():
        names[pid] = _person_name(props)
    persons = []
    for person in kept:
        levels = subjects[person]
        persons.append(
            PersonLoad(
                person,
                names.get(person, ""),
                tuple(sorted(answered[person])),
                tuple(sorted(departments[person])),
                {lv: len(levels[lv]) for lv in LEVELS if levels.get(lv)},
            )
        )
    return LoadReport(snap.as_of, tuple(persons))
