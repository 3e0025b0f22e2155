"""Browsing the graph, the same on both stores: nodes with their names in both languages,
a node's neighbourhood, paths between two nodes, node search and the region/sector trees.

The stores answer the small questions (``GraphStore.node_cards``, ``links_of``,
``shortest_paths``, ``subtree``, ``all_appointments``); what is built from them (a bounded
neighbourhood, a search over names) is written here once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graph_model.dates import in_force

if TYPE_CHECKING:
    from graph_model.store.base import GraphStore

MAX_PATH_LENGTH = 12  # hops; fixed in the stores' path searches
MAX_PATHS = 5

# the property pairs a node's human name comes from, in order of preference
NAME_KEYS = (("name", "name_zh"), ("title", "title_zh"), ("text", "text_zh"))


def names_of(props: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """A node's name in English and in Chinese (a hazard's title, a duty's text)."""
    for en, zh in NAME_KEYS:
        if props.get(en) or props.get(zh):
            return _opt(props.get(en)), _opt(props.get(zh))
    return None, None


def _opt(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


@dataclass(frozen=True)
class NodeCard:
    """A node: its id, labels (sorted, without ``Entity``), names in both languages and
    every property."""

    id: str
    labels: tuple[str, ...]
    name: str | None
    name_zh: str | None
    props: Mapping[str, Any] = field(compare=False, hash=False)

    @classmethod
    def of(cls, node_id: str, labels: Iterable[str], props: Mapping[str, Any]) -> NodeCard:
        en, zh = names_of(props)
        return cls(node_id, tuple(sorted(labels)), en, zh, dict(props))

    def as_dict(self) -> dict[str, Any]:
        """Its properties plus ``id`` and ``labels``, as the app's tables read a node."""
        return {**self.props, "id": self.id, "labels": list(self.labels)}


@dataclass(frozen=True)
class Edge:
    """One relationship, by its ends and type; ``props`` includes its identity ``key``."""

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


@dataclass(frozen=True)
class Appointment:
    """One HOLDS link: a person in a post from ``start`` to ``end`` (blank: open)."""

    person_id: str
    position_id: str
    start: str | None
    end: str | None
    source_ids: tuple[str, ...] = ()

    def held_on(self, day: str) -> bool:
        return in_force(self.start, self.end, day)


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
        found = store.links_of(frontier, wanted, cap * 20)
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
    for edge in store.links_of(kept, wanted, cap * 40):
        if edge.start in seen and edge.end in seen:
            edges.setdefault(edge.key, edge)
    nodes = store.nodes(kept)
    return Subgraph(
        {n: nodes[n] for n in kept if n in nodes},
        sorted(edges.values(), key=lambda e: (e.type, e.start, e.end)),
        truncated,
    )


def shortest_paths(
    store: GraphStore, a: str, b: str, types: Iterable[str] = (), limit: int = MAX_PATHS
) -> list[list[Edge]]:
    """Up to ``limit`` shortest paths between two nodes, links in any direction, using only
    relationship types ``types`` (all when empty); at most ``MAX_PATH_LENGTH`` links."""
    if a == b:
        return []
    found = store.shortest_paths(a, b, sorted(set(types)), limit)
    return sorted(found, key=lambda hops: walk(a, hops))


def walk(start: str, hops: list[Edge]) -> tuple[str, ...]:
    """The nodes a path passes, from ``start`` (its links may point either way)."""
    nodes = [start]
    for e in hops:
        nodes.append(e.end if e.start == nodes[-1] else e.start)
    return tuple(nodes)


SEARCH_LIMIT = 500  # ids a search hands a picker


def search_words(query: str | None) -> list[str]:
    """The words of a search, lower-cased (as Neo4j's ``toLower`` does: both stores compare
    the same way)."""
    return (query or "").lower().split()


def search_text(card: NodeCard, refs: Iterable[NodeCard | None] = ()) -> str:
    """Everything a search may match: id, both names, the uscc, and the id and names of the
    node's enterprise or organization (``refs``: a hazard is found by its enterprise's
    name)."""
    parts = [card.id, card.name or "", card.name_zh or "", str(card.props.get("uscc") or "")]
    for other in refs:
        if other:
            parts += [other.id, other.name or "", other.name_zh or ""]
    return " ".join(parts).lower()


REF_KEYS = ("enterprise_id", "org_id")  # the properties naming a node's ``refs``


def ref_ids(card: NodeCard) -> list[str]:
    return [str(card.props.get(k) or "") for k in REF_KEYS]


def matches(card: NodeCard, refs: Iterable[NodeCard | None], words: list[str]) -> bool:
    if not words:
        return True
    text = search_text(card, refs)
    return all(w in text for w in words)


def search(
    cards: Mapping[str, NodeCard],
    labels: Iterable[str],
    query: str | None,
    limit: int = SEARCH_LIMIT,
) -> list[str]:
    """Ids (sorted) of nodes with one of ``labels`` whose text contains every word of
    ``query``; every such node when the query is blank (at most ``limit``). Over cards held
    in memory; ``GraphStore.search_nodes`` answers the same from the store."""
    wanted = set(labels)
    words = search_words(query)
    found = []
    for node_id in sorted(cards):
        card = cards[node_id]
        if not wanted.intersection(card.labels):
            continue
        if not matches(card, (cards.get(r) for r in ref_ids(card)), words):
            continue
        found.append(node_id)
        if len(found) >= limit:
            break
    return found


def top_of(cards: Mapping[str, NodeCard], node_id: str) -> str:
    """The root of a region's or sector's tree (``parent_id`` upwards); a cycle stops."""
    seen = [node_id]
    current = node_id
    while True:
        parent = cards.get(current)
        up = str(parent.props.get("parent_id") or "") if parent else ""
        if not up or up not in cards or up in seen:
            return current
        seen.append(up)
        current = up
