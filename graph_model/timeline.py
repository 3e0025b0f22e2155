"""Accountability over a range of days: who answered for a hazard or an accident at each
level, from when to when, and where nobody did.

A chain on day D depends only on which dated relationships (appointments, assignments,
supervision rows) are valid on D, so it can change only on a day one of them starts or on the
day after one ends. The timeline asks the store for those days within the range, computes
``chain`` once per stretch between them, and joins the stretches into maximal periods: for
every day D of the range, the periods that cover D are exactly the entries of ``chain(...,
D)`` and the gap periods exactly its gaps.

Examples run against the sample dataset (``data/sample``), loaded into ``store``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from graph_model.accountability import SubjectNotFound, chain, level_index, today
from graph_model.dates import minus_years
from graph_model.results import SUPERVISION_LEVELS, Chain, Subject
from graph_model.store.base import GraphStore

__all__ = ["GapPeriod", "Mark", "Period", "Timeline", "default_range", "timeline"]

MARKS = ("found", "deadline", "closed", "occurred")  # the days a timeline marks, and their fields
_MARK_FIELDS = {"found": "found_on", "deadline": "deadline", "closed": "closed_on"}


@dataclass(frozen=True)
class Period:
    """A maximal run of days on which an entry (level, person, post, responsibility) is in
    the day's chain; ``start`` and ``end`` are inclusive."""

    level: str
    person_id: str
    person_name: str
    position_id: str | None
    position_title: str | None
    org_id: str | None
    org_name: str | None
    responsibility: str
    start: str
    end: str

    def covers(self, day: str) -> bool:
        return self.start <= day <= self.end

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GapPeriod:
    """A maximal run of days on which a chain gap (level, reason, subject) is in the chain."""

    level: str
    reason: str
    subject_id: str
    start: str
    end: str

    def covers(self, day: str) -> bool:
        return self.start <= day <= self.end

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Mark:
    day: str
    what: str  # one of MARKS

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day, "what": self.what}


@dataclass(frozen=True)
class Timeline:
    subject: Subject
    start: str
    end: str
    periods: tuple[Period, ...]
    gaps: tuple[GapPeriod, ...]
    marks: tuple[Mark, ...]
    stretches: int  # how many chains were computed (one per stretch without a change)

    def levels(self) -> list[str]:
        kind = self.subject.kind
        return Chain(self.subject, self.start, (), ()).levels() if kind else []

    def on(self, day: str) -> tuple[list[Period], list[GapPeriod]]:
        """The periods and gap periods that cover ``day``."""
        return [p for p in self.periods if p.covers(day)], [g for g in self.gaps if g.covers(day)]

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject.to_json(),
            "from": self.start,
            "to": self.end,
            "periods": [p.to_json() for p in self.periods],
            "gaps": [g.to_json() for g in self.gaps],
            "marks": [m.to_json() for m in self.marks],
        }


def _day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def default_range(info: dict[str, Any]) -> tuple[str, str]:
    """A hazard: ``found_on`` to ``closed_on`` (today while it is open); an accident: the
    year before ``occurred_on`` up to it; anything else: the year up to today.

    >>> default_range({"found_on": "2019-04-10", "closed_on": None})[0]
    '2019-04-10'
    >>> default_range({"occurred_on": "2019-06-30"})
    ('2018-06-30', '2019-06-30')
    """
    if info.get("found_on"):
        return str(info["found_on"]), str(info.get("closed_on") or today())
    if info.get("occurred_on"):
        day = str(info["occurred_on"])
        return minus_years(day, 1), day
    return minus_years(today(), 1), today()


def _marks(info: dict[str, Any]) -> tuple[Mark, ...]:
    marks = [Mark(str(info[f]), what) for what, f in _MARK_FIELDS.items() if info.get(f)]
    if info.get("occurred_on"):
        marks.append(Mark(str(info["occurred_on"]), "occurred"))
    return tuple(sorted(marks, key=lambda m: (m.day, MARKS.index(m.what))))


