"""The embedded store's answers to browsing (see ``graph_model.browse``): node cards,
the links of some nodes, shortest paths, trees and every appointment, read off the
networkx multigraph."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

import networkx as nx

from graph_model.browse import (
    MAX_PATH_LENGTH,
    Appointment,
    Edge,
    NodeCard,
    matches,
    ref_ids,
    search_words,
)
from graph_model.schema import Rel
from graph_model.store.memory_index import TypedIndex

# the links that make a tree: a region's parent, a sector's parent
TREE_RELS = (Rel.PART_OF.value, Rel.SUBSECTOR_OF.value)


def node_cards(
    graph: nx.MultiDiGraph[str], labels: Iterable[str], index: TypedIndex | None = None
) -> list[NodeCard]:
    """Cards of the nodes with one of ``labels`` (every node when none), by id; with the
    index, only the nodes of those labels are read (a few thousand of 100k)."""
    wanted = set(labels)
    nodes = graph.nodes
    if wanted and index is not None:
        ids = sorted({n for label in wanted for n in index.with_label(label)})
    else:
        ids = [n for n in sorted(nodes) if not wanted or wanted.intersection(nodes[n]["labels"])]
    return [NodeCard.of(n, nodes[n]["labels"], nodes[n]["props"]) for n in ids]


def search_nodes(
    graph: nx.MultiDiGraph[str], index: TypedIndex, labels: list[str], query: str | None, limit: int
) -> list[str]:
    """``GraphStore.search_nodes``: the label index's ids in order, a card made only for
    each one tested."""
    nodes = graph.nodes
    words = search_words(query)
    found: list[str] = []
    for node_id in sorted({n for label in set(labels) for n in index.with_label(label)}):
        if len(found) >= limit:
            break
        if words:
            card = _card(graph, node_id)
            refs = (_card(graph, r) for r in ref_ids(card) if r in nodes)
            if not matches(card, refs, words):
                continue
        found.append(node_id)
    return found


def _card(graph: nx.MultiDiGraph[str], node_id: str) -> NodeCard:
    attrs = graph.nodes[node_id]
    return NodeCard.of(node_id, attrs["labels"], attrs["props"])


def links_of(
    graph: nx.MultiDiGraph[str], ids: list[str], types: list[str], limit: int
) -> list[Edge]:
    found: dict[tuple[str, str, str], Edge] = {}
    for node in ids:
        if node not in graph:
            continue
        for u, v, k, a in [
            *graph.out_edges(node, keys=True, data=True),
            *graph.in_edges(node, keys=True, data=True),
        ]:
            if not types or a["type"] in types:
                found.setdefault((u, v, k), Edge(u, a["type"], v, dict(a["props"])))
        if len(found) >= limit:
            break
    return list(found.values())[:limit]


def shortest_paths(
    graph: nx.MultiDiGraph[str], a: str, b: str, types: list[str], limit: int
) -> list[list[Edge]]:
    if a == b or a not in graph or b not in graph:
        return []
    simple: nx.Graph[str] = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    between: dict[frozenset[str], list[Edge]] = {}
    for u, v, attrs in graph.edges(data=True):
        if types and attrs["type"] not in types:
            continue
        simple.add_edge(u, v)
        between.setdefault(frozenset((u, v)), []).append(
            Edge(u, attrs["type"], v, dict(attrs["props"]))
        )
    paths: list[list[Edge]] = []
    try:
        for nodes in nx.all_shortest_paths(simple, a, b):
            if len(nodes) - 1 > MAX_PATH_LENGTH:
                break
            # of parallel links, the one of smallest key: the same answer on every run
            paths.append(
                [min(between[frozenset((x, y))], key=lambda e: e.key) for x, y in pairwise(nodes)]
            )
            if len(paths) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return paths


def subtree(graph: nx.MultiDiGraph[str], index: TypedIndex, node_id: str) -> set[str]:
    """The node and everything below it in the region and sector trees."""
    if node_id not in graph:
        return set()
    below, frontier = {node_id}, [node_id]
    while frontier:
        node = frontier.pop()
        for rel in TREE_RELS:
            for child, _ in index.into_of(node, rel):
                if child not in below:
                    below.add(child)
                    frontier.append(child)
    return below


def all_appointments(index: TypedIndex) -> list[Appointment]:
    return sorted(
        (
            Appointment(
                u,
                v,
                a["props"].get("start"),
                a["props"].get("end"),
                tuple(a["props"].get("source_ids") or ()),
            )
            for u, v, a in index.edges_of(Rel.HOLDS.value)
        ),
        key=lambda x: (x.position_id, x.start or "", x.person_id),
    )
