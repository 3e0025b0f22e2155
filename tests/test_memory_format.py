"""The embedded store's file and the objects of its graph: format 2 (columns) written, format 1
still opened; a value repeated across records is one object once open (what keeps the store
under a kilobyte per record); a damaged format 2 file is one reason, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph_model.store import MemoryStore
from graph_model.store.memory import read_graph
from graph_model.store.memory_format import FORMAT_VERSION, UnreadableStoreFile
from graph_model.store.memory_shared import SharedValues
from loaders import load_path
from tests.conftest import SAMPLE


def _format_1(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """The file the code before format 2 wrote (its ``_write_file``, kept here as the fixture)."""
    return {
        "format": 1,
        "nodes": [
            {"id": n, "labels": list(a["labels"]), "props": a["props"]}
            for n, a in sorted(graph.nodes.items())
        ],
        "edges": [
            {"type": a["type"], "start": u, "end": v, "props": a["props"]}
            for u, v, _, a in sorted(
                graph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1])
            )
        ],
    }


def _everything(graph: nx.MultiDiGraph[str]) -> tuple[list[Any], list[Any]]:
    """Nodes and edges with their attributes, in the graph's own order (walks depend on it)."""
    return list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))


@pytest.fixture
def loaded(tmp_path: Path) -> MemoryStore:
    store = MemoryStore(tmp_path / "graph.json")
    load_path(SAMPLE, store)
    return store


def test_a_store_writes_format_2_and_reopens_the_same_graph(loaded: MemoryStore) -> None:
    assert loaded.path is not None
    assert json.loads(loaded.path.read_text(encoding="utf-8"))["format"] == FORMAT_VERSION == 2
    reopened = MemoryStore(loaded.path).graph
    assert _everything(reopened) == _everything(read_graph(loaded.path))
    assert sorted(reopened.nodes(data=True)) == sorted(loaded.graph.nodes(data=True))
    assert sorted(reopened.edges(keys=True, data=True)) == sorted(
        loaded.graph.edges(keys=True, data=True)
    )


def test_a_format_1_file_opens_as_the_same_graph_and_is_rewritten_as_format_2(
    loaded: MemoryStore, tmp_path: Path
) -> None:
    old = tmp_path / "old" / "graph.json"
    old.parent.mkdir()
    old.write_text(json.dumps(_format_1(loaded.graph), ensure_ascii=False), encoding="utf-8")
    assert loaded.path is not None
    opened = MemoryStore(old)
    assert opened.notices == []
    # same nodes, edges, attributes and order as the format 2 file of the same graph
    assert _everything(opened.graph) == _everything(MemoryStore(loaded.path).graph)
    assert opened.stats() == loaded.stats()
    load_path(SAMPLE, opened)  # nothing changes: the file stays as it was
    assert json.loads(old.read_text(encoding="utf-8"))["format"] == 1
    more = tmp_path / "more"
    more.mkdir()
    (more / "persons.csv").write_text("id,name\nP-NEW,New Person\n", encoding="utf-8")
    load_path(more, opened)
    assert json.loads(old.read_text(encoding="utf-8"))["format"] == 2
    assert MemoryStore(old).graph.nodes["P-NEW"]["props"]["name"] == "New Person"


def _repeated_values_are_shared(graph: nx.MultiDiGraph[str]) -> None:
    ids = {n: n for n in graph}  # the adjacency's own key objects
    seen: dict[Any, Any] = {}
    labels: dict[tuple[str, ...], tuple[str, ...]] = {}
    for node, attrs in graph.nodes(data=True):
        props = attrs["props"]
        assert props["id"] is node, node  # the node's id, not a copy of it
        for value in props.values():
            if isinstance(value, str) and value in ids:
                assert value is ids[value]
            if isinstance(value, str | list):
                key = tuple(value) if isinstance(value, list) else value
                assert seen.setdefault(key, value) is value, (node, value)
        assert labels.setdefault(attrs["labels"], attrs["labels"]) is attrs["labels"]
    kinds: dict[str, str] = {}
    for start, end, attrs in graph.edges(data=True):
        assert start is ids[start]
        assert end is ids[end]
        assert kinds.setdefault(attrs["type"], attrs["type"]) is attrs["type"]
        for value in attrs["props"].values():
            if isinstance(value, str | list):
                key = tuple(value) if isinstance(value, list) else value
                assert seen.setdefault(key, value) is value, (start, end, value)


