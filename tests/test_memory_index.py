"""The embedded store's index of edges by type: the same edges, in networkx's order, as a
scan of the whole adjacency would give, whether a node's edges are kept by type (a hub) or
read off the adjacency; and nothing kept beside the adjacency for nodes that are not hubs."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from graph_model.store import MemoryStore, memory_index
from graph_model.store.memory_index import TypedIndex
from loaders import load_path
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph[str]:
    store = MemoryStore(tmp_path_factory.mktemp("index") / "graph.json")
    load_path(SAMPLE, store)
    return store.graph


def _scanned(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """What the index answers, from a scan of every edge (what the first index kept)."""
    out: dict[tuple[str, str], list[Any]] = {}
    into: dict[tuple[str, str], list[Any]] = {}
    by_type: dict[str, list[Any]] = {}
    for start, end, attrs in graph.edges(data=True):
        out.setdefault((start, attrs["type"]), []).append((end, attrs))
        by_type.setdefault(attrs["type"], []).append((start, end, attrs))
    for node in graph:
        for start, _, attrs in graph.in_edges(node, data=True):
            into.setdefault((node, attrs["type"]), []).append((start, attrs))
    return {"out": out, "into": into, "by_type": by_type}


@pytest.mark.parametrize("hub", [0, 3, memory_index.HUB_NEIGHBOURS])
def test_every_answer_is_the_scan_of_the_graph_in_its_order(
    graph: nx.MultiDiGraph[str], monkeypatch: pytest.MonkeyPatch, hub: int
) -> None:
    monkeypatch.setattr(memory_index, "HUB_NEIGHBOURS", hub)
    index = TypedIndex(graph)
    expected = _scanned(graph)
    kinds = sorted(expected["by_type"])
    assert sorted(index.kinds()) == kinds
    for kind in kinds:
        assert index.edges_of(kind) == expected["by_type"][kind]
        for node in graph:
            assert index.out_of(node, kind) == expected["out"].get((node, kind), [])
            assert index.into_of(node, kind) == expected["into"].get((node, kind), [])
            first = expected["out"].get((node, kind))
            assert index.first_out(node, kind) == (first[0][0] if first else None)
    assert index.edges_of("NO_SUCH_TYPE") == []
    assert index.first_out("no such node", kinds[0]) is None
    assert index.into_of("no such node", kinds[0]) == index.out_of("no such node", kinds[0]) == []
    # the answers hold the graph's own attribute dicts, not copies
    start, end, attrs = index.edges_of(kinds[0])[0]
    assert any(a is attrs for a in graph[start][end].values())


def test_only_hubs_have_their_edges_kept_beside_the_adjacency(
    graph: nx.MultiDiGraph[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memory_index, "HUB_NEIGHBOURS", 3)
    index = TypedIndex(graph)
    hubs = {n for n in graph if len(graph.pred[n]) > 3}
    assert hubs
    assert len(hubs) < graph.number_of_nodes() / 10
    assert {n for n in graph if index.is_hub(n)} == hubs
    kept = sum(len(edges) for n in hubs for edges in index._hubs[n].values())
    assert kept == sum(len(graph.in_edges(n)) for n in hubs) < graph.number_of_edges() / 2
