"""Reads the library's store interface does not offer: every node (for search), the
neighbourhood of a node, shortest paths, every appointment.

The embedded store is read through its networkx graph; Neo4j through parameterised Cypher
in a read transaction. Cypher text here is constant: ids, types and limits travel as
parameters, never formatted into the query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import networkx as nx

from graph_model.store import GraphStore, MemoryStore

MAX_PATH_LENGTH = 12  # hops; fixed in the Cypher text below
MAX_PATHS = 5


@dataclass(frozen=True)
class Edge:
    start: str
    type: str
    end: str
    props: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        return f"{self.type}:{self.props.get('key', f'{self.start}>{self.end}')}"


@dataclass
class Subgraph:
    nodes: dict[str, dict[str, Any]]  # id -> props plus "labels"
    edges: list[Edge]
    truncated: bool = False


def _is_memory(store: GraphStore) -> bool:
    return isinstance(store, MemoryStore)


def _run(store: GraphStore, query: str, **params: Any) -> list[dict[str, Any]]:
    return store.run_read(query, **params)  # type: ignore[attr-defined]


# -- every node ------------------------------------------------------------------------------
ALL_NODES = """
MATCH (n:Entity)
RETURN n.id AS id, properties(n) AS props, [l IN labels(n) WHERE l <> 'Entity'] AS labels
"""


def all_nodes(store: GraphStore) -> list[dict[str, Any]]:
    """Every node: its properties plus ``labels`` (sorted, without ``Entity``)."""
    if _is_memory(store):
        return [
            {**a["props"], "id": n, "labels": sorted(a["labels"])}
            for n, a in store.graph.nodes(data=True)  # type: ignore[attr-defined]
        ]
    return [
        {**r["props"], "id": r["id"], "labels": sorted(r["labels"])} for r in _run(store, ALL_NODES)
    ]


# -- every appointment -----------------------------------------------------------------------
ALL_HOLDS = """
MATCH (p:Person)-[h:HOLDS]->(pos:Position)
RETURN p.id AS person_id, pos.id AS position_id, h.start AS start, h.end AS end,
       h.source_ids AS source_ids
"""


def all_appointments(store: GraphStore) -> list[dict[str, Any]]:
    """Every appointment: person_id, position_id, start, end, source_ids."""
    if _is_memory(store):
        graph: nx.MultiDiGraph = store.graph  # type: ignore[attr-defined]
        return [
            {
                "person_id": u,
                "position_id": v,
                "start": a["props"].get("start"),
                "end": a["props"].get("end"),
                "source_ids": list(a["props"].get("source_ids") or []),
            }
            for u, v, a in graph.edges(data=True)
            if a["type"] == "HOLDS"
        ]
    return _run(store, ALL_HOLDS)


# -- neighbourhood ---------------------------------------------------------------------------
NEIGHBOURS = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-(m:Entity)
WHERE size($types) = 0 OR type(r) IN $types
RETURN DISTINCT startNode(r).id AS start, type(r) AS type, endNode(r).id AS end,
       properties(r) AS props
LIMIT $limit
"""


def _incident_edges(store: GraphStore, ids: list[str], types: list[str], limit: int) -> list[Edge]:
    if _is_memory(store):
        graph: nx.MultiDiGraph = store.graph  # type: ignore[attr-defined]
        found: list[Edge] = []
        for node in ids:
            if node not in graph:
                continue
            for u, v, a in [*graph.out_edges(node, data=True), *graph.in_edges(node, data=True)]:
                if not types or a["type"] in types:
                    found.append(Edge(u, a["type"], v, dict(a["props"])))
            if len(found) >= limit:
                break
        return found[:limit]
    rows = _run(store, NEIGHBOURS, ids=ids, types=types, limit=limit)
    return [Edge(r["start"], r["type"], r["end"], dict(r["props"] or {})) for r in rows]


