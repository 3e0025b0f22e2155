"""The embedded store's file, ``graph.json``: bytes to a networkx graph and back.

Format 3 (written since it was measured the fastest to open, see ``docs/embedded-store.md``;
``memory_format_grouped`` says its shape) holds nodes and edges as columns, their props
grouped by keys, each group's props as columns with repeated values written once. Format 2
(still read) is the same but with one props object per record:

    {"format": 2,
     "label_sets": [["Accident"], ["Enterprise", "Organization"], ...],
     "types": ["AT", "HOLDS", ...],
     "nodes": {"id": [...], "labels": [index into label_sets, ...], "props": [{...}, ...]},
     "edges": {"type": [index into types, ...], "start": [index into nodes.id, ...],
               "end": [...], "props": [{..., "key": "..."}, ...]}}

Labels, types and the ends of edges are numbers, so the decoder makes no string per record
for them, and the graph's adjacency is keyed by the very id strings of the node column.
Format 1 (a list of ``{"id", "labels", "props"}`` objects and one of ``{"type", "start",
"end", "props"}``) is still read too. A store written in an older format opens, and its next
write is format 3. Either way every value repeated across records is one shared object
(``memory_shared``). A file that is not a store file raises ``UnreadableStoreFile`` with a
reason in a few words, never another exception.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from graph_model.store.memory_format_grouped import (
    GROUPED_FORMAT,
    BadGroups,
    grouped_data,
    grouped_props,
    said,
)
from graph_model.store.memory_shared import SharedValues

FORMAT_VERSION = GROUPED_FORMAT
READABLE_FORMATS = (1, 2, 3)


class UnreadableStoreFile(Exception):
    """The file is not a store file; the message says why, in a few words."""


def edge_key(kind: str, key: str) -> str:
    """The networkx key of an edge: its identity within its type."""
    return f"{kind}:{key}"


# -- writing ---------------------------------------------------------------------------------
def encode(graph: nx.MultiDiGraph[str]) -> str:
    """The graph as format 3 text: nodes by id, edges by (key, start, end), so that the same
    graph always gives the same bytes and a reopened graph walks its edges in that order."""
    # dumps, not dump: only the one-shot encoder runs in C
    return json.dumps(grouped_data(graph), ensure_ascii=False, separators=(",", ":"))


# -- reading ---------------------------------------------------------------------------------
def decode(text: str) -> nx.MultiDiGraph[str]:
    """The graph in a store file's text, checked for shape."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableStoreFile(f"not JSON: {exc.msg} at line {exc.lineno}") from exc
    except RecursionError as exc:
        raise UnreadableStoreFile("not a store file: nested too deeply") from exc
    except ValueError as exc:  # a number of more digits than Python converts (4,300)
        raise UnreadableStoreFile("not JSON: a number too long") from exc
    if not isinstance(data, dict):
        raise UnreadableStoreFile(f"not a store file: a JSON {type(data).__name__}, not an object")
    version = data.get("format")
    if version == 3:
        return _graph_of_groups(data)
    if version == 2:
        return _graph_of_columns(data)
    if version == 1:
        return _graph_of_records(data)
    raise UnreadableStoreFile(f"unknown store format {said(version)}")


def _graph_of_groups(data: dict[str, Any]) -> nx.MultiDiGraph[str]:
    nodes, edges = data.get("nodes"), data.get("edges")
    if not (isinstance(nodes, dict) and isinstance(edges, dict)):
        raise UnreadableStoreFile("not a store file: 'nodes' and 'edges' must be objects")
    ids, labels = _columns(nodes, "nodes", ("id", "labels"))
    kinds, starts, ends = _columns(edges, "edges", ("type", "start", "end"))
    label_sets, types = _checked_tables(data, ids, labels, kinds, starts, ends)
    shared = SharedValues(ids)
    try:
        node_props = grouped_props(nodes.get("groups"), len(ids), ids, shared)
    except BadGroups as exc:
        raise UnreadableStoreFile(f"not a store file: nodes, {exc}") from exc
    try:
        edge_props = grouped_props(edges.get("groups"), len(kinds), ids, shared, unique="key")
    except BadGroups as exc:
        raise UnreadableStoreFile(f"not a store file: edges, {exc}") from exc
    _check_keys(edge_props)
    return _filled(ids, [label_sets[i] for i in labels], node_props, kinds, starts, ends,
                   types, edge_props)  # fmt: skip


