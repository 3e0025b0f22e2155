"""Format 3 of the embedded store's file: records grouped by the keys of their props, each
group's props held as columns, repeated values written once.

    {"format": 3,
     "label_sets": [["Accident"], ...], "types": ["AT", ...],
     "nodes": {"id": [...], "labels": [...], "groups": [GROUP, ...]},
     "edges": {"type": [...], "start": [...], "end": [...], "groups": [GROUP, ...]}}

    GROUP = {"fields": ["id", "name", ...],    the keys of its records' props, in order
             "members": [3, 17, ...],          the positions of its records (nodes or edges)
             "columns": [COLUMN, ...]}         one per field, one value per member
    COLUMN = ["node", [positions in nodes.id]]        values that are node ids
           | ["dict", [distinct values], [indexes]]  strings (or lists of strings) repeated
           | ["plain", [values]]                      anything else

``id``, ``labels``, ``type``, ``start`` and ``end`` are format 2's columns, and the records
keep format 2's order. What format 3 saves (measured at L, ``docs/embedded-store.md``): the
parser makes one string per distinct value instead of one per record, no dict per record,
and sharing the values (``memory_shared``) is one look-up per distinct value. A file that is
not well formed raises ``UnreadableStoreFile`` with a reason in a few words.
"""

from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING, Any

from graph_model.store.memory_shared import SharedValues

if TYPE_CHECKING:
    from collections.abc import Callable

    import networkx as nx

GROUPED_FORMAT = 3
_NODE, _DICT, _PLAIN = "node", "dict", "plain"
_PARTS = ("fields", "members", "columns")


class BadGroups(ValueError):
    """A group that is not well formed: ``memory_format`` turns it into its reason."""


# -- writing ---------------------------------------------------------------------------------
def grouped_data(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """The graph as format 3 data, nodes by id and edges by (key, start, end) as format 2."""
    ids = sorted(graph.nodes)
    position = {node: i for i, node in enumerate(ids)}
    node_attrs = graph.nodes
    label_sets: dict[tuple[str, ...], int] = {}
    labels = [label_sets.setdefault(node_attrs[n]["labels"], len(label_sets)) for n in ids]
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1]))
    types: dict[str, int] = {}
    kinds = [types.setdefault(a["type"], len(types)) for _, _, _, a in edges]
    return {
        "format": GROUPED_FORMAT,
        "label_sets": [list(s) for s in label_sets],
        "types": list(types),
        "nodes": {
            "id": ids,
            "labels": labels,
            "groups": _groups([node_attrs[n]["props"] for n in ids], position),
        },
        "edges": {
            "type": kinds,
            "start": [position[u] for u, _, _, _ in edges],
            "end": [position[v] for _, v, _, _ in edges],
            "groups": _groups([a["props"] for _, _, _, a in edges], position, unique="key"),
        },
    }


def _groups(
    records: list[dict[str, Any]], position: dict[str, int], unique: str = ""
) -> list[dict[str, Any]]:
    """``unique``: a field written as it is, never as node positions or a table (an edge's
    key: unique to its edge, and left unshared once open, as format 2 leaves it)."""
    shapes: dict[tuple[str, ...], list[int]] = {}
    for i, props in enumerate(records):
        shapes.setdefault(tuple(props), []).append(i)
    return [
        {
            "fields": list(fields),
            "members": members,
            "columns": [
                [_PLAIN, values] if f == unique else _column(values, position)
                for f in fields
                for values in ([records[m][f] for m in members],)
            ],
        }
        for fields, members in shapes.items()
    ]


def _column(values: list[Any], position: dict[str, int]) -> list[Any]:
    kinds = set(map(type, values))
    if kinds == {str}:
        if position.keys() >= set(values):
            return [_NODE, [position[v] for v in values]]
        return _dictionary(values, values)
    # only strings and lists of strings are written once: the values the store shares
    if kinds == {list} and all(type(s) is str for v in values for s in v):
        return _dictionary(values, [tuple(v) for v in values])
    return [_PLAIN, values]


def _dictionary(values: list[Any], keys: list[Any]) -> list[Any]:
    index: dict[Any, int] = {}
    numbers = [index.setdefault(k, len(index)) for k in keys]
    if 2 * len(index) > len(values):  # mostly distinct: a table would only add numbers
        return [_PLAIN, values]
    first: dict[int, Any] = {}
    for value, n in zip(values, numbers, strict=True):
        first.setdefault(n, value)
    return [_DICT, [first[n] for n in range(len(index))], numbers]


