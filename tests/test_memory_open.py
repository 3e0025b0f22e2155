"""Opening the embedded store: the graph is read and indexed with Python's cyclic collector
paused (its passes over the growing heap cost more than the build: 3x at the M size), and the
collector is back on afterwards, also when the file is unreadable."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from graph_model.store import MemoryStore, memory, memory_queries
from loaders import load_path
from tests.conftest import SAMPLE


def _spy(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[bool]:
    seen: list[bool] = []
    real = getattr(owner, name)

    def spied(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spied)
    return seen


def test_open_and_index_run_with_the_collector_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_path(SAMPLE, MemoryStore(tmp_path / "graph.json"))
    built = _spy(monkeypatch, memory, "decode")
    indexed = _spy(monkeypatch, memory_queries, "TypedIndex")
    assert gc.isenabled()
    store = MemoryStore(tmp_path / "graph.json")
    assert store.ids_with_label("Enterprise")
    assert built == [False]
    assert indexed == [False]
    assert gc.isenabled()


def test_the_collector_is_back_after_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text('{"format": 1, "nodes": [{"id": 1}], "edges": []}', encoding="utf-8")
    with pytest.raises(memory.UnreadableStoreFile):
        memory.read_graph(path)
    assert gc.isenabled()
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(memory.UnreadableStoreFile):
        memory.read_graph(path)
    assert gc.isenabled()


def test_a_caller_that_disabled_the_collector_keeps_it_disabled(tmp_path: Path) -> None:
    load_path(SAMPLE, MemoryStore(tmp_path / "graph.json"))
    gc.disable()
    try:
        MemoryStore(tmp_path / "graph.json")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_load_counts_its_summary_without_indexing_the_graph(tmp_path: Path) -> None:
    """Writing the store after a load counts labels and types off the graph; building the
    index only to count them was a third of writing the L store."""
    store = MemoryStore(tmp_path / "graph.json")
    load_path(SAMPLE, store)
    assert store._view is None  # nothing read the graph through its index
    counted = store.stats()
    index = store.view.index
    assert counted.labels == {label: len(ids) for label, ids in index.by_label.items()}
    assert counted.relationships == {kind: len(index.edges_of(kind)) for kind in index.kinds()}
    assert memory.stored_stats(tmp_path / "graph.json") == counted
