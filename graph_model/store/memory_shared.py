"""One object per repeated value in the embedded store's graph.

A decoded JSON file (or a load's batch) gives every value its own object: the same date,
enum value, label, relationship type, source list or node id is held once per record that
mentions it, and each copy of a short string costs 50-80 bytes. ``SharedValues`` hands out
one object per distinct value while a graph is built, so a record's attributes point at
shared objects: node ids are the very strings the adjacency is keyed by, ``props["id"]`` and
``props["enterprise_id"]`` point at them too. Only immutable strings and tuples, and lists
nobody mutates (the store replaces a record's props as a whole, never edits them), are shared.

>>> shared = SharedValues(["E-1"])
>>> a = shared.props({"enterprise_id": "E-" + "1", "source_ids": ["S"], "on": "2020-01-01"})
>>> b = shared.props({"enterprise_id": "E-1", "source_ids": ["S"], "on": "2020-01-01"})
>>> a["enterprise_id"] is b["enterprise_id"] and a["source_ids"] is b["source_ids"]
True
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any


class SharedValues:
    """The values seen so far while one graph is built (dropped with it: nothing global)."""

    __slots__ = ("_labels", "_lists", "_strings")

    def __init__(self, node_ids: Iterable[str] = ()):
        self._strings: dict[str, str] = {n: n for n in node_ids}
        self._lists: dict[tuple[Any, ...], list[Any]] = {}
        self._labels: dict[tuple[str, ...], tuple[str, ...]] = {}

    def string(self, value: str) -> str:
        return self._strings.setdefault(value, value)

    def strings(self) -> dict[str, str]:
        """The shared strings, each its own key (``strings().setdefault(s, s)`` in a loop
        saves a method call per value)."""
        return self._strings

    def string_list(self, value: list[str]) -> list[str]:
        """The shared list equal to ``value``, a list of strings."""
        items = tuple(value)
        shared = self._lists.get(items)
        if shared is None:
            string = self._strings.setdefault
            shared = self._lists[items] = [string(item, item) for item in items]
        return shared

    def labels(self, labels: Iterable[str]) -> tuple[str, ...]:
        """One tuple per label set (a few kinds of node: a few tuples for the whole graph)."""
        key = tuple(sys.intern(label) for label in labels)
        return self._labels.setdefault(key, key)

    @staticmethod
    def kind(kind: str) -> str:
        """A relationship type: a dozen values, interned for the whole process."""
        return sys.intern(kind)

    def props(self, props: dict[str, Any]) -> dict[str, Any]:
        """``props`` with its strings and lists of strings replaced by the shared ones, in
        place (the dict is the caller's own, fresh from a decoder or a copy)."""
        self.all_props([props])
        return props

    def all_props(self, many: Iterable[dict[str, Any]], unique: str = "") -> None:
        """``props`` for each of ``many``, in one loop (a call per record was a third of the
        open). ``unique``: a key whose value is left as it is, one no other record holds (an
        edge's key: sharing it saves nothing, and filed among the shared strings it was a
        fifth of sharing an L store's edges)."""
        strings, lists = self._strings, self._lists
        shared_string = strings.setdefault
        for props in many:
            for key, value in props.items():
                kind = type(value)
                if kind is str:
                    if key != unique:
                        props[key] = shared_string(value, value)
                elif kind is list:
                    # a hit is a list of equal strings: only those are kept, and a string
                    # equals no other type (1 == 1.0 == True would merge such lists)
                    items = tuple(value)
                    try:
                        shared = lists.get(items)
                    except TypeError:  # unhashable items (nested data): left as they are
                        continue
                    if shared is None and all(type(item) is str for item in items):
                        shared = lists[items] = [shared_string(item, item) for item in items]
                    if shared is not None:
                        props[key] = shared
