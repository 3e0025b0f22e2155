"""The path finder's answer on a day: how one node is accountable for another, through
links each valid on that day (the contract's chain, never graph proximity)."""

from __future__ import annotations

from dataclasses import dataclass

from graph_model import accountability
from graph_model.results import ChainEntry
from graph_model.store.base import GraphStore


@dataclass(frozen=True)
class AccountabilityPath:
    """How ``other`` is accountable for ``subject`` on a day: one entry of the subject's
    chain (its level, responsibility and path of links, each valid on the day)."""

    subject_id: str
    other_id: str
    entry: ChainEntry


def find(store: GraphStore, a: str, b: str, as_of: str) -> list[AccountabilityPath]:
    """The paths between ``a`` and ``b`` made only of accountability links valid on
    ``as_of``: one of them a hazard, accident or enterprise, the other a person, post or
    organization of its chain on the day. Empty when neither is a subject, or the other is
    in no level of its chain (graph proximity is not accountability)."""
    found: list[AccountabilityPath] = []
    for subject, other in ((a, b), (b, a)):
        try:
            c = accountability.chain(store, subject, as_of)
        except accountability.SubjectNotFound:
            continue
        for e in c.entries:
            if other in (e.person_id, e.position_id, e.org_id):
                found.append(AccountabilityPath(subject, other, e))
        if found:
            break
    return found
