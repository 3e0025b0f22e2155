"""The embedded store's file and the objects of its graph: format 3 (props grouped, as columns)
written, formats 1 and 2 still opened; a value repeated across records is one object once open
(what keeps the store under a kilobyte per record); a damaged file of format 2 or 3 is one
reason, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graph_model.store import MemoryStore
from graph_model.store.memory import read_graph
from graph_model.store.memory_format import FORMAT_VERSION, UnreadableStoreFile, decode, encode
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


def _format_2(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """The file the code before format 3 wrote (its ``encode``, kept here as the fixture)."""
    ids = sorted(graph.nodes)
    position = {node: i for i, node in enumerate(ids)}
    label_sets: dict[tuple[str, ...], int] = {}
    labels = [label_sets.setdefault(graph.nodes[n]["labels"], len(label_sets)) for n in ids]
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1]))
    types: dict[str, int] = {}
    kinds = [types.setdefault(a["type"], len(types)) for _, _, _, a in edges]
    return {
        "format": 2,
        "label_sets": [list(s) for s in label_sets],
        "types": list(types),
        "nodes": {"id": ids, "labels": labels, "props": [graph.nodes[n]["props"] for n in ids]},
        "edges": {
            "type": kinds,
            "start": [position[u] for u, _, _, _ in edges],
            "end": [position[v] for _, v, _, _ in edges],
            "props": [a["props"] for _, _, _, a in edges],
        },
    }


def _everything(graph: nx.MultiDiGraph[str]) -> tuple[list[Any], list[Any]]:
    """Nodes and edges with their attributes, in the graph's own order (walks depend on it)."""
    return list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))


@pytest.fixture
def loaded(tmp_path: Path) -> MemoryStore:
    store = MemoryStore(tmp_path / "graph.json")
    load_path(SAMPLE, store)
    return store


def test_a_store_writes_format_3_and_reopens_the_same_graph(loaded: MemoryStore) -> None:
    assert loaded.path is not None
    assert json.loads(loaded.path.read_text(encoding="utf-8"))["format"] == FORMAT_VERSION == 3
    reopened = MemoryStore(loaded.path).graph
    assert _everything(reopened) == _everything(read_graph(loaded.path))
    assert sorted(reopened.nodes(data=True)) == sorted(loaded.graph.nodes(data=True))
    assert sorted(reopened.edges(keys=True, data=True)) == sorted(
        loaded.graph.edges(keys=True, data=True)
    )


@pytest.mark.parametrize("older", [_format_1, _format_2], ids=["format 1", "format 2"])
def test_an_older_file_opens_as_the_same_graph_and_is_rewritten_as_format_3(
    loaded: MemoryStore, tmp_path: Path, older: Any
) -> None:
    old = tmp_path / "old" / "graph.json"
    old.parent.mkdir()
    old.write_text(json.dumps(older(loaded.graph), ensure_ascii=False), encoding="utf-8")
    version = json.loads(old.read_text(encoding="utf-8"))["format"]
    assert loaded.path is not None
    opened = MemoryStore(old)
    assert opened.notices == []
    # same nodes, edges, attributes and order as the format 3 file of the same graph
    assert _everything(opened.graph) == _everything(MemoryStore(loaded.path).graph)
    assert opened.stats() == loaded.stats()
    load_path(SAMPLE, opened)  # nothing changes: the file stays as it was
    assert json.loads(old.read_text(encoding="utf-8"))["format"] == version
    more = tmp_path / "more"
    more.mkdir()
    (more / "persons.csv").write_text("id,name\nP-NEW,New Person\n", encoding="utf-8")
    load_path(more, opened)
    assert json.loads(old.read_text(encoding="utf-8"))["format"] == 3
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


@pytest.mark.parametrize("older", [_format_1, _format_2], ids=["format 1", "format 2"])
def test_equal_values_are_one_object_in_an_older_store(
    loaded: MemoryStore, tmp_path: Path, older: Any
) -> None:
    old = tmp_path / "graph-old.json"
    old.write_text(json.dumps(older(loaded.graph), ensure_ascii=False), encoding="utf-8")
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
    "unknown format": (b'{"format": 4}', "unknown store format 4"),
    "number too long": (b'{"format": 2, "x": ' + b"1" * 5000 + b"}", "not JSON: a number too long"),
    "long format": (json.dumps({"format": "v" * 10_000}).encode(), "unknown store format 'vvv"),
}


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


