"""What changed in a chain between two days: persons added and removed per level, gaps
opened and closed.

Examples run against the sample dataset (``data/sample``), loaded into ``store``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph_model.accountability import chain
from graph_model.results import Chain, ChainEntry, ChainGap, Subject
from graph_model.store.base import GraphStore

__all__ = ["ChainComparison", "LevelChange", "compare_chains"]


def _entry_key(e: ChainEntry) -> tuple[str, str, str]:
    return (e.person_id, e.position_id or "", e.responsibility)


def _entry_json(e: ChainEntry) -> dict[str, Any]:
    return {
        "person_id": e.person_id,
        "person_name": e.person_name,
        "position_id": e.position_id,
        "position_title": e.position_title,
        "responsibility": e.responsibility,
    }


@dataclass(frozen=True)
class LevelChange:
    level: str
    added: tuple[ChainEntry, ...]  # in the chain on the second day, not on the first
    removed: tuple[ChainEntry, ...]  # in the chain on the first day, not on the second
    kept: tuple[ChainEntry, ...]  # in both (as on the second day)

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "added": [_entry_json(e) for e in self.added],
            "removed": [_entry_json(e) for e in self.removed],
            "unchanged": [_entry_json(e) for e in self.kept],
        }


@dataclass(frozen=True)
class ChainComparison:
    subject: Subject
    first: str
    second: str
    levels: tuple[LevelChange, ...]
    gaps_opened: tuple[ChainGap, ...]
    gaps_closed: tuple[ChainGap, ...]
    gaps_kept: tuple[ChainGap, ...]

    @property
    def changed(self) -> bool:
        return bool(
            self.gaps_opened
            or self.gaps_closed
            or any(lc.added or lc.removed for lc in self.levels)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject.to_json(),
            "from": self.first,
            "to": self.second,
            "levels": [lc.to_json() for lc in self.levels],
            "gaps_opened": [g.to_json() for g in self.gaps_opened],
            "gaps_closed": [g.to_json() for g in self.gaps_closed],
            "gaps_unchanged": [g.to_json() for g in self.gaps_kept],
        }


def compare(before: Chain, after: Chain) -> ChainComparison:
    """Compare two chains of the same subject (on two days)."""
    levels = []
    for level in after.levels():
        a = {_entry_key(e): e for e in before.entries if e.level == level}
        b = {_entry_key(e): e for e in after.entries if e.level == level}
        levels.append(
            LevelChange(
                level,
                tuple(b[k] for k in sorted(b.keys() - a.keys())),
                tuple(a[k] for k in sorted(a.keys() - b.keys())),
                tuple(b[k] for k in sorted(a.keys() & b.keys())),
            )
        )
    gaps_a, gaps_b = set(before.gaps), set(after.gaps)
    return ChainComparison(
        after.subject,
        before.as_of,
        after.as_of,
        tuple(levels),
        tuple(g for g in after.gaps if g not in gaps_a),
        tuple(g for g in before.gaps if g not in gaps_b),
        tuple(g for g in after.gaps if g in gaps_a),
    )


def compare_chains(store: GraphStore, subject_id: str, first: str, second: str) -> ChainComparison:
    """The chain of ``subject_id`` on ``first`` against its chain on ``second``.

    Examples
    --------
    >>> c = compare_chains(store, "HZ-004", "2018-12-31", "2019-02-01")
    >>> [(e.person_id, e.position_id) for lc in c.levels for e in lc.added][:2]
    [('P-208', 'POS-105'), ('P-111', 'POS-010')]
    >>> [(str(g.reason), g.subject_id) for g in c.gaps_closed]
    [('post_vacant', 'POS-105'), ('none_found', 'ENT-003')]
    """
    return compare(chain(store, subject_id, first), chain(store, subject_id, second))
