"""The store interface that both stores implement, and what their writes report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from graph_model.facts import (
    AppointmentRow,
    ChainFacts,
    ChargeRow,
    CoverRow,
    GapRow,
    IncidentRow,
)
from graph_model.results import Link
from graph_model.schema import GraphBatch, Rel


@dataclass
class ApplyResult:
    """What one write changed: nodes and relationships created, changed and removed."""

    nodes_created: int = 0
    nodes_changed: int = 0
    rels_created: int = 0
    rels_changed: int = 0
    rels_removed: int = 0

    @property
    def unchanged(self) -> bool:
        return not (
            self.nodes_created
            or self.nodes_changed
            or self.rels_created
            or self.rels_changed
            or self.rels_removed
        )


@dataclass
class Stats:
    """Counts per node label and per relationship type (the label ``Entity`` is left out)."""

    labels: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {
            "nodes": dict(sorted(self.labels.items())),
            "relationships": dict(sorted(self.relationships.items())),
        }


class StoreUnavailable(Exception):
    """The store cannot be reached or opened; the message says where and why, in one line."""


@runtime_checkable
class GraphStore(Protocol):
    """What every store does. Nothing outside ``graph_model.store`` knows how."""

    backend: str
    location: str  # where the graph is: a file path or a URI

    def apply(self, batch: GraphBatch) -> ApplyResult:
        """Upsert a batch in one transaction: all of it or nothing."""
        ...

    def labels_of(self, ids: Iterable[str]) -> dict[str, frozenset[str]]:
        """The labels of those ids that are in the store."""
        ...

    def tree_links(self, rel: Rel, ids: Iterable[str]) -> set[tuple[str, str]]:
        """The stored ``rel`` links (child, parent) on the way up from these ids: each id's
        own parent link, its parent's, and so on to the top. For trees (``PART_OF``,
        ``SUBSECTOR_OF``, ``SUBORDINATE_TO``), so that a load can see cycles it would close."""
        ...

    def stats(self) -> Stats: ...

    def ids_with_label(self, label: str) -> list[str]:
        """Every id carrying ``label``, sorted (to check and suggest the ids people type)."""
        ...

    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Properties (plus ``labels``) of those ids that are in the store."""
        ...

    def chain_facts(
        self, subject_id: str, as_of: str, vacant: str | None = None
    ) -> ChainFacts | None:
        """What each chain level finds for a hazard, accident or enterprise on ``as_of``;
        ``vacant``: a position treated as held by nobody (for vacancy impact)."""
        ...

    def gap_rows(self, as_of: str) -> list[GapRow]:
        """Every coverage gap on ``as_of``, unordered."""
        ...

    def region_descendants(self, region_id: str) -> set[str]:
        """The region and every region below it."""
        ...

    def appointments(
        self, person_id: str | None = None, org_id: str | None = None
    ) -> list[AppointmentRow]:
        """Every appointment (any date) of a person, or to the posts of an organization."""
        ...

    def positions_of(self, org_id: str) -> list[str]:
        """The posts of an organization."""
        ...

    def assignments(
        self,
        as_of: str,
        position_ids: list[str] | None = None,
        org_ids: list[str] | None = None,
    ) -> list[ChargeRow]:
        """Assignments valid on ``as_of`` of these posts, or to these organizations."""
        ...

    def coverage(self, org_ids: list[str], as_of: str) -> list[CoverRow]:
        """The enterprises within these organizations' remit on ``as_of``, with the paths."""
        ...

    def incidents(self, enterprise_ids: list[str], as_of: str) -> list[IncidentRow]:
        """Hazards open on ``as_of`` and accidents up to it, at these enterprises."""
        ...

    def duties_of(self, holder_ids: list[str]) -> list[tuple[str, str, Link]]:
        """(duty, holder, link) of the duties held by these posts or organizations."""
        ...

    # -- time and the whole graph (timelines, single points of failure) -----------------
    def change_days(
        self,
        first: str,
        last: str,
        position_ids: list[str] | None = None,
        org_ids: list[str] | None = None,
    ) -> list[str]:
        """The days in (``first``, ``last``], ascending, on which a supervision row, an
        appointment to one of ``position_ids`` or an assignment to one of ``org_ids`` starts,
        or the day after one ends (``None``: every post, every organization)."""
        ...

    def clear(self) -> None:
        """Remove every node and relationship."""
        ...

    def close(self) -> None: ...
