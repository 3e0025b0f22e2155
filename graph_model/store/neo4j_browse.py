"""Neo4j's answers to browsing (see ``graph_model.browse``), in parameterised Cypher: ids,
types and limits travel as parameters, never formatted into the text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph_model.browse import Appointment, Edge, NodeCard, walk
from graph_model.schema import ENTITY

Run = Callable[..., list[dict[str, Any]]]

NODE_CARDS = f"""
MATCH (n:{ENTITY})
WITH n, [l IN labels(n) WHERE l <> '{ENTITY}'] AS labels
WHERE size($labels) = 0 OR any(l IN labels WHERE l IN $labels)
RETURN n.id AS id, labels, properties(n) AS props
ORDER BY id
"""

LINKS_OF = f"""
UNWIND $ids AS id
MATCH (n:{ENTITY} {{id: id}})-[r]-(:{ENTITY})
WHERE size($types) = 0 OR type(r) IN $types
WITH DISTINCT r
RETURN startNode(r).id AS start, type(r) AS type, endNode(r).id AS end,
       properties(r) AS props
LIMIT $limit
"""

# 12 = graph_model.browse.MAX_PATH_LENGTH (a bound of a variable-length pattern cannot be
# a parameter)
SHORTEST_PATHS = f"""
MATCH (a:{ENTITY} {{id: $a}}), (b:{ENTITY} {{id: $b}})
MATCH p = allShortestPaths((a)-[*..12]-(b))
WHERE all(r IN relationships(p) WHERE size($types) = 0 OR type(r) IN $types)
RETURN [r IN relationships(p) |
        {{start: startNode(r).id, type: type(r), end: endNode(r).id, props: properties(r)}}]
       AS rels
LIMIT $limit
"""

SUBTREE = f"""
MATCH (top:{ENTITY} {{id: $id}})
OPTIONAL MATCH (below)-[:PART_OF|SUBSECTOR_OF*1..]->(top)
RETURN top.id AS id, collect(DISTINCT below.id) AS below
"""

# One record (the driver's cost is per record: 49k appointment records took 4.4 s at M, the
# same rows in one record 0.6 s); ordered here as the embedded store orders them.
ALL_APPOINTMENTS = """
MATCH (p:Person)-[h:HOLDS]->(pos:Position)
RETURN collect([p.id, pos.id, h.start, h.end, h.source_ids]) AS rows
"""


def node_cards(run: Run, labels: list[str]) -> list[NodeCard]:
    return [NodeCard.of(r["id"], r["labels"], r["props"]) for r in run(NODE_CARDS, labels=labels)]


def _edge(r: dict[str, Any]) -> Edge:
    return Edge(r["start"], r["type"], r["end"], dict(r["props"] or {}))


def links_of(run: Run, ids: list[str], types: list[str], limit: int) -> list[Edge]:
    return [_edge(r) for r in run(LINKS_OF, ids=ids, types=types, limit=limit)]


def shortest_paths(run: Run, a: str, b: str, types: list[str], limit: int) -> list[list[Edge]]:
    """One path per sequence of nodes: of parallel links, the one of smallest key (as the
    embedded store does), so that two links between the same nodes don't count twice."""
    if a == b:
        return []
    rows = run(SHORTEST_PATHS, a=a, b=b, types=types, limit=limit * PARALLEL_SLACK)
    by_nodes: dict[tuple[str, ...], list[Edge]] = {}
    for row in rows:
        hops = [_edge(r) for r in row["rels"]]
        nodes = walk(a, hops)
        best = by_nodes.setdefault(nodes, hops)
        by_nodes[nodes] = [min(x, y, key=lambda e: e.key) for x, y in zip(best, hops, strict=True)]
    return list(by_nodes.values())[:limit]


PARALLEL_SLACK = 8  # paths fetched per path kept: parallel links multiply the server's paths


def subtree(run: Run, node_id: str) -> set[str]:
    rows = run(SUBTREE, id=node_id)
    if not rows:
        return set()
    return {node_id, *rows[0]["below"]}


def all_appointments(run: Run) -> list[Appointment]:
    (record,) = run(ALL_APPOINTMENTS)
    return sorted(
        (Appointment(a[0], a[1], a[2], a[3], tuple(a[4] or ())) for a in record["rows"]),
        key=lambda x: (x.position_id, x.start or "", x.person_id),
    )