# -- format 3 ------------------------------------------------------------------------------------
def _grouped(**changes: Any) -> bytes:
    """A small well-formed format 3 file, with ``changes`` made (``table__field`` or
    ``table__groups__N__part``)."""
    data: dict[str, Any] = {
        "format": 3,
        "label_sets": [["Person"], ["Position"]],
        "types": ["HOLDS"],
        "nodes": {
            "id": ["P-1", "POS-1", "POS-2"],
            "labels": [0, 1, 1],
            "groups": [
                {"fields": ["id", "name"], "members": [0],
                 "columns": [["node", [0]], ["plain", ["A"]]]},
                {"fields": ["id", "org_id"], "members": [1, 2],
                 "columns": [["node", [1, 2]], ["dict", ["ORG"], [0, 0]]]},
            ],
        },
        "edges": {
            "type": [0],
            "start": [0],
            "end": [1],
            "groups": [{"fields": ["key", "source_ids"], "members": [0],
                        "columns": [["plain", ["k"]], ["dict", [["S-1"]], [0]]]}],
        },
    }  # fmt: skip
    for path, value in changes.items():
        steps = path.split("__")
        target: Any = data
        for step in steps[:-1]:
            target = target[int(step) if step.isdigit() else step]
        last = steps[-1]
        target[int(last) if last.isdigit() else last] = value
    return json.dumps(data).encode()


DAMAGED_3 = {
    "groups not a list": (_grouped(nodes__groups={}), "nodes, 'groups' must be a list"),
    "no groups": (_grouped(edges={"type": [0], "start": [0], "end": [1]}), "'groups' must be"),
    "group not an object": (_grouped(nodes__groups__0=[]), "group 1 must have 'fields'"),
    "group without columns": (
        _grouped(nodes__groups__1={"fields": [], "members": [1, 2]}),
        "group 2 must have 'fields', 'members' and 'columns'",
    ),
    "member out of range": (_grouped(nodes__groups__0__members=[3]), "'members' points to nothing"),
    "member a string": (_grouped(nodes__groups__0__members=["0"]), "'members' points to nothing"),
    "record in two groups": (
        _grouped(nodes__groups__0__members=[1]),
        "each record must be in one group exactly",
    ),
    "record in none": (
        _grouped(edges__groups=[]),
        "edges, each record must be in one group exactly",
    ),
    "field twice": (
        _grouped(nodes__groups__0__fields=["id", "id"]),
        "group 1: 'fields' must be distinct strings",
    ),
    "field a number": (_grouped(nodes__groups__0__fields=["id", 2]), "distinct strings"),
    "column missing": (
        _grouped(nodes__groups__0__columns=[["node", [0]]]),
        "group 1: one column per field",
    ),
    "unknown column kind": (
        _grouped(nodes__groups__0__columns__1=["zip", ["A"]]),
        "group 1, 'name': a column must be",
    ),
    "column not a list": (_grouped(nodes__groups__0__columns__1="A"), "a column must be"),
    "dict column without table": (
        _grouped(nodes__groups__1__columns__1=["dict", [0, 0]]),
        "group 2, 'org_id': a 'dict' column must have 2 list(s)",
    ),
    "short column": (
        _grouped(nodes__groups__1__columns__1=["dict", ["ORG"], [0]]),
        "the column's length differs from the members'",
    ),
    "node column to nowhere": (
        _grouped(nodes__groups__0__columns__0=["node", [9]]),
        "group 1, 'id': a node column points to nothing",
    ),
    "dict column to nowhere": (
        _grouped(nodes__groups__1__columns__1=["dict", ["ORG"], [0, 1]]),
        "group 2, 'org_id': a dict column points to nothing",
    ),
    "dict of numbers": (
        _grouped(nodes__groups__1__columns__1=["dict", [7], [0, 0]]),
        "a dict column holds only strings or lists of strings",
    ),
    "edge without key": (
        _grouped(edges__groups__0__fields=["kex", "source_ids"]),
        "edge 1 lacks a key",
    ),
    "edge key a number": (
        _grouped(edges__groups__0__columns__0=["plain", [1]]),
        "edge 1 lacks a key",
    ),
    "edge to nowhere": (_grouped(edges__end=[3]), "edge 1: 'end' points to nothing"),
    "id twice": (_grouped(nodes__id=["P-1", "P-1", "POS-2"]), "node id 'P-1' appears twice"),
    "long field name": (
        _grouped(nodes__groups__0__fields=["id", "n" * 10_000], nodes__groups__0__columns__1=[]),
        "group 1, 'nnnnn",
    ),
}


DAMAGED_FILES = {
    **{f"format 2, {name}": damage for name, damage in DAMAGED.items()},
    **{f"format 3, {name}": damage for name, damage in DAMAGED_3.items()},
}


@pytest.mark.parametrize(("content", "reason"), DAMAGED_FILES.values(), ids=DAMAGED_FILES.keys())
def test_a_damaged_file_is_one_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "graph.json"
    path.write_bytes(content)
    with pytest.raises(UnreadableStoreFile) as caught:
        read_graph(path)
    assert reason in str(caught.value)
    assert len(str(caught.value)) < 200  # one line, whatever the file holds


