"""Loading at size: validation keeps indexes, not rows; a large package builds its graph
again from the files as a stream of chunks (every node first), refusing a file that changed
since it was validated, and the store is then as it was. Both stores, real Neo4j."""

from __future__ import annotations

import csv
import re
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

import loaders.load
from graph_model.store import GraphStore
from graph_model.store.memory import MemoryStore
from loaders import load_path
from loaders.build import iter_batches
from loaders.load import DatasetChanged, apply_package, validate
from tests.conftest import DATA

TINY = DATA / "tiny"


def _snapshot(store: GraphStore) -> tuple[Any, dict[str, dict[str, Any]]]:
    ids = [i for label in ("Person", "Organization", "Position", "Region", "Hazard", "Sector")
           for i in store.ids_with_label(label)]  # fmt: skip
    return store.stats(), store.nodes(ids)


def _streamed(monkeypatch: pytest.MonkeyPatch, chunk: int = 4) -> None:
    """Every package streams (none keeps its graph), in chunks of ``chunk`` records."""
    monkeypatch.setattr(loaders.load, "KEEP_BATCH_ROWS", 0)
    monkeypatch.setattr(loaders.load, "CHUNK", chunk)


def _rewrite(path: Path, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0][column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("changed", ["persons.csv", "appointments.csv"])
def test_a_file_changed_after_validation_is_refused_and_the_store_is_unchanged(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    """persons.csv is read in the first pass (nothing written yet); appointments.csv in the
    last, after the node chunks were written: the load is undone as a whole."""
    load_path(TINY, store)
    before = _snapshot(store)
    _streamed(monkeypatch)
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    _rewrite(folder / "persons.csv", "name", "Renamed")  # a real change, validated
    package = validate(folder, store)
    assert package.ok
    _rewrite(folder / changed, "start" if changed == "appointments.csv" else "name", "2016-02-02")
    refused = re.escape(f"{changed} changed since it was validated")
    with pytest.raises(DatasetChanged, match=refused):
        apply_package(package, store)
    assert _snapshot(store) == before


def test_a_file_gone_after_validation_is_refused(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_path(TINY, store)
    before = _snapshot(store)
    _streamed(monkeypatch)
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    package = validate(folder, store)
    (folder / "supervision.csv").unlink()
    with pytest.raises(DatasetChanged, match=r"supervision\.csv is no longer readable"):
        apply_package(package, store)
    assert _snapshot(store) == before


def test_a_streamed_load_writes_the_graph_of_a_kept_one(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same graph whether the package kept its batch or streamed it in small chunks."""
    kept = MemoryStore()
    load_path(TINY, kept)
    _streamed(monkeypatch, chunk=3)
    load_path(TINY, store)
    assert _snapshot(store) == _snapshot(kept)


def test_every_node_comes_before_any_link(monkeypatch: pytest.MonkeyPatch) -> None:
    package = validate(TINY)
    assert package.index is not None
    chunks = list(iter_batches(package._tables, package.index, chunk=2))
    kinds = ["node" if c.nodes else "link" for c in chunks]
    assert kinds == sorted(kinds, key=lambda k: k == "link")
    assert kinds.count("node") >= 2
    assert kinds.count("link") >= 2
    whole = package.batch
    assert sorted(n.id for c in chunks for n in c.nodes) == sorted(n.id for n in whole.nodes)
    assert sorted(r.key for c in chunks for r in c.rels) == sorted(r.key for r in whole.rels)


def _appointments(folder: Path, n: int) -> None:
    """A dataset whose size is in relationship rows: ``n`` appointments of two people to
    two deputy posts, each on its own day (no id among them)."""
    shutil.copytree(TINY, folder)
    with (folder / "appointments.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["person_id", "position_id", "start", "end", "source_id"])
        for i in range(n):
            day = f"{1900 + i // 336:04d}-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}"
            writer.writerow([f"P-{1 + i % 2}", "POS-DEP", day, "", "S-1"])


def _peak(folder: Path) -> int:
    tracemalloc.start()
    try:
        package = validate(folder)
        assert package.ok, package.report.errors[:3]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_validation_does_not_keep_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Peak memory of a validation grows by far less than a row per row: rows are checked
    and dropped (what stays per relationship row is a 16-byte identity digest). Keeping
    the parsed rows, or the graph built from them, costs well over 1 KB per row."""
    monkeypatch.setattr(loaders.load, "KEEP_BATCH_ROWS", 0)
    _appointments(tmp_path / "a", 10_000)
    _appointments(tmp_path / "b", 20_000)
    small, large = _peak(tmp_path / "a"), _peak(tmp_path / "b")
    per_row = (large - small) / 10_000
    assert per_row < 400, f"{per_row:.0f} bytes per row"
