"""The pages that open one subject (a hazard's chain, a person's or an organization's
portfolio) read what they name, not the graph: no card of every node (a province has 3.75M),
their options from the store's search, and the names they show in a few round trips
(``StoreCatalog.want``), whatever the size of the answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app_support.i18n import display_name
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


@pytest.mark.parametrize(
    ("page", "params", "heading"),
    [
        ("hazard", {"hazard": "HZ-011"}, "HZ\\-011"),
        ("hazard", {"accident": "ACC-001"}, "ACC\\-001"),
        ("hazard", {"hazard": "HZ-005"}, "HZ\\-005"),
        ("portfolio", {"person": "P-110", "as_of": "2018-11-20"}, "P\\-110"),
        ("portfolio", {"org": "ORG-001"}, "ORG\\-001"),  # a city government: a wide remit
        ("portfolio", {"org": "ENT-009"}, "ENT\\-009"),
        # the others: a node whose name a table shows
        ("explore", {"node": "ENT-009", "depth": "2"}, "ENT-009"),
        (
            "explore",
            {"view": "paths", "from": "HZ-011", "to": "P-116", "as_of": "2019-03-01"},
            "P-116",
        ),
        ("explore", {"view": "paths", "links": "any", "from": "P-110", "to": "HZ-011"}, "P-110"),
        ("gaps", {"position": "POS-014"}, "ENT-012"),  # a vacancy's impact
        ("gaps", {"view": "fragile"}, "POS-010"),
        ("gaps", {"region": "R-003"}, "ORG-018"),  # every gap on the day
    ],
)
def test_a_subject_page_reads_no_card_of_every_node(
    app: OpenApp,
    reads: dict[str, list[Any]],
    page: str,
    params: dict[str, str],
    heading: str,
    sample_home: Path,
) -> None:
    at = app(page, **{"as_of": DAY, **params})
    assert not at.exception
    if page in ("hazard", "portfolio"):
        assert heading in at.subheader[0].value  # the subject, markdown-escaped
    else:  # Explore, Gaps: a node named in a table, as the store names it
        (node,) = MemoryStore(sample_home / "graph.json").nodes([heading]).values()
        assert any(display_name(node) in d.value.to_csv() for d in at.dataframe)
    assert reads["cards"] == []  # no node card at all, let alone every node's
    picks_a_subject = page != "gaps" or "position" in params
    assert bool(reads["search"]) == picks_a_subject  # the options come from the store
    # the names in a few round trips, not one per name: the options (and a chain's
    # enterprises), the answer's nodes, then the nodes they lead to (a gap's organization and
    # its region; a duty's holder), the timeline, the other day's chain. A name not read
    # yet is read alone: a page that forgot to ``want`` would make one round trip per name
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


def test_the_store_catalog_follows_keys_in_one_more_read() -> None:
    graph = {
        "H-1": {"enterprise_id": "E-1"},
        "H-2": {"enterprise_id": "E-2"},
        "E-1": {"region_id": "R-1"},
        "E-2": {},
    }
    asked: list[list[str]] = []

    def read(ids: list[str]) -> dict[str, dict[str, Any]]:
        asked.append(ids)
        return {i: graph[i] for i in ids if i in graph}

    catalog = StoreCatalog(read)
    catalog.want(["H-1", "H-2", "H-3"], follow=("enterprise_id", "owner_id"))
    assert asked == [["H-1", "H-2", "H-3"], ["E-1", "E-2"]]
    assert catalog["E-1"]["region_id"] == "R-1"
    assert len(asked) == 2  # E-1 was read with the others
