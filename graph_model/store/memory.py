"""The embedded store: a networkx multigraph in this process, kept in a JSON file.

Nodes are keyed by id with attributes ``labels`` (a tuple) and ``props``; edges are keyed by
``TYPE:key`` with attributes ``type`` and ``props``. The file is rewritten atomically (a
temporary file renamed over the old one), so a crash never leaves half a graph behind.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from graph_model.facts import (
    AppointmentRow,
    ChainFacts,
    ChargeRow,
    CoverRow,
    GapRow,
    IncidentRow,
)
from graph_model.results import Link
from graph_model.schema import FUNCTIONAL_RELS, GraphBatch, Rel
from graph_model.store import memory_queries, time_reads
from graph_model.store.base import ApplyResult, Stats, StoreUnavailable

FORMAT_VERSION = 1


def default_home() -> Path:
    """Where the embedded store keeps its file: ``$ACCGRAPH_HOME``, else the user's data dir."""
    if home := os.environ.get("ACCGRAPH_HOME"):
        return Path(home)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "accgraph"


class MemoryStore:
    """The networkx store. ``path`` None: nothing is kept after the process ends."""

    backend = "memory"

    def __init__(self, path: Path | None = None):
        self.path = path
        self.location = str(path) if path else "(in memory only)"
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._lock = threading.Lock()  # the app shares one store between sessions
        if path is not None and path.exists():
            self._read(path)

    @classmethod
    def open_default(cls) -> MemoryStore:
        return cls(default_home() / "graph.json")

    # -- persistence ---------------------------------------------------------------------
    def _read(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise StoreUnavailable(f"cannot read the embedded store at {path}: {exc}") from exc
        if data.get("format") != FORMAT_VERSION:
            raise StoreUnavailable(f"{path}: unknown store format {data.get('format')!r}")
        for node in data["nodes"]:
            self.graph.add_node(node["id"], labels=tuple(node["labels"]), props=node["props"])
        for edge in data["edges"]:
            self.graph.add_edge(
                edge["start"],
                edge["end"],
                key=f"{edge['type']}:{edge['props']['key']}",
                type=edge["type"],
                props=edge["props"],
            )

    def _write(self) -> None:
        if self.path is None:
            return
        data = {
            "format": FORMAT_VERSION,
            "nodes": [
                {"id": n, "labels": list(a["labels"]), "props": a["props"]}
                for n, a in sorted(self.graph.nodes(data=True))
            ],
            "edges": [
                {"type": a["type"], "start": u, "end": v, "props": a["props"]}
                for u, v, _, a in sorted(
                    self.graph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1])
                )
            ],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".graph-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                # dumps, not dump: only the one-shot encoder runs in C
                fh.write(json.dumps(data, ensure_ascii=False))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # -- writes --------------------------------------------------------------------------
    def apply(self, batch: GraphBatch) -> ApplyResult:
        with self._lock:
            before = self.graph
            work = copy.deepcopy(before)  # all or nothing: swap in only when complete
            result = _apply(work, batch)
            if result.unchanged:
                return result  # nothing to swap in or rewrite
            self.graph = work
            try:
                self._write()
            except BaseException:
                self.graph = before
                raise
            return result

    def clear(self) -> None:
        with self._lock:
            self.graph = nx.MultiDiGraph()
            self._write()

    def close(self) -> None:
        pass

    # -- reads ---------------------------------------------------------------------------
    def labels_of(self, ids: Iterable[str]) -> dict[str, frozenset[str]]:
        nodes = self.graph.nodes
        return {i: frozenset(nodes[i]["labels"]) for i in ids if i in nodes}

    def ids_with_label(self, label: str) -> list[str]:
        return sorted(n for n, a in self.graph.nodes(data=True) if label in a["labels"])

    def tree_links(self, rel: Rel, ids: Iterable[str]) -> set[tuple[str, str]]:
        graph, links = self.graph, set()
        todo = [i for i in set(ids) if i in graph]
        seen = set(todo)
        while todo:
            child = todo.pop()
            for _, parent, attrs in graph.out_edges(child, data=True):
                if attrs["type"] != rel:
                    continue
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

    def chain_facts(
        self, subject_id: str, as_of: str, vacant: str | None = None
    ) -> ChainFacts | None:
        return memory_queries.chain_facts(self.graph, subject_id, as_of, vacant)

    def gap_rows(self, as_of: str) -> list[GapRow]:
        return memory_queries.gap_rows(self.graph, as_of)

    def region_descendants(self, region_id: str) -> set[str]:
        parts = self.graph.edge_subgraph(
            (u, v, k)
            for u, v, k, a in self.graph.edges(keys=True, data=True)
            if a["type"] == "PART_OF"
        )
        below = nx.ancestors(parts, region_id) if region_id in parts else set()
        return {region_id, *below}

    def appointments(
        self, person_id: str | None = None, org_id: str | None = None
    ) -> list[AppointmentRow]:
        return memory_queries.appointments(self.graph, person_id, org_id)

    def positions_of(self, org_id: str) -> list[str]:
        return memory_queries.positions_of(self.graph, org_id)

    def assignments(
        self,
        as_of: str,
        position_ids: list[str] | None = None,
        org_ids: list[str] | None = None,
    ) -> list[ChargeRow]:
        return memory_queries.assignments(self.graph, as_of, position_ids, org_ids)

    def coverage(self, org_ids: list[str], as_of: str) -> list[CoverRow]:
        return memory_queries.coverage(self.graph, org_ids, as_of)

    def incidents(self, enterprise_ids: list[str], as_of: str) -> list[IncidentRow]:
        return memory_queries.incidents(self.graph, enterprise_ids, as_of)

    def duties_of(self, holder_ids: list[str]) -> list[tuple[str, str, Link]]:
        return memory_queries.duties_of(self.graph, holder_ids)

    # -- time and the whole graph (timelines, single points of failure) -----------------
    def change_days(
        self,
        first: str,
        last: str,
        position_ids: list[str] | None = None,
        org_ids: list[str] | None = None,
    ) -> list[str]:
        return time_reads.memory_change_days(self.graph, first, last, position_ids, org_ids)

    def stats(self) -> Stats:
        labels: Counter[str] = Counter()
        for _, attrs in self.graph.nodes(data=True):
            labels.update(attrs["labels"])
        rels = Counter(a["type"] for _, _, a in self.graph.edges(data=True))
        return Stats(dict(labels), dict(rels))


def _apply(graph: nx.MultiDiGraph, batch: GraphBatch) -> ApplyResult:
    result = ApplyResult()
    for node in batch.nodes:
        labels = tuple(sorted(str(lb) for lb in node.labels))
        props = dict(node.props)
        if node.id not in graph:
            graph.add_node(node.id, labels=labels, props=props)
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
        key = f"{rel.type}:{rel.key}"
        props = {**rel.props, "key": rel.key}
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
        graph.add_edge(rel.start, rel.end, key=key, type=str(rel.type), props=props)
        if not existing:
            result.rels_created += 1
    return result
