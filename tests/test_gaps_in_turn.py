"""The gap report in two turns (``GraphStore.gap_facts_in_turn``): every fact but the open
hazards first, the hazards after. The turns hold ``gap_facts`` exactly; on Neo4j the other
gaps are made while the hazards' query is still out; a failure in either turn stops the
report with no read left running.
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

import pytest

from graph_model import rules
from graph_model.accountability import gaps
from graph_model.facts import GapNames, GraphFacts
from graph_model.store import GraphStore, neo4j_queries
from graph_model.store.base import StoreUnavailable
from graph_model.store.neo4j_store import Neo4jStore
from loaders import load_path
from synth import write_province
from tests.generated import as_of_days, generate, write_dataset
from tests.test_parity import fact_sets

DAY = "2025-06-30"


def _in_turn(store: GraphStore, day: str) -> tuple[GraphFacts, GraphFacts, GapNames | None]:
    """The first turn's facts, both turns' facts together, and both turns' names."""
    with store.gap_facts_in_turn(day) as turn:
        hazards, hazard_names = turn.hazards()
    together = dataclasses.replace(turn.facts, hazards=hazards)
    if turn.names is None or hazard_names is None:
        assert turn.names is None, "names in both turns or neither"
        assert hazard_names is None, "names in both turns or neither"
        return turn.facts, together, None
    shown = {**turn.names.shown, **hazard_names.shown}
    return turn.facts, together, GapNames(shown, {**turn.names.posts_zh, **hazard_names.posts_zh})


def _check_turns(store: GraphStore, days: list[str]) -> int:
    hazards = 0
    for day in days:
        first, together, names = _in_turn(store, day)
        facts, gap_names = store.gap_facts(day)
        assert first.hazards == (), "the hazards come in the second turn"
        assert fact_sets(together) == fact_sets(facts), day
        assert names == gap_names, day
        hazards += len(together.hazards)
    return hazards


@pytest.mark.parametrize("seed", [2, 5])
def test_the_turns_hold_the_gap_facts(seed: int, store: GraphStore, tmp_path: Path) -> None:
    tables = generate(seed, "medium")
    load_path(write_dataset(tables, tmp_path / "data"), store)
    assert _check_turns(store, as_of_days(tables, seed, 3)), "open hazards to compare"


def test_the_turns_hold_the_gap_facts_of_a_province(store: GraphStore, tmp_path: Path) -> None:
    write_province(tmp_path / "province", 8)
    load_path(tmp_path / "province", store)
    assert _check_turns(store, [DAY, "2023-01-01"]), "open hazards to compare"
    report = gaps(store, DAY)
    kinds = {g.kind for g in report.gaps}
    assert {"hazard_overdue", "plan_not_drilled"} <= kinds, kinds  # both turns gave gaps
    assert [g.kind for g in report.gaps] == sorted(
        (g.kind for g in report.gaps), key=list(report.counts).index
    ), "the kinds in the report's order, whichever turn found them"


def test_the_other_gaps_are_made_while_the_hazards_are_read(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The hazards' query is held back until the other gaps are made: a report that waited
    for every read before making any gap would hold it for the whole timeout."""
    write_province(tmp_path / "province", 6)
    load_path(tmp_path / "province", neo4j_store)
    expected = [g.to_json() for g in gaps(neo4j_store, DAY).gaps]
    rest_made, waited = threading.Event(), list[bool]()
    run_read, coverage_gaps = neo4j_store.run_read, rules.coverage_gaps

    def held(query: str, **params: Any) -> list[dict[str, Any]]:
        if query == neo4j_queries.GAP_QUERIES[neo4j_queries.HAZARDS]:
            waited.append(rest_made.wait(timeout=30))
        return run_read(query, **params)

    def made(facts: GraphFacts, day: str) -> Any:
        found = coverage_gaps(facts, day)
        rest_made.set()
        return found

    monkeypatch.setattr(neo4j_store, "run_read", held)
    monkeypatch.setattr(rules, "coverage_gaps", made)
    report = [g.to_json() for g in gaps(neo4j_store, DAY).gaps]
    assert waited == [True], "the other gaps were made before the hazards' rows came"
    assert report == expected


def _reads_running() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("accgraph-read")]


def test_a_failure_in_the_first_turn_leaves_no_read_running(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write_province(tmp_path / "province", 3)
    load_path(tmp_path / "province", neo4j_store)

    def broken(facts: GraphFacts, day: str) -> Any:
        raise RuntimeError("a rule failed")

    monkeypatch.setattr(rules, "coverage_gaps", broken)
    with pytest.raises(RuntimeError, match="a rule failed"):
        gaps(neo4j_store, DAY)
    assert _reads_running() == [], "the hazards' read ended with the report"
    monkeypatch.undo()
    assert gaps(neo4j_store, DAY).gaps, "the store still answers"


def test_a_failing_hazards_query_stops_the_report_in_one_line(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Raised in the second turn, after the first one's gaps are made."""
    write_province(tmp_path / "province", 3)
    load_path(tmp_path / "province", neo4j_store)
    broken = dict(neo4j_queries.GAP_QUERIES)
    broken[neo4j_queries.HAZARDS] = "UNWIND [1, 0] AS n RETURN [1 / n] AS hazards"
    monkeypatch.setattr(neo4j_queries, "GAP_QUERIES", broken)
    made: list[int] = []
    coverage_gaps = rules.coverage_gaps

    def counted(facts: GraphFacts, day: str) -> Any:
        found = coverage_gaps(facts, day)
        made.append(len(found))
        return found

    monkeypatch.setattr(rules, "coverage_gaps", counted)
    with pytest.raises(StoreUnavailable) as raised:
        gaps(neo4j_store, DAY)
    assert "\n" not in str(raised.value)
    assert "/ by zero" in str(raised.value)
    assert made, "the first turn ran"
    assert made[0] > 0, "the first turn's gaps were made"
    assert _reads_running() == []


def test_the_hazards_query_starts_once_another_is_in(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The others first, on the server's cores; the hazards' query takes the place of the
    first one done, so that the rest of the report arrives early."""
    write_province(tmp_path / "province", 3)
    load_path(tmp_path / "province", neo4j_store)
    by_query = {query: name for name, query in neo4j_queries.GAP_QUERIES.items()}
    seen: list[tuple[str, str]] = []
    lock, run_read = threading.Lock(), neo4j_store.run_read

    def logged(query: str, **params: Any) -> list[dict[str, Any]]:
        with lock:
            seen.append(("start", by_query[query]))
        try:
            return run_read(query, **params)
        finally:
            with lock:
                seen.append(("end", by_query[query]))

    monkeypatch.setattr(neo4j_store, "run_read", logged)
    assert gaps(neo4j_store, DAY).gaps
    started = seen.index(("start", neo4j_queries.HAZARDS))
    others = len(neo4j_queries.GAP_QUERIES) - 1
    assert [event for event, _ in seen[:others]] == ["start"] * others, seen
    assert ("end", neo4j_queries.HAZARDS) not in seen[:started], seen
    assert any(event == "end" for event, _ in seen[:started]), seen
