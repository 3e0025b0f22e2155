"""Neo4j's answers to browsing (see ``graph_model.browse``), in parameterised Cypher: ids,
types, words and limits travel as parameters, never formatted into the text; the one thing
written into it is a label, and only one of the schema's own (``_labelled``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph_model.browse import (
    NAME_KEYS,
    REF_KEYS,
    Appointment,
    Edge,
    NodeCard,
    matches,
    search_words,
    walk,
)
from graph_model.schema import ENTITY, Label

Run = Callable[..., list[dict[str, Any]]]

# Every node, streamed: no ORDER BY (or DISTINCT) on the server, which would hold every row
# with its properties in the server's heap at once; at a province's size (3.75M nodes, or the
# Overview's 1.2M) that held the default 1 GiB heap in garbage collection for minutes and the
# server answered nothing else. The rows are ordered here.
NODE_CARDS = f"""
MATCH (n:{ENTITY})
RETURN n.id AS id, [l IN labels(n) WHERE l <> '{ENTITY}'] AS labels, properties(n) AS props
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
    """Every node, or (``labels``) the nodes of those labels, each label read by its own label
    scan (not a scan of every node), streamed (``NODE_CARDS``) and ordered here; a node with
    two of the labels (an enterprise is an organization) comes once."""
    if labels:
        tail = f"RETURN n.id AS id, {_OWN_LABELS}, properties(n) AS props"
        branches = _labelled(labels, tail, join="UNION ALL")
        if not branches:
            return []
        rows = run(branches, after="")
    else:
        rows = run(NODE_CARDS)
    cards = {r["id"]: r for r in rows}
    return [NodeCard.of(i, cards[i]["labels"], cards[i]["props"]) for i in sorted(cards)]


def _labelled(labels: list[str], tail: str, join: str = "UNION") -> str:
    """Cypher: the nodes ``n`` of each of ``labels`` after ``$after`` in id order, one
    branch per label joined by ``join`` (a label cannot be a parameter; only the schema's own
    names are written into the text, anything else finds nothing), then ``tail`` per branch."""
    known = [label.value for label in Label if label.value in set(labels)]
    return f"\n{join}\n".join(f"MATCH (n:{label}) WHERE n.id > $after {tail}" for label in known)


_OWN_LABELS = f"[l IN labels(n) WHERE l <> '{ENTITY}'] AS labels"

# what a search may match, as text: a superset of ``browse.search_text``'s parts (every name
# property, not only the pair a card shows), so that the server never drops a node the exact
# test on the client (``browse.matches``) would keep
_OWN_TEXT = ["n.id", *(f"n.{k}" for pair in NAME_KEYS for k in pair), "n.uscc"]
_REF_TEXT = ["r.id", *(f"r.{k}" for pair in NAME_KEYS for k in pair)]


def _text(parts: list[str]) -> str:
    return " + ' ' + ".join(f"coalesce(toString({p}), '')" for p in parts)


def _search_query(labels: list[str]) -> str:
    nodes = _labelled(labels, "RETURN n")
    refs = ", ".join(f"n.{k}" for k in REF_KEYS)
    return f"""
CALL () {{
{nodes}
}}
OPTIONAL MATCH (r:{ENTITY}) WHERE r.id IN [{refs}]
WITH n, collect(r) AS refs
WITH n, refs, toLower({_text(_OWN_TEXT)} + ' ' +
     reduce(s = '', r IN refs | s + ' ' + {_text(_REF_TEXT)})) AS text
WHERE all(w IN $words WHERE text CONTAINS w)
RETURN n.id AS id, [l IN labels(n) WHERE l <> '{ENTITY}'] AS labels, properties(n) AS props,
       [r IN refs | [r.id, [l IN labels(r) WHERE l <> '{ENTITY}'], properties(r)]] AS refs
ORDER BY id
LIMIT $limit
"""


def search_nodes(run: Run, labels: list[str], query: str | None, limit: int) -> list[str]:
    """``GraphStore.search_nodes``: a blank query is the first ids of each label (by the
    server's top-k); words are matched on the server over a superset of the search text,
    then tested exactly here, page after page until ``limit`` are kept."""
    words = search_words(query)
    if not _labelled(labels, "") or limit <= 0:
        return []
    if not words:
        first = _labelled(labels, "RETURN n.id AS id ORDER BY id LIMIT $limit")
        rows = run(
            f"CALL () {{\n{first}\n}}\nRETURN id ORDER BY id LIMIT $limit", after="", limit=limit
        )
        return [r["id"] for r in rows]
    text, found, after = _search_query(labels), list[str](), ""
    while len(found) < limit:
        rows = run(text, after=after, words=words, limit=limit)
        for row in rows:
            card = NodeCard.of(row["id"], row["labels"], row["props"])
            refs = {r[0]: NodeCard.of(r[0], r[1], r[2]) for r in row["refs"]}
            if matches(card, (refs.get(str(card.props.get(k) or "")) for k in REF_KEYS), words):
                found.append(card.id)
        if len(rows) < limit:
            break
        after = rows[-1]["id"]
    return found[:limit]


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