def test_equal_values_are_one_object_in_an_opened_store(loaded: MemoryStore) -> None:
    assert loaded.path is not None
    graph = MemoryStore(loaded.path).graph
    _repeated_values_are_shared(graph)
    owners = [p["enterprise_id"] for _, p in graph.nodes(data="props") if "enterprise_id" in p]
    assert len(owners) > len(set(owners))  # the sample repeats values: the check had work


def test_equal_values_are_one_object_in_a_format_1_store(
    loaded: MemoryStore, tmp_path: Path
) -> None:
    old = tmp_path / "graph-1.json"
    old.write_text(json.dumps(_format_1(loaded.graph), ensure_ascii=False), encoding="utf-8")
    _repeated_values_are_shared(read_graph(old))


def test_equal_values_are_one_object_after_a_load(loaded: MemoryStore) -> None:
    _repeated_values_are_shared(loaded.graph)


def _columns(**changes: Any) -> bytes:
    data: dict[str, Any] = {
        "format": 2,
        "label_sets": [["Person"], ["Position"]],
        "types": ["HOLDS"],
        "nodes": {"id": ["P-1", "POS-1"], "labels": [0, 1], "props": [{}, {}]},
        "edges": {"type": [0], "start": [0], "end": [1], "props": [{"key": "k"}]},
    }
    for path, value in changes.items():
        table, _, field = path.partition("__")
        if field:
            data[table][field] = value
        else:
            data[table] = value
    return json.dumps(data).encode()


DAMAGED = {
    "edge to nowhere": (_columns(edges__end=[2]), "edge 1: 'end' points to nothing"),
    "negative index": (_columns(edges__start=[-1]), "edge 1: 'start' points to nothing"),
    "index not a number": (_columns(nodes__labels=[0, "1"]), "node 2: 'labels' points to nothing"),
    "unknown type": (_columns(edges__type=[1]), "edge 1: 'type' points to nothing"),
    "short column": (_columns(nodes__props=[{}]), "the lists of 'nodes' differ in length"),
    "no column": (_columns(edges={"type": [0]}), "'edges' must have the lists"),
    "id twice": (_columns(nodes__id=["P-1", "P-1"]), "node id 'P-1' appears twice"),
    "id a number": (_columns(nodes__id=["P-1", 7]), "node 2 lacks a string id"),
    "props a list": (_columns(nodes__props=[{}, []]), "node 2 lacks props"),
    "edge without key": (_columns(edges__props=[{"k": 1}]), "edge 1 lacks a key"),
    "empty label set": (_columns(label_sets=[[], ["Position"]]), "'label_sets' must be lists"),
    "types not strings": (_columns(types=[1]), "'types' must be strings"),
    "nodes a list": (_columns(nodes=[]), "'nodes' and 'edges' must be objects"),
    "unknown format": (b'{"format": 3}', "unknown store format 3"),
}


@pytest.mark.parametrize(("content", "reason"), DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_format_2_file_is_one_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "graph.json"
    path.write_bytes(content)
    with pytest.raises(UnreadableStoreFile) as caught:
        read_graph(path)
    assert reason in str(caught.value)


def test_the_well_formed_columns_above_do_open(tmp_path: Path) -> None:
    """The damaged files differ from this one by one field: each fails for its own reason."""
    path = tmp_path / "graph.json"
    path.write_bytes(_columns())
    graph = read_graph(path)
    assert list(graph.edges(keys=True, data="type")) == [("P-1", "POS-1", "HOLDS:k", "HOLDS")]


def test_only_lists_of_strings_are_shared_and_equal_numbers_stay_apart() -> None:
    shared = SharedValues()
    first = shared.props({"a": [1], "b": ["S"], "c": [{"x": 1}], "d": []})
    second = shared.props({"a": [True], "b": ["S"], "c": [{"x": 1}], "d": []})
    assert second["a"] == [True]
    assert type(second["a"][0]) is bool  # not merged with [1], which equals it
    assert second["b"] is first["b"]
    assert second["d"] is first["d"]
    assert second["c"] == first["c"]
    assert second["c"] is not first["c"]  # nested data is left as it came