def neighbourhood(
    store: GraphStore,
    node_id: str,
    depth: int = 1,
    cap: int = 60,
    types: Iterable[str] = (),
) -> Subgraph:
    """The nodes within ``depth`` links of ``node_id`` (any direction), at most ``cap`` of
    them, nearest first, and the links among them."""
    wanted = sorted(set(types))
    start = store.nodes([node_id])
    if node_id not in start:
        return Subgraph({}, [])
    kept: list[str] = [node_id]
    seen = {node_id}
    frontier = [node_id]
    truncated = False
    edges: dict[str, Edge] = {}
    for _ in range(max(depth, 0)):
        if not frontier:
            break
        found = _incident_edges(store, frontier, wanted, limit=cap * 20)
        nxt: list[str] = []
        for edge in sorted(found, key=lambda e: (e.type, e.start, e.end)):
            for other in (edge.start, edge.end):
                if other in seen:
                    continue
                if len(kept) >= cap:
                    truncated = True
                    continue
                seen.add(other)
                kept.append(other)
                nxt.append(other)
            if edge.start in seen and edge.end in seen:
                edges[edge.key] = edge
        frontier = nxt
    # links among kept nodes that the walk saw from one side only
    for edge in _incident_edges(store, kept, wanted, limit=cap * 40):
        if edge.start in seen and edge.end in seen:
            edges.setdefault(edge.key, edge)
    nodes = store.nodes(kept)
    return Subgraph(
        {n: nodes[n] for n in kept if n in nodes},
        sorted(edges.values(), key=lambda e: (e.type, e.start, e.end)),
        truncated,
    )


# -- shortest paths --------------------------------------------------------------------------
SHORTEST_PATHS = """
MATCH (a:Entity {id: $a}), (b:Entity {id: $b})
MATCH p = allShortestPaths((a)-[*..12]-(b))
WHERE all(r IN relationships(p) WHERE size($types) = 0 OR type(r) IN $types)
RETURN [r IN relationships(p) |
        {start: startNode(r).id, type: type(r), end: endNode(r).id, props: properties(r)}]
       AS rels
LIMIT $limit
"""


def shortest_paths(
    store: GraphStore, a: str, b: str, types: Iterable[str] = (), limit: int = MAX_PATHS
) -> list[list[Edge]]:
    """Up to ``limit`` shortest paths between two nodes, links in any direction, using only
    relationship types ``types`` (all when empty); at most ``MAX_PATH_LENGTH`` links."""
    wanted = sorted(set(types))
    if a == b:
        return []
    if not _is_memory(store):
        rows = _run(store, SHORTEST_PATHS, a=a, b=b, types=wanted, limit=limit)
        return [
            [Edge(r["start"], r["type"], r["end"], dict(r["props"] or {})) for r in row["rels"]]
            for row in rows
        ]
    graph: nx.MultiDiGraph = store.graph  # type: ignore[attr-defined]
    if a not in graph or b not in graph:
        return []
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    between: dict[frozenset[str], list[Edge]] = {}
    for u, v, attrs in graph.edges(data=True):
        if wanted and attrs["type"] not in wanted:
            continue
        simple.add_edge(u, v)
        between.setdefault(frozenset((u, v)), []).append(
            Edge(u, attrs["type"], v, dict(attrs["props"]))
        )
    try:
        found = nx.all_shortest_paths(simple, a, b)
        paths: list[list[Edge]] = []
        for nodes in found:
            if len(nodes) - 1 > MAX_PATH_LENGTH:
                break
            links = [
                sorted(between[frozenset((x, y))], key=lambda e: e.key)[0]
                for x, y in pairwise(nodes)
            ]
            paths.append(links)
            if len(paths) >= limit:
                break
        return paths
    except nx.NetworkXNoPath:
        return []


RELATIONSHIP_TYPES = (
    "AT",
    "OWNED_BY",
    "USES_PLAN",
    "IN_SECTOR",
    "SUBSECTOR_OF",
    "IN_REGION",
    "PART_OF",
    "SUBORDINATE_TO",
    "POST_OF",
    "HOLDS",
    "IN_CHARGE_OF",
    "SUPERVISES",
    "HELD_BY",
    "PLAN_OF",
    "DRILL_OF",
    "FOUND_RESPONSIBLE",
)
