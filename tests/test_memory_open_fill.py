"""Opening the embedded store fills networkx's adjacency directly (no ``add_edge`` per
record): the graph must be the one ``add_node``/``add_edge`` build from the same file, in the
same order, with one key dict shared by both ends of each pair and a later duplicate winning."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from graph_model.store import MemoryStore
from graph_model.store.memory import read_graph
from graph_model.store.memory_format import decode, edge_key
from loaders import load_path
from tests.conftest import SAMPLE
from tests.test_memory_format import _format_2


def _by_calls(text: str) -> nx.MultiDiGraph[str]:
    """The graph of a format 2 file built the way networkx documents."""
    data = json.loads(text)
    nodes, edges = data["nodes"], data["edges"]
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, labels, props in zip(nodes["id"], nodes["labels"], nodes["props"], strict=True):
        graph.add_node(node, labels=tuple(data["label_sets"][labels]), props=props)
    for kind, start, end, props in zip(
        edges["type"], edges["start"], edges["end"], edges["props"], strict=True
    ):
        name = data["types"][kind]
        u, v = nodes["id"][start], nodes["id"][end]
        graph.add_edge(u, v, key=edge_key(name, props["key"]), type=name, props=props)
    return graph


def test_the_sample_opens_as_add_edge_builds_it(tmp_path: Path) -> None:
    """The file (format 3) read against its content written as format 2 and built by calls."""
    path = tmp_path / "graph.json"
    store = MemoryStore(path)
    load_path(SAMPLE, store)
    opened = read_graph(path)
    built = _by_calls(json.dumps(_format_2(store.graph), ensure_ascii=False))
    assert list(opened.nodes(data=True)) == list(built.nodes(data=True))
    assert list(opened.edges(keys=True, data=True)) == list(built.edges(keys=True, data=True))
    assert opened._succ == built._succ
    assert opened._pred == built._pred
    for u, v in opened.edges():
        assert opened._succ[u][v] is opened._pred[v][u]  # what add_edge shares
    assert opened.number_of_edges() == built.number_of_edges() > 0


def test_an_edge_given_twice_is_one_edge_the_later_winning() -> None:
    text = json.dumps(
        {
            "format": 2,
            "label_sets": [["Region"]],
            "types": ["PART_OF"],
            "nodes": {"id": ["A", "B"], "labels": [0, 0], "props": [{"id": "A"}, {"id": "B"}]},
            "edges": {
                "type": [0, 0],
                "start": [0, 0],
                "end": [1, 1],
                "props": [{"key": "k", "n": 1}, {"key": "k", "n": 2}],
            },
        }
    )
    opened, built = decode(text), _by_calls(text)
    assert list(opened.edges(keys=True, data=True)) == list(built.edges(keys=True, data=True))
    assert [a["props"]["n"] for _, _, a in opened.edges(data=True)] == [2]
