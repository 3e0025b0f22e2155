"""The path finder's accountability paths on both stores: links of the chain valid on the
day, never graph proximity."""

from __future__ import annotations

from graph_model import accountability_paths
from graph_model.store import GraphStore
from loaders import load_path
from tests.conftest import SAMPLE


def test_paths_are_chain_entries_on_the_day(store: GraphStore) -> None:
    load_path(SAMPLE, store)
    found = accountability_paths.find(store, "HZ-011", "P-116", "2019-03-01")
    assert [p.entry.level for p in found] == ["industry_supervision"]
    path = found[0].entry.path
    assert (path[0].start, path[-1].start, path[-1].rel) == ("HZ-011", "P-116", "HOLDS")
    assert "SUBORDINATE_TO" not in {lk.rel for lk in path}
    # either order; on a day before the appointment, nothing
    assert accountability_paths.find(store, "P-116", "HZ-011", "2019-03-01") == found
    assert accountability_paths.find(store, "HZ-011", "P-116", "2018-11-20") == []
    # two people: neither is a subject
    assert accountability_paths.find(store, "P-116", "P-001", "2019-03-01") == []
