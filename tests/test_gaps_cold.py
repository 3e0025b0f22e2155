"""The Neo4j gap report's parts run at once (``Neo4jStore.run_reads``): the same facts, names
and report as the one query of every part run alone, and a failing part reported as the
store reports any read (one line, ``StoreUnavailable``), never a traceback.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import Any

import pytest

from graph_model import rules
from graph_model.accountability import gaps
from graph_model.store import GraphStore, neo4j_queries
from graph_model.store.base import StoreUnavailable
from graph_model.store.neo4j_store import Neo4jStore
from loaders import load_path
from synth import write_province
from tests.generated import as_of_days, generate, write_dataset
from tests.test_parity import fact_sets

SEEDS = (1, 4, 7)


def _one_query(store: Neo4jStore, day: str) -> tuple[Any, Any]:
    """The facts and names read as before: every part in one query, one transaction."""
    (record,) = store.run_read(neo4j_queries._all_parts(neo4j_queries.GAP_PARTS), day=day)
    return neo4j_queries.gap_facts_of(record)


def test_every_part_is_in_one_group_once() -> None:
    grouped = [name for group in neo4j_queries.GAP_GROUPS for name in group]
    assert sorted(grouped) == sorted(neo4j_queries.GAP_PARTS)
    assert len(neo4j_queries.GAP_QUERIES) > 1, "parts run at once, not one query"


@pytest.mark.parametrize("seed", SEEDS)
def test_parts_at_once_equal_one_query(seed: int, neo4j_store: Neo4jStore, tmp_path: Path) -> None:
    tables = generate(seed, "medium")
    load_path(write_dataset(tables, tmp_path / "data"), neo4j_store)
    compared = 0
    for day in as_of_days(tables, seed, 4):
        facts, names = neo4j_store.gap_facts(day)
        one_facts, one_names = _one_query(neo4j_store, day)
        assert fact_sets(facts) == fact_sets(one_facts), day  # no row order is promised
        assert names == one_names, day
        compared += len(facts.posts) + len(facts.hazards) + len(names.shown)
    assert compared, "the datasets have facts to compare"


def test_parts_at_once_equal_one_query_on_a_province(
    neo4j_store: Neo4jStore, tmp_path: Path
) -> None:
    write_province(tmp_path / "province", 12)
    load_path(tmp_path / "province", neo4j_store)
    for day in ("2025-06-30", "2023-01-01"):
        (facts, names), (one_facts, one_names) = (
            neo4j_store.gap_facts(day),
            _one_query(neo4j_store, day),
        )
        assert fact_sets(facts) == fact_sets(one_facts), day
        assert names == one_names, day
    assert gaps(neo4j_store, "2025-06-30").gaps, "a province has gaps"


def test_run_reads_runs_queries_on_threads_of_their_own(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: set[str] = set()
    run_read = neo4j_store.run_read

    def seen(query: str, **params: Any) -> list[dict[str, Any]]:
        threads.add(threading.current_thread().name)
        return run_read(query, **params)

    monkeypatch.setattr(neo4j_store, "run_read", seen)
    queries = {f"q{i}": f"RETURN $x + {i} AS n" for i in range(3)}
    found = neo4j_store.run_reads(queries, x=10)
    assert found == {f"q{i}": [{"n": 10 + i}] for i in range(3)}
    assert threading.current_thread().name not in threads
    assert len(threads) > 1, threads


def test_a_failing_part_is_one_line_and_the_report_stops(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write_province(tmp_path / "province", 3)
    load_path(tmp_path / "province", neo4j_store)
    broken = dict(neo4j_queries.GAP_QUERIES)
    broken["hazards"] = "UNWIND [1, 0] AS n RETURN [1 / n] AS hazards"  # / by zero on the server
    monkeypatch.setattr(neo4j_queries, "GAP_QUERIES", broken)
    with pytest.raises(StoreUnavailable) as raised:
        gaps(neo4j_store, "2025-06-30")
    message = str(raised.value)
    assert "\n" not in message, message
    assert "reading" in message, message
    assert "/ by zero" in message, message


def test_the_report_is_built_with_the_cyclic_collector_paused(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Held off while the facts are read and the rows built; as it was once the report is
    done, or if the report fails."""
    write_province(tmp_path / "province", 3)
    load_path(tmp_path / "province", store)
    seen: list[bool] = []
    coverage_gaps = rules.coverage_gaps

    def watched(facts: Any, day: str) -> Any:
        seen.append(gc.isenabled())
        return coverage_gaps(facts, day)

    monkeypatch.setattr(rules, "coverage_gaps", watched)
    assert gc.isenabled()
    assert gaps(store, "2025-06-30").gaps
    assert seen == [False]
    assert gc.isenabled(), "on again after the report"
    gc.disable()
    try:
        gaps(store, "2025-06-30")
        assert not gc.isenabled(), "a caller's choice is kept"
    finally:
        gc.enable()
    monkeypatch.setattr(store, "region_descendants", _refuse)
    with pytest.raises(ValueError, match="no-such-region"):
        gaps(store, "2025-06-30", region="no-such-region")
    assert gc.isenabled(), "on again after a failed report"


def _refuse(region: str) -> set[str]:
    raise ValueError(region)
