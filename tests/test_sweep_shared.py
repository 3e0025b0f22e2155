"""What keeps the sweep cheap at size, checked on the embedded store: the levels above an
enterprise are found once per (sector, region) and shared, every enterprise still gets the
answer ``chain()`` gives (enterprises sharing a key included); the whole graph's facts are read
once per day and version of the graph, never kept across a change; node cards of some labels
come from the index and equal a scan of every node."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_model import rules
from graph_model.accountability import chain
from graph_model.store import MemoryStore
from graph_model.store.memory_browse import node_cards
from graph_model.sweep import sweep
from loaders import load_path
from synth import write_province
from tests.conftest import SAMPLE

DAY = "2022-06-30"


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> MemoryStore:
    folder = tmp_path_factory.mktemp("province") / "data"
    write_province(folder, 40)
    store = MemoryStore()
    load_path(folder, store)
    return store


def _keys(store: MemoryStore) -> dict[str, tuple[object, object]]:
    cards = store.node_cards(["Enterprise"])
    return {c.id: (c.props.get("sector_id"), c.props.get("region_id")) for c in cards}


def test_levels_above_are_found_once_per_sector_and_region(
    province: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[rules.Above] = []
    real = rules.levels_above

    def counted(above: rules.Above, index: rules.PostIndex) -> rules.ChainLevels:
        calls.append(above)
        return real(above, index)

    monkeypatch.setattr(rules, "levels_above", counted)
    swept = sweep(province, DAY)
    keys = _keys(province)
    assert len(set(keys.values())) < len(keys)  # enterprises do share keys here
    assert len(calls) == len(set(keys.values()))
    assert len(swept.levels) == len(keys)


def test_enterprises_sharing_a_key_get_their_own_chain(province: MemoryStore) -> None:
    swept = sweep(province, DAY)
    keys = _keys(province)
    shared = [e for e, k in keys.items() if list(keys.values()).count(k) > 1]
    assert shared
    for ent in shared:
        c = chain(province, ent, DAY)
        found = swept.levels[ent]
        assert {(r.level, r.person_id, r.position_id) for r in found.rows} == {
            (e.level, e.person_id, e.position_id or "") for e in c.entries
        }, ent
        assert found.gaps == set(c.gaps), ent


def test_graph_facts_read_once_per_day_and_never_across_a_change(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "graph.json")
    load_path(SAMPLE, store)
    day = "2019-06-30"
    facts = store.graph_facts(day)
    assert facts.enterprises
    assert store.graph_facts(day) is facts
    assert store.graph_facts("2018-09-01") is not facts

    other = MemoryStore(tmp_path / "graph.json")  # another process empties the file
    other.clear()
    store.refresh()
    assert store.graph_facts(day).enterprises == ()
    load_path(SAMPLE, store)  # a load in this process
    assert store.graph_facts(day) == facts
    store.clear()
    assert store.graph_facts(day).enterprises == ()


@pytest.mark.parametrize("labels", [["Enterprise"], ["Hazard", "Person"], ["Nothing"], []])
def test_node_cards_from_the_index_equal_a_scan(labels: list[str]) -> None:
    store = MemoryStore()
    load_path(SAMPLE, store)
    from_index = node_cards(store.graph, labels, store.view.index)
    assert from_index == node_cards(store.graph, labels)
    assert from_index == store.node_cards(labels)
    assert [c.id for c in from_index] == sorted(c.id for c in from_index)
