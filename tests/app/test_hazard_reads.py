"""The hazard page reads what it names, not the graph: no card of every node (a province has
3.75M), its options from the store's search, and the names it shows in a few round trips
(``StoreCatalog.want``), whatever the size of the chain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app_support.store_catalog import StoreCatalog
from graph_model.store import MemoryStore
from tests.app.conftest import OpenApp

DAY = "2019-06-30"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """The embedded store's ``node_cards`` label sets and searches, and the id lists the
    page's catalog reads (``StoreCatalog``; the answers' own reads are not counted)."""
    seen: dict[str, list[Any]] = {"cards": [], "catalog": [], "search": []}
    cards: Callable[..., Any] = MemoryStore.node_cards
    search: Callable[..., Any] = MemoryStore.search_nodes
    init: Callable[..., Any] = StoreCatalog.__init__

    def counted_cards(self: MemoryStore, labels: Any = ()) -> Any:
        seen["cards"].append(tuple(labels))
        return cards(self, labels)

    def counted_init(self: StoreCatalog, read: Any, *args: Any) -> None:
        def counted_read(ids: list[str]) -> Any:
            seen["catalog"].append(ids)
            return read(ids)

        init(self, counted_read, *args)

    def counted_search(self: MemoryStore, *args: Any) -> Any:
        seen["search"].append(args)
        return search(self, *args)

    monkeypatch.setattr(MemoryStore, "node_cards", counted_cards)
    monkeypatch.setattr(StoreCatalog, "__init__", counted_init)
    monkeypatch.setattr(MemoryStore, "search_nodes", counted_search)
    return seen


@pytest.mark.parametrize("subject", ["HZ-011", "ACC-001", "HZ-005"])
def test_the_hazard_page_reads_no_card_of_every_node(
    app: OpenApp, reads: dict[str, list[Any]], subject: str
) -> None:
    kind = "accident" if subject.startswith("ACC") else "hazard"
    at = app("hazard", **{kind: subject, "as_of": DAY})
    assert not at.exception
    assert subject.replace("-", "\\-") in at.subheader[0].value  # markdown-escaped
    assert reads["cards"] == []  # no node card at all, let alone every node's
    assert reads["search"]  # the options come from the store
    # the names in a few round trips, not one per name: the options and their enterprises,
    # the chain, its gaps' organizations and their regions, the timeline, the other day's
    # chain (a name not read yet is read alone: the page would then make one per name)
    named = sum(len(ids) for ids in reads["catalog"])
    assert len(reads["catalog"]) <= 8 < named, reads["catalog"]


def test_the_store_catalog_reads_once_and_cannot_be_listed() -> None:
    asked: list[list[str]] = []

    def read(ids: list[str]) -> dict[str, dict[str, Any]]:
        asked.append(ids)
        return {i: {"name": i.lower(), "labels": ["Person"]} for i in ids if i.startswith("P")}

    catalog = StoreCatalog(read, max_entries=4)
    catalog.want(["P-2", "P-1", "X-1", None, "", "P-1"])
    assert asked == [["P-1", "P-2", "X-1"]]
    assert catalog["P-1"] == {"name": "p-1", "labels": ["Person"], "id": "P-1"}
    assert "X-1" not in catalog
    assert catalog.get("X-1") is None
    assert asked == [["P-1", "P-2", "X-1"]]  # known and unknown ids are not read again
    assert "P-3" in catalog  # one not read yet: read alone
    assert asked[-1] == ["P-3"]
    catalog.want(["P-4", "P-5"])  # past max_entries: started afresh
    assert "P-1" in catalog
    assert asked[-1] == ["P-1"]
    with pytest.raises(TypeError):
        len(catalog)
    with pytest.raises(TypeError):
        list(catalog)
