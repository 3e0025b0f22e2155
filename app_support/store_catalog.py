"""The catalog of a page that names a few nodes of a large graph: entries read from the
store as the page asks for them, not every node of the graph before the page can start (a
province has 3.75M nodes; the hazard page names a few hundred)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from threading import Lock
from typing import Any

Read = Callable[[list[str]], dict[str, dict[str, Any]]]

MAX_ENTRIES = 200_000  # kept between page runs; beyond it the catalog starts afresh


class StoreCatalog(Mapping[str, Mapping[str, Any]]):
    """Entries as ``cached_answers.catalog`` holds them (a node's properties, ``id`` and
    ``labels``), read by ``read`` (``GraphStore.nodes``). ``want`` reads many at once, in one
    round trip; looking up one not read yet reads it alone, so a page calls ``want`` with
    what it is about to name. Shared by the sessions of one store (read only once read).

    It cannot be listed or counted: a page that needs every node of a kind asks the store."""

    def __init__(self, read: Read, max_entries: int = MAX_ENTRIES) -> None:
        self._read = read
        self._max = max_entries
        self._known: dict[str, Mapping[str, Any]] = {}
        self._absent: set[str] = set()
        self._lock = Lock()
        self.reads = 0  # round trips made (tests count them)

    def want(self, ids: Iterable[str | None]) -> None:
        """Read the entries of ``ids`` not read yet, in one round trip."""
        missing = sorted({i for i in ids if i and i not in self._known and i not in self._absent})
        if not missing:
            return
        found = self._read(missing)
        with self._lock:
            self.reads += 1
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