def test_the_well_formed_groups_above_do_open(tmp_path: Path) -> None:
    """The damaged files differ from this one by one part: each fails for its own reason."""
    path = tmp_path / "graph.json"
    path.write_bytes(_grouped())
    graph = read_graph(path)
    assert list(graph.nodes(data=True)) == [
        ("P-1", {"labels": ("Person",), "props": {"id": "P-1", "name": "A"}}),
        ("POS-1", {"labels": ("Position",), "props": {"id": "POS-1", "org_id": "ORG"}}),
        ("POS-2", {"labels": ("Position",), "props": {"id": "POS-2", "org_id": "ORG"}}),
    ]
    assert graph.nodes["POS-1"]["props"]["org_id"] is graph.nodes["POS-2"]["props"]["org_id"]
    assert list(graph.edges(keys=True, data=True)) == [
        ("P-1", "POS-1", "HOLDS:k", {"type": "HOLDS", "props": {"key": "k", "source_ids": ["S-1"]}})
    ]


def test_an_edge_key_is_written_as_it_is_and_left_unshared() -> None:
    """As format 2 leaves it: an edge's key is its own, even when it repeats across types
    or equals a node id or another value (a table or node positions would share it)."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in ("R-A", "R-B", "R-C"):
        graph.add_node(node, labels=("Region",), props={"id": node, "note": "kk-1"})
    pairs = [("R-A", "R-B"), ("R-B", "R-C"), ("R-C", "R-A")]
    for kind, (u, v) in zip("RST", pairs, strict=True):
        for key in ("kk-1", "R-A"):
            graph.add_edge(u, v, key=f"{kind}:{key}", type=kind, props={"key": key})
    data = json.loads(encode(graph))
    assert [g["columns"][0][0] for g in data["edges"]["groups"]] == ["plain"]
    reopened = decode(encode(graph))
    keys = [a["props"]["key"] for _, _, a in reopened.edges(data=True)]
    assert sorted(keys) == ["R-A", "R-A", "R-A", "kk-1", "kk-1", "kk-1"]
    assert len({id(k) for k in keys}) == 6
    assert all(k is not n for k in keys for n in reopened)


def test_the_sample_file_uses_every_kind_of_column(loaded: MemoryStore) -> None:
    """So that the tests above and the sample's round trip read each kind of column."""
    assert loaded.path is not None
    data = json.loads(loaded.path.read_text(encoding="utf-8"))
    kinds = {
        column[0]
        for table in ("nodes", "edges")
        for group in data[table]["groups"]
        for column in group["columns"]
    }
    assert kinds == {"node", "dict", "plain"}


_SCALARS = (
    st.text(max_size=3)
    | st.integers(-3, 3)
    | st.booleans()
    | st.none()
    | st.floats(allow_nan=False, allow_infinity=False)
)
_VALUES = _SCALARS | st.lists(_SCALARS, max_size=3) | st.dictionaries(st.text(max_size=2), _SCALARS)


@given(
    st.lists(
        st.dictionaries(st.sampled_from(["a", "b", "c", "id"]), _VALUES, max_size=4),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11), st.text(max_size=2)), max_size=12),
)
@example(props=[{"a": [1]}, {"a": [True]}, {"a": [1.0]}, {"a": ["1"]}], edges=[])
@example(props=[{"a": "N1"}, {"a": "x", "b": 1}, {"a": "x", "b": True}], edges=[(0, 1, "N0")])
@settings(max_examples=150, deadline=None)
def test_format_3_gives_back_every_value_its_type_and_order(
    props: list[dict[str, Any]], edges: list[tuple[int, int, str]]
) -> None:
    """Any props, in any mix of kinds per key (strings that are node ids or not, repeated or
    not, lists of strings or of anything, numbers that equal each other), come back equal,
    of the same types, in the same key order, and in the graph's own order."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    names = [f"N{i}" for i in range(len(props))]
    for name, p in zip(names, props, strict=True):
        graph.add_node(name, labels=("Person",), props=p)
    for start, end, key in edges:
        if start < len(names) and end < len(names):
            refs = {"key": key, "to": names[end], "n": 1 if key else True}
            graph.add_edge(names[start], names[end], key=f"REL:{key}", type="REL", props=refs)
    reopened = decode(encode(graph))
    as_format_2 = decode(json.dumps(_format_2(graph)))  # nodes by id, edges by key: as written
    assert _typed(_everything(reopened)) == _typed(_everything(as_format_2))
    assert sorted(map(repr, _typed(list(graph.nodes(data=True))))) == sorted(
        map(repr, _typed(list(reopened.nodes(data=True))))
    )


def _typed(value: Any) -> Any:
    """A value with the type of every part spelled out (1, 1.0 and True apart)."""
    if isinstance(value, dict):
        return [(k, _typed(v)) for k, v in value.items()]
    if isinstance(value, list | tuple):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)
