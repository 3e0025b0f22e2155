"""A Neo4j load ends by having the server plan the reads a user asks for first (the gap
report's query groups, a chain), on the statistics it has just resampled
(``graph_model.store.neo4j_plans``).

What is observed is the server's own plan cache: ``db.clearQueryCaches()`` says how many
entries it dropped, and an ``EXPLAIN`` of a text already planned adds none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph_model.store import neo4j_plans, neo4j_queries
from graph_model.store.neo4j_store import Neo4jStore
from loaders import load_path
from tests.conftest import SAMPLE


def _cleared(store: Neo4jStore) -> int:
    """Empty the plan cache; the number of entries it held."""
    (record,) = store.run_read("CALL db.clearQueryCaches()")
    found = re.search(r"(\d+) quer", next(iter(record.values())))
    return int(found.group(1)) if found else 0


def _explain_again(store: Neo4jStore) -> None:
    for text, params in neo4j_plans.after_load_reads():
        store.run_read(f"EXPLAIN {text}", **params)


def _load_then_count(store: Neo4jStore, folder: Path, explain_again: bool) -> int:
    store.clear()
    _cleared(store)
    load_path(folder, store)
    if explain_again:
        _explain_again(store)
    return _cleared(store)


def test_the_first_reads_are_the_gap_report_and_a_chain() -> None:
    texts = [text for text, _ in neo4j_plans.after_load_reads()]
    assert texts == [*neo4j_queries.GAP_QUERIES.values(), neo4j_queries.CHAIN_BUNDLE]


def test_planning_them_leaves_one_plan_each(neo4j_store: Neo4jStore) -> None:
    load_path(SAMPLE, neo4j_store)
    _cleared(neo4j_store)
    assert neo4j_plans.plan_after_load(neo4j_store.driver, neo4j_store.settings.database)
    assert _cleared(neo4j_store) == len(neo4j_plans.after_load_reads())


def test_a_load_leaves_the_first_reads_planned(neo4j_store: Neo4jStore) -> None:
    # Two loads of the same data into an empty database run the same queries; after one of
    # them the first reads are explained again: had the load not planned them, that would
    # add one cache entry each.
    planned = _load_then_count(neo4j_store, SAMPLE, explain_again=False)
    again = _load_then_count(neo4j_store, SAMPLE, explain_again=True)
    assert planned >= len(neo4j_plans.after_load_reads())
    assert again == planned


@pytest.mark.parametrize("step", [neo4j_plans.plan_after_load, neo4j_plans.warm_after_start])
def test_a_server_that_is_gone_is_no_failure_of_the_load(step: Callable[..., bool]) -> None:
    # the load is committed before; planning and warming are only a head start for the
    # first reads
    driver = GraphDatabase.driver("bolt://127.0.0.1:9", connection_timeout=2)
    try:
        assert not step(driver, "neo4j")
    finally:
        driver.close()


def test_warming_runs_the_gap_report_once(neo4j_store: Neo4jStore) -> None:
    # the report's texts run (not only planned): each leaves its plan, and nothing is written
    load_path(SAMPLE, neo4j_store)
    before = neo4j_store.stats().as_dict()
    _cleared(neo4j_store)
    assert neo4j_plans.warm_after_start(neo4j_store.driver, neo4j_store.settings.database)
    assert _cleared(neo4j_store) == len(neo4j_queries.GAP_QUERIES)
    assert neo4j_store.stats().as_dict() == before