def timeline(
    store: GraphStore, subject_id: str, start: str | None = None, end: str | None = None
) -> Timeline:
    """Who was accountable for a hazard, an accident or an enterprise on every day from
    ``start`` to ``end`` (inclusive; defaults: ``default_range``).

    Examples
    --------
    >>> t = timeline(store, "HZ-004", "2018-11-15", "2019-06-30")
    >>> [(p.person_id, p.start, p.end) for p in t.periods if p.position_id == "POS-105"]
    [('P-208', '2019-02-01', '2019-06-30')]
    >>> [(str(g.reason), g.start, g.end) for g in t.gaps if g.subject_id == "POS-105"]
    [('post_vacant', '2018-11-15', '2019-01-31')]
    >>> [(m.what, m.day) for m in t.marks]
    [('found', '2018-11-15'), ('deadline', '2019-05-31')]
    """
    info = store.nodes([subject_id]).get(subject_id)
    if info is None:
        raise SubjectNotFound(f"no hazard, accident or enterprise with id {subject_id!r}")
    first, last = default_range(info)
    first, last = start or first, end or last
    if first > last:
        raise ValueError(f"the range is empty: {first} is after {last}")
    chains = _chains_on_change_days(store, subject_id, first, last)
    days = sorted(chains)
    open_entries: dict[tuple[str, str, str, str], list[Any]] = {}
    open_gaps: dict[tuple[str, str, str], list[str]] = {}
    periods: list[Period] = []
    gap_periods: list[GapPeriod] = []
    for i, day in enumerate(days):
        stretch_end = _day_before(days[i + 1]) if i + 1 < len(days) else last
        c = chains[day]
        seen = set()
        for e in c.entries:
            key = (e.level, e.person_id, e.position_id or "", e.responsibility)
            seen.add(key)
            if key in open_entries:
                open_entries[key][1] = stretch_end
            else:
                open_entries[key] = [day, stretch_end, e]
        for key in [k for k in open_entries if k not in seen]:
            periods.append(_period(*open_entries.pop(key)))
        seen_gaps = set()
        for g in c.gaps:
            gkey = (g.level, g.reason, g.subject_id)
            seen_gaps.add(gkey)
            if gkey in open_gaps:
                open_gaps[gkey][1] = stretch_end
            else:
                open_gaps[gkey] = [day, stretch_end]
        for gkey in [k for k in open_gaps if k not in seen_gaps]:
            gap_periods.append(GapPeriod(*gkey, *open_gaps.pop(gkey)))
    subject = chains[first].subject
    periods += [_period(*v) for v in open_entries.values()]
    gap_periods += [GapPeriod(*k, *v) for k, v in open_gaps.items()]
    periods.sort(key=lambda p: (level_index(p.level), p.start, p.person_id, p.position_id or ""))
    gap_periods.sort(key=lambda g: (level_index(g.level), g.start, g.reason, g.subject_id))
    return Timeline(
        subject,
        first,
        last,
        tuple(periods),
        tuple(gap_periods),
        _marks(info),
        len(days),
    )


def _chains_on_change_days(
    store: GraphStore, subject_id: str, first: str, last: str
) -> dict[str, Chain]:
    """The chain on ``first`` and on every day within the range on which it can change.

    It can change only when a supervision row, an appointment to a post it looks at, or an
    assignment to a department it finds starts or ends. Every post a level looks at shows
    in the chain (an entry, or a ``post_vacant`` gap), and so does every organization found
    at a supervision level (through its principal post, or a ``no_post`` gap). So: chain the
    known change days, watch what those chains show, ask for the change days of what is
    watched, and repeat until no new day turns up. Days of unrelated posts are never asked.
    """
    chains: dict[str, Chain] = {}
    posts: set[str] = set()
    orgs: set[str] = set()
    todo = {first}
    while todo:
        vacant_principals: set[str] = set()  # posts of organizations found at supervision
        for day in sorted(todo):
            c = chains[day] = chain(store, subject_id, day)
            for e in c.entries:
                if e.position_id:
                    posts.add(e.position_id)
                if e.level in SUPERVISION_LEVELS and e.org_id:
                    orgs.add(e.org_id)
            for g in c.gaps:
                if g.reason == "post_vacant":
                    posts.add(g.subject_id)
                    if g.level in SUPERVISION_LEVELS:
                        vacant_principals.add(g.subject_id)
                elif g.reason in ("no_post", "no_assignment"):
                    orgs.add(g.subject_id)
        for props in store.nodes(sorted(vacant_principals)).values():
            if props.get("org_id"):
                orgs.add(str(props["org_id"]))
        days = store.change_days(first, last, sorted(posts), sorted(orgs))
        todo = set(days) - chains.keys()
    return chains


def _period(start: str, end: str, e: Any) -> Period:
    return Period(
        e.level,
        e.person_id,
        e.person_name,
        e.position_id,
        e.position_title,
        e.org_id,
        e.org_name,
        e.responsibility,
        start,
        end,
    )
