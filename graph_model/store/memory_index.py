"""The embedded store's edges grouped by type, per node and over the whole graph.

networkx keeps a node's edges in one dict whatever their type, so "the supervision rows aimed
at this sector" would scan every enterprise ``IN_SECTOR`` of it (thousands in a hub
district). The index answers such a question with only the edges of the type asked for; it
is built once per version of the graph (a load gives a new graph, hence a new index) and
keeps networkx's own order, so every walk sees edges in the order it did before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import TypeAlias

    import networkx as nx

    Graph: TypeAlias = nx.MultiDiGraph[str]

Attrs = dict[str, Any]


class TypedIndex:
    """``out[node][type]``: (end, attrs) of the node's outgoing edges of that type;
    ``into[node][type]``: (start, attrs) of its incoming ones; ``by_type[type]``: every
    (start, end, attrs); ``by_label[label]``: the node ids, sorted."""

    __slots__ = ("by_label", "by_type", "into", "out")

    def __init__(self, graph: Graph):
        self.out: dict[str, dict[str, list[tuple[str, Attrs]]]] = {}
        self.into: dict[str, dict[str, list[tuple[str, Attrs]]]] = {}
        self.by_type: dict[str, list[tuple[str, str, Attrs]]] = {}
        self.by_label: dict[str, list[str]] = {}
        for node, ends in graph.succ.items():
            for end, keyed in ends.items():
                for attrs in keyed.values():
                    kind = attrs["type"]
                    self.out.setdefault(node, {}).setdefault(kind, []).append((end, attrs))
                    self.by_type.setdefault(kind, []).append((node, end, attrs))
        for node, starts in graph.pred.items():
            for start, keyed in starts.items():
                for attrs in keyed.values():
                    self.into.setdefault(node, {}).setdefault(attrs["type"], []).append(
                        (start, attrs)
                    )
        for node, attrs in graph.nodes(data=True):
            for label in attrs["labels"]:
                self.by_label.setdefault(label, []).append(node)
        for ids in self.by_label.values():
            ids.sort()

    def out_of(self, node: str, kind: str) -> list[tuple[str, Attrs]]:
        return self.out.get(node, {}).get(kind, [])

    def into_of(self, node: str, kind: str) -> list[tuple[str, Attrs]]:
        return self.into.get(node, {}).get(kind, [])

    def edges_of(self, kind: str) -> list[tuple[str, str, Attrs]]:
        return self.by_type.get(kind, [])

    def with_label(self, label: str) -> list[str]:
        return self.by_label.get(label, [])
