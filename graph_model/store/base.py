"""The store interface that both stores implement, and what their writes report."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:  # annotations only: ``accgraph stats`` imports this module, and no more
    from graph_model.browse import Appointment, Edge, NodeCard
    from graph_model.facts import (
        AppointmentRow,
        ChainHead,
        ChargeRow,
        GapFactsInTurn,
        GapNames,
        GraphFacts,
        IncidentRow,
        Names,
        PostsFacts,
        RemitFacts,
        SubjectFacts,
    )
    from graph_model.results import Link
    from graph_model.schema import GraphBatch, Rel

# What a store tells about a long write as it goes: (records written, records in the load).
Progress = Callable[[int, int], None]

# A count of ``GraphStore.month_counts``: (month as YYYY-MM, the values of the fields asked
# for, in their order, how many nodes).
MonthCount = tuple[str, tuple[Any, ...], int]


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
    """The store cannot be reached, opened or written; the message says where and why, in
    one line (the command line exits 2 with it, the app shows it)."""


class LoadBusy(StoreUnavailable):
    """Another load held the load lock for longer than this one was willing to wait."""


class ReadOnlyViolation(Exception):
    """A query sent to the read-only console tried to write, or the store has no console."""


@runtime_checkable
class GraphStore(Protocol):
    """What every store does. Nothing outside ``graph_model.store`` knows how."""

    backend: str
    location: str  # where the graph is: a file path or a URI
    lock_home: Path | None  # the folder of the load lock; None: private to this process
    notices: list[str]  # what a user should be told about the store (a backup restored...)

    def refresh(self) -> None:
        """Catch up with writes by other processes (called under the load lock)."""
        ...

    has_console: bool  # whether read_only_query takes queries (Neo4j's Cypher)

    def apply(self, batch: GraphBatch, progress: Progress | None = None) -> ApplyResult:
        """Upsert a batch, all of it or nothing (for readers once it returns or fails);
        ``progress`` is called as records are written, last with (total, total)."""
        ...

    def apply_stream(
        self, chunks: Iterable[GraphBatch], total: int, progress: Progress | None = None
    ) -> ApplyResult:
        """``apply`` of a batch given as chunks, every node before any link, all or nothing;
        ``total``: about how many records (for ``progress``)."""
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

    def subject_facts(self, subject_id: str, as_of: str) -> SubjectFacts | None:
        """A hazard, accident or enterprise and what is around its enterprise on ``as_of``
        (None: no such subject)."""
        ...

    def posts_facts(self, org_ids: list[str], charged_org_ids: list[str], as_of: str) -> PostsFacts:
        """The posts of ``org_ids``, the assignments valid on ``as_of`` to
        ``charged_org_ids`` and their posts, and the appointments valid on ``as_of`` to all
        of these posts."""
        ...

    def names(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The shown properties (``named_reads.SHOWN``) of those ids that are in the store."""
        ...

    def chain_heads(
        self, subject_ids: list[str], as_of: str | None, today: str
    ) -> tuple[dict[str, ChainHead], Names]:
        """For each of these ids in the store, its ``ChainHead`` on ``as_of`` (None: each
        subject's own default day, ``today`` for an enterprise); and the names of the
        enterprises, owners and persons found responsible those heads name. One question,
        whatever the number of subjects."""
        ...

    def named_posts(
        self, org_ids: list[str], charged_org_ids: list[str], as_of: str
    ) -> tuple[PostsFacts, Names]:
        """``posts_facts``, and the names of its posts, of the holders and of the
        organizations the posts' ``org_id`` name. One question."""
        ...

    def chain_bundle(
        self, subject_id: str, as_of: str | None, today: str
    ) -> tuple[ChainHead | None, PostsFacts, Names]:
        """One chain's reads: its ``ChainHead`` as ``chain_heads`` gives it (None: no such
        id), the ``named_posts`` of a superset of the organizations it needs
        (``chain_bundle.candidate_orgs``) on the head's day, and the names of both.
        ``chain_bundle.bundle_from`` composes it of those two calls; Neo4j asks one query."""
        ...

    def graph_facts(self, as_of: str) -> GraphFacts:
        """What the coverage gaps on ``as_of`` are decided from, in one pass."""
        ...

    def gap_facts(self, as_of: str) -> tuple[GraphFacts, GapNames | None]:
        """What ``coverage_gaps`` reads of ``graph_facts`` (an organization's region link may
        be left out, and of the posts only those the rules read given: principal posts and
        the posts of duties and assignments), with the names a gap report shows (of every
        organization, post nobody holds, open hazard, duty, plan, region and sector); None
        where ``names`` is as cheap as a look-up. One question."""
        ...

    def gap_facts_in_turn(self, as_of: str) -> AbstractContextManager[GapFactsInTurn]:
        """``gap_facts`` in two turns (``GapFactsInTurn``): the open hazards may still be
        read while the rest is used. Leaving the context waits for or stops what is still
        being read; a failure of any read is raised as that read raises it."""
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

    def remit_facts(self, org_ids: list[str], as_of: str) -> RemitFacts:
        """These organizations, their supervision rows valid on ``as_of`` and the
        enterprises below the sectors and regions those rows and organizations name."""
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

    # -- counts over the dated kinds (the Overview's charts, ``dated_reads``) ------------
    def month_counts(
        self,
        label: str,
        date_key: str,
        fields: tuple[str, ...],
        enterprise_ids: Collection[str] | None = None,
    ) -> list[MonthCount]:
        """The nodes of ``label`` whose ``date_key`` is a non-empty string, counted by its
        month (first 7 characters) and the values of ``fields`` (``None`` when absent):
        ``(month, values, count)``, by month. ``enterprise_ids``: only the nodes whose
        ``enterprise_id`` is one of them (``None``: every node). A label not in the schema
        counts nothing."""
        ...

    def newest_day(self, labels: Iterable[str], keys: tuple[str, ...]) -> str | None:
        """The latest day (first 10 characters of a string of at least 10) that a node with
        one of ``labels`` carries in one of ``keys``; ``None`` when none does."""
        ...

    def clear(self) -> None:
        """Remove every node and relationship."""
        ...

    def close(self) -> None: ...

    # -- browsing: what the app shows besides the contract's answers (graph_model.browse) --
    def node_cards(self, labels: Iterable[str] = ()) -> list[NodeCard]:
        """Every node with one of ``labels`` (every node when empty), ordered by id."""
        ...

    def search_nodes(self, labels: list[str], query: str | None, limit: int) -> list[str]:
        """``browse.search`` answered by the store: the first ``limit`` ids, in order, of the
        nodes with one of ``labels`` whose search text holds every word of ``query``; no
        card is made for the nodes that do not match (a province has 3.75M)."""
        ...

    def links_of(self, ids: list[str], types: list[str], limit: int) -> list[Edge]:
        """Distinct relationships touching these nodes, in either direction, of ``types``
        (any when empty); at most ``limit``."""
        ...

    def shortest_paths(self, a: str, b: str, types: list[str], limit: int) -> list[list[Edge]]:
        """Up to ``limit`` shortest paths (one per sequence of nodes), links either way, of
        ``types`` (any when empty), at most ``browse.MAX_PATH_LENGTH`` links."""
        ...

    def subtree(self, node_id: str) -> set[str]:
        """A region or sector and every one below it (empty when the id is unknown)."""
        ...

    def all_appointments(self) -> list[Appointment]:
        """Every appointment, any date, ordered by post, start and person."""
        ...

    def read_only_query(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        limit: int = 1000,
        timeout_s: float = 10.0,
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        """The read-only console: (columns, rows, truncated) of a user's query; raises
        ``ReadOnlyViolation`` when it would write, or when the store has no query language
        (``has_console`` False)."""
        ...
