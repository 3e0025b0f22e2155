"""The embedded store's edges grouped by type, per node and over the whole graph.

networkx keeps a node's edges in one dict whatever their type, so "the supervision rows aimed
at this sector" would scan every enterprise ``IN_SECTOR`` of it (thousands in a hub
district). The index answers such a question with only the edges of the type asked for.

It keeps as little beside networkx's adjacency as that needs (the adjacency is the one copy
of the edges): a by-type list of incoming edges only for the few nodes with many neighbours
(sectors, districts, busy posts), the nodes that start edges of each type, and the node ids
per label. Everything else is read off the adjacency, which is small for other nodes (at the
M size no node has more than 13 outgoing neighbours). Every answer keeps networkx's own
order, so every walk sees edges in the order it did when the index held them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import TypeAlias

    import networkx as nx

    Graph: TypeAlias = nx.MultiDiGraph[str]

Attrs = dict[str, Any]
Adjacency = dict[str, dict[str, dict[str, Attrs]]]

# Incoming neighbours above which a node's incoming edges are kept by type: scanning a few
# dozen is as fast as a look-up, scanning a sector's thousands is what made chains grow.
HUB_NEIGHBOURS = 32


class TypedIndex:
    """Edges of one type: ``out_of(node, type)`` (end, attrs), ``into_of(node, type)``
    (start, attrs), ``edges_of(type)`` (start, end, attrs); ``with_label(label)``: node ids,
    sorted. The attrs are the graph's own edge attribute dicts, not copies."""

    __slots__ = ("_hubs", "_pred", "_starts", "_succ", "by_label")

    def __init__(self, graph: Graph):
        # networkx's own adjacency dicts (its stubs do not declare them): its public views
        # wrap every access in a new object, and these reads are in every walk
        self._succ: Adjacency = graph._succ  # type: ignore[attr-defined]
        self._pred: Adjacency = graph._pred  # type: ignore[attr-defined]
        self._hubs: dict[str, dict[str, list[tuple[str, Attrs]]]] = {}
        self._starts: dict[str, list[str]] = {}
        self.by_label: dict[str, list[str]] = {}
        starts = self._starts
        for node, ends in self._succ.items():
            kinds: set[str] = set()
            for keyed in ends.values():
                for attrs in keyed.values():
                    kinds.add(attrs["type"])
            for kind in kinds:
                starts.setdefault(kind, []).append(node)
        for node, neighbours in self._pred.items():
            if len(neighbours) > HUB_NEIGHBOURS:
                by_kind: dict[str, list[tuple[str, Attrs]]] = {}
                for start, keyed in neighbours.items():
                    for attrs in keyed.values():
                        by_kind.setdefault(attrs["type"], []).append((start, attrs))
                self._hubs[node] = by_kind
        for node, attrs in graph.nodes(data=True):
            for label in attrs["labels"]:
                self.by_label.setdefault(label, []).append(node)
        for ids in self.by_label.values():
            ids.sort()

    def out_of(self, node: str, kind: str) -> list[tuple[str, Attrs]]:
        ends = self._succ.get(node)
        if not ends:
            return []
        return [
            (end, a) for end, keyed in ends.items() for a in keyed.values() if a["type"] == kind
        ]

    def first_out(self, node: str, kind: str) -> str | None:
        """The end of ``out_of(node, kind)``'s first edge, or None: no list, no tuple."""
        ends = self._succ.get(node)
        if ends:
            for end, keyed in ends.items():
                for a in keyed.values():
                    if a["type"] == kind:
                        return end
        return None

    def into_of(self, node: str, kind: str) -> list[tuple[str, Attrs]]:
        hub = self._hubs.get(node)
        if hub is not None:
            return hub.get(kind, [])
        starts = self._pred.get(node)
        if not starts:
            return []
        return [
            (start, a)
            for start, keyed in starts.items()
            for a in keyed.values()
            if a["type"] == kind
        ]

    def edges_of(self, kind: str) -> list[tuple[str, str, Attrs]]:
        succ = self._succ
        return [
            (start, end, a)
            for start in self._starts.get(kind, ())
            for end, keyed in succ[start].items()
            for a in keyed.values()
            if a["type"] == kind
        ]

    def kinds(self) -> list[str]:
        """The relationship types the graph has."""
        return list(self._starts)

    def with_label(self, label: str) -> list[str]:
        return self.by_label.get(label, [])

    def is_hub(self, node: str) -> bool:
        return node in self._hubs