def _graph_of_columns(data: dict[str, Any]) -> nx.MultiDiGraph[str]:
    nodes, edges = data.get("nodes"), data.get("edges")
    if not (isinstance(nodes, dict) and isinstance(edges, dict)):
        raise UnreadableStoreFile("not a store file: 'nodes' and 'edges' must be objects")
    ids, labels, node_props = _columns(nodes, "nodes", ("id", "labels", "props"))
    kinds, starts, ends, edge_props = _columns(edges, "edges", ("type", "start", "end", "props"))
    label_sets, types = _checked_tables(data, ids, labels, kinds, starts, ends)
    _check_dicts(node_props, "node", "props")
    _check_dicts(edge_props, "edge", "props")
    _check_keys(edge_props)
    shared = SharedValues(ids)
    shared.all_props(node_props)
    shared.all_props(edge_props, unique="key")
    return _filled(ids, [label_sets[i] for i in labels], node_props, kinds, starts, ends,
                   types, edge_props)  # fmt: skip


def _checked_tables(
    data: dict[str, Any],
    ids: list[Any],
    labels: list[Any],
    kinds: list[Any],
    starts: list[Any],
    ends: list[Any],
) -> tuple[list[tuple[str, ...]], list[str]]:
    """The label sets and relationship types of a format 2 or 3 file, once its ids and the
    numbers into them are checked; each label set one tuple, each type one interned string."""
    label_sets, types = data.get("label_sets"), data.get("types")
    if not (
        isinstance(label_sets, list)
        and all(
            isinstance(s, list) and s and all(isinstance(lb, str) for lb in s) for s in label_sets
        )
    ):
        raise UnreadableStoreFile("not a store file: 'label_sets' must be lists of labels")
    if not (isinstance(types, list) and all(isinstance(t, str) for t in types)):
        raise UnreadableStoreFile("not a store file: 'types' must be strings")
    if set(map(type, ids)) - {str}:
        raise UnreadableStoreFile(
            f"node {_first(ids, lambda n: type(n) is not str)} lacks a string id"
        )
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        twice = next(n for n in ids if n in seen or seen.add(n))  # type: ignore[func-returns-value]
        raise UnreadableStoreFile(f"node id {said(twice)} appears twice")
    _check_indexes(labels, len(label_sets), "node", "labels")
    _check_indexes(kinds, len(types), "edge", "type")
    _check_indexes(starts, len(ids), "edge", "start")
    _check_indexes(ends, len(ids), "edge", "end")
    shared = SharedValues()
    return [shared.labels(s) for s in label_sets], [shared.kind(t) for t in types]


def _check_keys(edge_props: list[dict[str, Any]]) -> None:
    if {type(p.get("key")) for p in edge_props} - {str}:
        bad = _first(edge_props, lambda p: type(p.get("key")) is not str)
        raise UnreadableStoreFile(f"edge {bad} lacks a key")


