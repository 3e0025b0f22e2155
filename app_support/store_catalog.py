"""The catalog of a page that names a few nodes of a large graph: entries read from the
store as the page asks for them, not every node of the graph before the page can start (a
province has 3.75M nodes; the hazard page names a few hundred)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import fields, is_dataclass
from enum import Enum
from threading import Lock
from typing import Any

from graph_model.results import Link

Read = Callable[[list[str]], dict[str, dict[str, Any]]]

MAX_ENTRIES = 200_000  # kept between page runs; beyond it the catalog starts afresh


class StoreCatalog(Mapping[str, Mapping[str, Any]]):
    """A node's entry as the pages' tables read it (its properties, ``id`` and ``labels``),
    read by ``read`` (``GraphStore.nodes``). ``want`` reads many at once, in one
    round trip; looking up one not read yet reads it alone, so a page calls ``want`` with
    what it is about to name. Shared by the sessions of one store (read only once read).

    It cannot be listed or counted: a page that needs every node of a kind asks the store."""

    def __init__(self, read: Read, max_entries: int = MAX_ENTRIES) -> None:
        self._read = read
        self._max = max_entries
        self._known: dict[str, Mapping[str, Any]] = {}
        self._absent: set[str] = set()
        self._lock = Lock()

    def want(self, ids: Iterable[str | None], follow: tuple[str, ...] = ()) -> None:
        """Read the entries of ``ids`` not read yet, in one round trip; then (``follow``) the
        nodes those entries name under these keys (a hazard's ``enterprise_id``), in one more."""
        wanted = {i for i in ids if i}
        self._read_missing(wanted)
        if follow:
            self._read_missing(
                {
                    str(self._known[i].get(k) or "")
                    for i in wanted & self._known.keys()
                    for k in follow
                }
                - {""}
            )

    def _read_missing(self, ids: set[str]) -> None:
        missing = sorted(i for i in ids if i not in self._known and i not in self._absent)
        if not missing:
            return
        found = self._read(missing)
        with self._lock:
            if len(self._known) + len(self._absent) + len(missing) > self._max:
                self._known, self._absent = {}, set()
            for node_id in missing:
                if node_id in found:
                    self._known[node_id] = {**found[node_id], "id": node_id}
                else:
                    self._absent.add(node_id)

    def __getitem__(self, node_id: str) -> Mapping[str, Any]:
        if not isinstance(node_id, str):
            raise KeyError(node_id)
        self.want([node_id])
        return self._known[node_id]

    def __iter__(self) -> Iterator[str]:
        raise TypeError("a store catalog is read by id: ask the store for every node of a kind")

    def __len__(self) -> int:
        raise TypeError("a store catalog is read by id: ask the store whether it is empty")


def named_ids(answer: Any) -> set[str]:
    """The node ids an answer carries, for ``StoreCatalog.want``: in its dataclasses, the
    fields ``id`` and ``*_id``, the members of ``*_ids``, of plain tuples (a portfolio's
    sectors and duties) and of mappings (a gap's facts), and both ends of a link. A text
    taken for an id is read as absent."""
    found: set[str] = set()
    _collect(answer, found)
    return found


def _collect(value: Any, found: set[str]) -> None:
    if isinstance(value, Enum):  # a level, a kind: the vocabulary, not a node
        return
    if isinstance(value, str):
        found.add(value)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            _collect(item, found)
    elif isinstance(value, Mapping):  # a gap's facts: the ids its wording names
        for item in value.values():
            _collect(item, found)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            item = getattr(value, f.name)
            if not isinstance(item, str) or _names_a_node(value, f.name):
                _collect(item, found)


def _names_a_node(owner: Any, field_name: str) -> bool:
    if isinstance(owner, Link) and field_name in ("start", "end"):
        return True
    return field_name == "id" or field_name.endswith("_id")
