"""The embedded store: a networkx multigraph in this process, kept in a JSON file.

Nodes are keyed by id with attributes ``labels`` (a tuple) and ``props``; edges are keyed by
``TYPE:key`` with attributes ``type`` and ``props``; a value repeated across records is one
shared object (``memory_shared``). The file's format is ``memory_format``'s. The file is
rewritten atomically (a temporary file renamed over the old one), so a crash never leaves
half a graph behind; the file it replaces is kept as ``graph.json.bak``. A file that cannot
be read as a store (not UTF-8, not JSON, the wrong shape) is moved aside and the backup
restored, with a notice.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx

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
from graph_model.schema import FUNCTIONAL_RELS, GraphBatch, Rel
from graph_model.store import (
    chain_bundle,
    dated_reads,
    memory_browse,
    memory_queries,
    named_reads,
    time_reads,
)
from graph_model.store.base import (
    ApplyResult,
    MonthCount,
    Progress,
    ReadOnlyViolation,
    Stats,
    StoreUnavailable,
)
from graph_model.store.load_lock import LoadLock
from graph_model.store.memory_file import Signature, default_home, write_summary
from graph_model.store.memory_file import file_signature as _signature
from graph_model.store.memory_file import stored_stats as stored_stats  # callers found it here
from graph_model.store.memory_file import summary_path as summary_path
from graph_model.store.memory_format import (
    UnreadableStoreFile,
    decode,
    edge_key,
    encode,
)
from graph_model.store.memory_gc import collector_paused
from graph_model.store.memory_queries import GraphView
from graph_model.store.memory_shared import SharedValues

RESTORE_WAIT_S = 600.0  # a restore waits for a running load like another load would


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def unreadable_path(path: Path) -> Path:
    return path.with_name(path.name + ".unreadable")


class MemoryStore:
    """The networkx store. ``path`` None: nothing is kept after the process ends."""

    backend = "memory"
    has_console = False

    def __init__(self, path: Path | None = None):
        self.path = path
        self.location = str(path) if path else "(in memory only)"
        self.lock_home = path.parent if path else None
        self.notices: list[str] = []
        self._view: GraphView | None = None
        self.graph = nx.MultiDiGraph()
        self._signature: Signature | None = None  # of the file as last read or written
        self._lock = threading.Lock()  # the app shares one store between sessions
        if path is not None:
            self._read()

    @property
    def graph(self) -> nx.MultiDiGraph[str]:
        return self._graph

    @graph.setter
    def graph(self, graph: nx.MultiDiGraph[str]) -> None:
        # a new graph (a load, a restore, a clear) makes the index of the old one stale
        self._graph, self._view = graph, None

    @property
    def view(self) -> GraphView:
        """The graph with its index of edges by type, built on the first read after a change."""
        view = self._view
        if view is None or view.g is not self._graph:
            with collector_paused():
                view = self._view = GraphView(self._graph)
        return view

    @classmethod
    def open_default(cls) -> MemoryStore:
        return cls(default_home() / "graph.json")

    # -- persistence ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the file if another process rewrote it since this store read it."""
        if self.path is not None and _signature(self.path) != self._signature:
            with self._lock:
                self._read()

    def _read(self) -> None:
        assert self.path is not None
        signature = _signature(self.path)
        if signature is None:  # nothing stored yet
            self.graph, self._signature = nx.MultiDiGraph(), None
            return
        try:
            self.graph = read_graph(self.path)
        except UnreadableStoreFile as exc:
            self._restore(str(exc))
            return
        self._signature = signature

    def _restore(self, reason: str) -> None:
        """Put the backup back in place of an unreadable file (kept aside), under the load
        lock: a load running meanwhile must not write over it, nor we over its result."""
        assert self.path is not None
        path, backup, aside = self.path, backup_path(self.path), unreadable_path(self.path)
        with LoadLock(path.parent).held(f"restoring {backup}", timeout_s=RESTORE_WAIT_S):
            try:  # another process may have restored it while we waited
                self.graph, self._signature = read_graph(path), _signature(path)
                return
            except UnreadableStoreFile:
                pass
            if not backup.exists():
                raise StoreUnavailable(
                    f"the embedded store {path} is unreadable ({reason}) and there is no "
                    f"backup to restore; move it away to start empty"
                )
            try:
                graph = read_graph(backup)
            except UnreadableStoreFile as exc:
                raise StoreUnavailable(
                    f"the embedded store {path} is unreadable ({reason}), "
                    f"and so is its backup {backup.name} ({exc})"
                ) from exc
            try:
                os.replace(path, aside)
                _copy_atomically(backup, path)
            except OSError as exc:
                raise StoreUnavailable(
                    f"the embedded store {path} is unreadable ({reason}); restoring "
                    f"{backup.name} failed: {exc.strerror or exc}"
                ) from exc
            self.graph, self._signature = graph, _signature(path)
            self.notices.append(
                f"{path.name} was unreadable ({reason}); restored the previous version from "
                f"{backup} (the unreadable file is kept as {aside.name})"
            )

    def _write(self) -> None:
        if self.path is None:
            return
        try:
            self._write_file(self.path)
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot write the embedded store {self.path}: {exc.strerror or exc}; "
                "nothing was changed"
            ) from exc
        self._signature = _signature(self.path)

    def _write_file(self, path: Path) -> None:
        text = encode(self.graph)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".graph-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            current = _signature(path)
            if current is not None and current != self._signature:
                raise StoreUnavailable(
                    f"the embedded store {path} was changed by another process since it was "
                    "read; nothing was written (load again: loads wait for each other)"
                )
            if current is not None:  # the good file we read or wrote: keep it as the backup
                _keep_as_backup(path)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        write_summary(path, self.stats())

    # -- writes --------------------------------------------------------------------------
    def apply_stream(
        self, chunks: Iterable[GraphBatch], total: int, progress: Progress | None = None
    ) -> ApplyResult:
        """``apply`` of a stream of chunks: the graph is held in memory anyway, so the chunks
        are gathered first (a stream that fails on the way writes nothing)."""
        whole = GraphBatch([], [], [])
        for chunk in chunks:
            whole.nodes.extend(chunk.nodes)
            whole.rels.extend(chunk.rels)
            whole.functional.extend(chunk.functional)
        return self.apply(whole, progress)

    def apply(self, batch: GraphBatch, progress: Progress | None = None) -> ApplyResult:
        with self._lock:
            before = self.graph
            with collector_paused():
                work = copy.deepcopy(before)  # all or nothing: swap in only when complete
                result = _apply(work, batch)
            total = len(batch.nodes) + len(batch.rels) + len(batch.functional)
            if result.unchanged:
                if progress is not None:
                    progress(total, total)
                return result  # nothing to swap in or rewrite
            self.graph = work
            try:
                self._write()
            except BaseException:
                self.graph = before
                raise
            if progress is not None:  # one step: the write is one file replace
                progress(total, total)
            return result

    def clear(self) -> None:
        with self._lock:
            before = self.graph
            self.graph = nx.MultiDiGraph()
            try:
                self._write()
            except BaseException:
                self.graph = before
                raise

    def close(self) -> None:
        pass

    # -- reads ---------------------------------------------------------------------------
    def labels_of(self, ids: Iterable[str]) -> dict[str, frozenset[str]]:
        nodes = self.graph.nodes
        return {i: frozenset(nodes[i]["labels"]) for i in ids if i in nodes}

    def ids_with_label(self, label: str) -> list[str]:
        return list(self.view.index.with_label(label))

    def tree_links(self, rel: Rel, ids: Iterable[str]) -> set[tuple[str, str]]:
        graph, links = self.graph, set()
        todo = [i for i in set(ids) if i in graph]
        seen = set(todo)
        while todo:
            child = todo.pop()
            for parent, _ in self.view.index.out_of(child, rel):
                links.add((child, parent))
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return links

    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        nodes = self.graph.nodes
        return {
            i: {**nodes[i]["props"], "labels": sorted(nodes[i]["labels"])}
            for i in ids
            if i in nodes
        }

    def subject_facts(self, subject_id: str, as_of: str) -> SubjectFacts | None:
        return memory_queries.subject_facts(self.view, subject_id, as_of)

    def posts_facts(self, org_ids: list[str], charged_org_ids: list[str], as_of: str) -> PostsFacts:
        return memory_queries.posts_facts(self.view, org_ids, charged_org_ids, as_of)

    def names(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        # the shown properties straight from the graph: ``nodes`` copies every property of
        # each (the names of an L store's action list were 0.3 s of copies)
        nodes, shown = self.graph.nodes, named_reads.shown
        return {i: shown(nodes[i]["props"]) for i in sorted(set(ids)) if i in nodes}

    def chain_heads(
        self, subject_ids: list[str], as_of: str | None, today: str
    ) -> tuple[dict[str, ChainHead], Names]:
        return named_reads.heads_from(self, subject_ids, as_of, today)

    def named_posts(
        self, org_ids: list[str], charged_org_ids: list[str], as_of: str
    ) -> tuple[PostsFacts, Names]:
        return named_reads.named_posts_from(self, org_ids, charged_org_ids, as_of)

    def chain_bundle(
        self, subject_id: str, as_of: str | None, today: str
    ) -> tuple[ChainHead | None, PostsFacts, Names]:
        return chain_bundle.bundle_from(self, subject_id, as_of, today)

    def graph_facts(self, as_of: str) -> GraphFacts:
        return self.view.graph_facts(as_of)

    def gap_facts(self, as_of: str) -> tuple[GraphFacts, GapNames | None]:
        return self.view.graph_facts(as_of), None  # names cost a look-up each: asked later

    @contextmanager
    def gap_facts_in_turn(self, as_of: str) -> Iterator[GapFactsInTurn]:
        """Both turns read at once: nothing here is worth overlapping."""
        facts = self.view.graph_facts(as_of)
        yield GapFactsInTurn(replace(facts, hazards=()), None, lambda: (facts.hazards, None))

    def region_descendants(self, region_id: str) -> set[str]:
        below, frontier = {region_id}, [region_id] if region_id in self.graph else []
        while frontier:
            for child, _ in self.view.index.into_of(frontier.pop(), Rel.PART_OF.value):
                if child not in below:
                    below.add(child)
                    frontier.append(child)
        return below

    def appointments(
        self, person_id: str | None = None, org_id: str | None = None
    ) -> list[AppointmentRow]:
        return memory_queries.appointments(self.view, person_id, org_id)

    def positions_of(self, org_id: str) -> list[str]:
        return memory_queries.positions_of(self.view, org_id)

    def assignments(
        self,
        as_of: str,
        position_ids: list[str] | None = None,
        org_ids: list[str] | None = None,
    ) -> list[ChargeRow]:
        return memory_queries.assignments(self.view, as_of, position_ids, org_ids)

    def remit_facts(self, org_ids: list[str], as_of: str) -> RemitFacts:
        return memory_queries.remit_facts(self.view, org_ids, as_of)

    def incidents(self, enterprise_ids: list[str], as_of: str) -> list[IncidentRow]:
        return memory_queries.incidents(self.view, enterprise_ids, as_of)

    def duties_of(self, holder_ids: list[str]) -> list[tuple[str, str, Link]]:
        return memory_queries.duties_of(self.view, holder_ids)

    # -- time and the whole graph (timelines, single points of failure) -----------------
    def change_days(
        self,
        first: str,
        last: str,
        position_ids: list[str] | None = None,
        org_ids: list[str] | None = None,
    ) -> list[str]:
        return time_reads.memory_change_days(self.view.index, first, last, position_ids, org_ids)

    def month_counts(
        self,
        label: str,
        date_key: str,
        fields: tuple[str, ...],
        enterprise_ids: Collection[str] | None = None,
    ) -> list[MonthCount]:
        return dated_reads.memory_month_counts(
            self.graph, self.view.index, label, date_key, fields, enterprise_ids
        )

    def newest_day(self, labels: Iterable[str], keys: tuple[str, ...]) -> str | None:
        return dated_reads.memory_newest_day(self.graph, self.view.index, labels, keys)

    def stats(self) -> Stats:
        # counted off the graph, not its index: after a load (the summary beside the file)
        # building the index only to count was a third of writing the L store
        labels: Counter[str] = Counter()
        for _, node_labels in self.graph.nodes(data="labels"):
            labels.update(node_labels)
        rels: Counter[str] = Counter()
        edge: tuple[Any, ...]  # networkx's stubs leave edges(data=...) untyped
        for edge in self.graph.edges(data="type"):
            rels[str(edge[2])] += 1
        return Stats(dict(labels), dict(rels))

    # -- browsing (graph_model.browse) ---------------------------------------------------
    def node_cards(self, labels: Iterable[str] = ()) -> list[NodeCard]:
        return memory_browse.node_cards(self.graph, labels, self.view.index)

    def search_nodes(self, labels: list[str], query: str | None, limit: int) -> list[str]:
        return memory_browse.search_nodes(self.graph, self.view.index, labels, query, limit)

    def links_of(self, ids: list[str], types: list[str], limit: int) -> list[Edge]:
        return memory_browse.links_of(self.graph, ids, types, limit)

    def shortest_paths(self, a: str, b: str, types: list[str], limit: int) -> list[list[Edge]]:
        return memory_browse.shortest_paths(self.graph, a, b, types, limit)

    def subtree(self, node_id: str) -> set[str]:
        return memory_browse.subtree(self.graph, self.view.index, node_id)

    def all_appointments(self) -> list[Appointment]:
        return memory_browse.all_appointments(self.view.index)

    def read_only_query(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        limit: int = 1000,
        timeout_s: float = 10.0,
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        raise ReadOnlyViolation("the embedded store has no query language: use Neo4j")


def _apply(graph: nx.MultiDiGraph[str], batch: GraphBatch) -> ApplyResult:
    result = ApplyResult()
    shared = SharedValues(graph)  # the graph's own id strings, and one object per value
    for node in batch.nodes:
        labels = shared.labels(sorted(str(lb) for lb in node.labels))
        props = shared.props(dict(node.props))
        if node.id not in graph:
            graph.add_node(shared.string(node.id), labels=labels, props=props)
            result.nodes_created += 1
            continue
        attrs = graph.nodes[node.id]
        if attrs["labels"] != labels or attrs["props"] != props:
            result.nodes_changed += 1
        attrs["labels"], attrs["props"] = labels, props
    for link in batch.functional:
        stale = [
            (u, v, k)
            for u, v, k, a in graph.out_edges(link.start, keys=True, data=True)
            if a["type"] == link.type and v != link.end
        ]
        assert link.type in FUNCTIONAL_RELS
        graph.remove_edges_from(stale)
        result.rels_removed += len(stale)
    for rel in batch.rels:
        kind = shared.kind(str(rel.type))
        key = edge_key(kind, rel.key)
        props = shared.props({**rel.props, "key": rel.key})
        existing = [(u, v) for u, v, k in graph.out_edges(rel.start, keys=True) if k == key]
        if existing and existing[0][1] == rel.end:
            attrs = graph.edges[rel.start, rel.end, key]
            if attrs["props"] != props:
                result.rels_changed += 1
            attrs["props"] = props
            continue
        for u, v in existing:  # same identity, other end: it moved
            graph.remove_edge(u, v, key)
            result.rels_changed += 1
        start, end = shared.string(rel.start), shared.string(rel.end)
        graph.add_edge(start, end, key=key, type=kind, props=props)
        if not existing:
            result.rels_created += 1
    return result


# -- the file --------------------------------------------------------------------------------
def _keep_as_backup(path: Path) -> None:
    """``path`` becomes ``path.bak`` too (a hard link, else a copy), atomically."""
    backup = backup_path(path)
    tmp = backup.with_name(f".{backup.name}.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        os.link(path, tmp)
    except OSError:  # a file system without hard links
        shutil.copyfile(path, tmp)
    os.replace(tmp, backup)


def _copy_atomically(source: Path, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".graph-", suffix=".json")
    try:
        with os.fdopen(fd, "wb") as fh, source.open("rb") as src:
            shutil.copyfileobj(src, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_graph(path: Path) -> nx.MultiDiGraph[str]:
    """The graph in a store file, checked for shape; ``UnreadableStoreFile`` says why not."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableStoreFile(f"not UTF-8 at byte {exc.start}") from exc
    except OSError as exc:  # the environment, not the file's content: nothing to restore
        raise StoreUnavailable(f"cannot read the embedded store {path}: {exc.strerror}") from exc
    with collector_paused():
        return decode(text)