# -- reading ---------------------------------------------------------------------------------
def said(value: Any) -> str:
    """A value of the file as a reason quotes it: its ``repr``, cut short (a reason is one
    line, whatever the file holds)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def grouped_props(
    groups: Any, count: int, ids: list[str], shared: SharedValues, unique: str = ""
) -> list[dict[str, Any]]:
    """The props of ``count`` records from their groups, values shared through ``shared``;
    ``unique``: a field left unshared (as ``SharedValues.all_props``). ``BadGroups`` says
    what is wrong with a group that is not well formed."""
    if not isinstance(groups, list):
        raise BadGroups("'groups' must be a list")
    _check_members(groups, count)
    props: list[Any] = [None] * count
    for n, group in enumerate(groups, 1):
        fields, members, columns = group["fields"], group["members"], group["columns"]
        if not (
            isinstance(fields, list)
            and set(map(type, fields)) <= {str}
            and len(set(fields)) == len(fields)
        ):
            raise BadGroups(f"group {n}: 'fields' must be distinct strings")
        if not (isinstance(columns, list) and len(columns) == len(fields)):
            raise BadGroups(f"group {n}: one column per field")
        values = [
            _values(column, len(members), ids, shared, field == unique, f"group {n}, {said(field)}")
            for field, column in zip(fields, columns, strict=True)
        ]
        if not fields:  # no column to zip: each member's props are empty
            for member in members:
                props[member] = {}
            continue
        # the columns' lengths are the members' (checked): a row per member
        for member, row in zip(members, zip(*values)):  # noqa: B905
            props[member] = dict(zip(fields, row))  # noqa: B905
    return props


def _check_members(groups: list[Any], count: int) -> None:
    for n, group in enumerate(groups, 1):
        if not (isinstance(group, dict) and all(k in group for k in _PARTS)):
            raise BadGroups(f"group {n} must have 'fields', 'members' and 'columns'")
        members = group["members"]
        if not (isinstance(members, list) and _indexes(members, count)):
            raise BadGroups(f"group {n}: 'members' points to nothing")
    every = list(chain.from_iterable(g["members"] for g in groups))
    if len(every) != count or len(set(every)) != count:
        raise BadGroups("each record must be in one group exactly")


def _indexes(values: list[Any], size: int) -> bool:
    # whole-column checks, in C
    return not values or (
        set(map(type, values)) == {int} and min(values) >= 0 and max(values) < size
    )


def _values(
    column: Any, length: int, ids: list[str], shared: SharedValues, unique: bool, where: str
) -> list[Any]:
    if not (isinstance(column, list) and column and column[0] in (_NODE, _DICT, _PLAIN)):
        raise BadGroups(f"{where}: a column must be ['node', ...], ['dict', ...] or ['plain', ...]")
    kind, parts = column[0], column[1:]
    want = 2 if kind == _DICT else 1
    if not (len(parts) == want and all(isinstance(p, list) for p in parts)):
        raise BadGroups(f"{where}: a {kind!r} column must have {want} list(s)")
    numbers = parts[-1]
    if len(numbers) != length:
        raise BadGroups(f"{where}: the column's length differs from the members'")
    if kind == _NODE:
        if not _indexes(numbers, len(ids)):
            raise BadGroups(f"{where}: a node column points to nothing")
        return [ids[i] for i in numbers]
    if kind == _DICT:
        if not _indexes(numbers, len(parts[0])):
            raise BadGroups(f"{where}: a dict column points to nothing")
        table = _shared(parts[0], shared, where, strict=True)
        return [table[i] for i in numbers]
    return numbers if unique else _shared(numbers, shared, where, strict=False)


def _shared(values: list[Any], shared: SharedValues, where: str, *, strict: bool) -> list[Any]:
    """``values`` with their strings and lists of strings replaced by the shared ones, in
    place. ``strict``: anything else is an error (a dict column holds only those)."""
    string: Callable[[str, str], str] = shared.strings().setdefault
    kinds = set(map(type, values))
    if kinds <= {str}:
        values[:] = [string(v, v) for v in values]
        return values
    for i, value in enumerate(values):
        kind = type(value)
        if kind is str:
            values[i] = string(value, value)
        elif kind is list and all(type(s) is str for s in value):
            values[i] = shared.string_list(value)
        elif strict:
            raise BadGroups(f"{where}: a dict column holds only strings or lists of strings")
    return values