def _filled(
    ids: list[str],
    labels: list[tuple[str, ...]],
    node_props: list[dict[str, Any]],
    kinds: list[int],
    starts: list[int],
    ends: list[int],
    kind_names: list[str],
    edge_props: list[dict[str, Any]],
) -> nx.MultiDiGraph[str]:
    """The graph, its adjacency filled as ``add_node``/``add_edge`` fill it (the same dicts,
    the key dict shared by both ends) without a method call per record: the calls were a
    quarter of opening the store. Ids are unique and indexes in range (checked above)."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    # networkx's own adjacency dicts (stable since 2.0; tests/test_memory_open_fill.py
    # compares the result with what add_edge builds)
    nodes, succ, pred = graph._node, graph._succ, graph._pred  # type: ignore[attr-defined]
    for node, label_set, props in zip(ids, labels, node_props, strict=True):
        nodes[node] = {"labels": label_set, "props": props}
        succ[node] = {}
        pred[node] = {}
    for kind, start, end, props in zip(kinds, starts, ends, edge_props, strict=True):
        name = kind_names[kind]
        u, v = ids[start], ids[end]
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = pred[v][u] = {}
        key = edge_key(name, props["key"])
        data = keydict.get(key)
        if data is None:
            keydict[key] = {"type": name, "props": props}
        else:  # the same edge twice: the later wins, as add_edge's update gives
            data.update(type=name, props=props)
    return graph


def _columns(table: dict[str, Any], name: str, fields: tuple[str, ...]) -> list[list[Any]]:
    columns = [table.get(f) for f in fields]
    if not all(isinstance(c, list) for c in columns):
        raise UnreadableStoreFile(f"not a store file: '{name}' must have the lists {fields}")
    if len({len(c) for c in columns}) > 1:  # type: ignore[arg-type]
        raise UnreadableStoreFile(f"not a store file: the lists of '{name}' differ in length")
    return columns  # type: ignore[return-value]


def _first(values: list[Any], bad: Any) -> int:
    """The 1-based number of the first value ``bad`` says is wrong."""
    return next(i for i, v in enumerate(values, 1) if bad(v))


def _check_indexes(values: list[Any], size: int, what: str, field: str) -> None:
    # whole-column checks run in C; the slow search only names the first bad value
    if values and (set(map(type, values)) != {int} or min(values) < 0 or max(values) >= size):
        bad = _first(values, lambda i: not (type(i) is int and 0 <= i < size))
        raise UnreadableStoreFile(f"{what} {bad}: '{field}' points to nothing")


def _check_dicts(values: list[Any], what: str, field: str) -> None:
    if set(map(type, values)) - {dict}:
        bad = _first(values, lambda p: type(p) is not dict)
        raise UnreadableStoreFile(f"{what} {bad} lacks {field}")


def _graph_of_records(data: dict[str, Any]) -> nx.MultiDiGraph[str]:
    """Format 1, as written before format 2."""
    nodes, edges = data.get("nodes"), data.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise UnreadableStoreFile("not a store file: 'nodes' and 'edges' must be lists")
    shared = SharedValues()
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for i, node in enumerate(nodes):
        if not (
            isinstance(node, dict)
            and isinstance(node.get("id"), str)
            and isinstance(node.get("labels"), list)
            and node["labels"]
            and all(isinstance(lb, str) for lb in node["labels"])
            and isinstance(node.get("props"), dict)
        ):
            raise UnreadableStoreFile(f"node {i + 1} lacks a string id, labels or props")
        if node["id"] in graph:
            raise UnreadableStoreFile(f"node id {said(node['id'])} appears twice")
        node_id = shared.string(node["id"])
        graph.add_node(node_id, labels=shared.labels(node["labels"]), props=node["props"])
    # after every id is known, so that references to nodes share their id strings
    shared.all_props(props for _, props in graph.nodes(data="props"))
    for i, edge in enumerate(edges):
        # written out, not all(... for k in ...): a generator per edge was a third of the open
        if not (
            isinstance(edge, dict)
            and isinstance(edge.get("type"), str)
            and isinstance(edge.get("start"), str)
            and isinstance(edge.get("end"), str)
            and isinstance(edge.get("props"), dict)
            and isinstance(edge["props"].get("key"), str)
        ):
            raise UnreadableStoreFile(f"edge {i + 1} lacks a type, start, end or key")
        if edge["start"] not in graph or edge["end"] not in graph:
            raise UnreadableStoreFile(
                f"edge {i + 1} ({edge['type']}) points to a node that is not there"
            )
    shared.all_props((edge["props"] for edge in edges), unique="key")  # as for format 2
    string, kind_of = shared.string, shared.kind
    for edge in edges:
        kind, props = kind_of(edge["type"]), edge["props"]
        graph.add_edge(
            string(edge["start"]),
            string(edge["end"]),
            key=edge_key(kind, props["key"]),
            type=kind,
            props=props,
        )
    return graph
