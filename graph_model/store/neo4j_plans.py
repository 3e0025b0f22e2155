"""Plans made by a load for the reads that follow it.

A load changes the index statistics, so the server plans every query again on its next run.
Right after a load the first gap report planned its four query groups on a cold cache: at M
about 1 s of its 1.5-1.9 s (0.2-0.6 s of server CPU per group; running them takes ~0.5 s).
So a load, once it has resampled the statistics, has the server plan the reads a user asks
for first (``EXPLAIN``: planned and kept, nothing run; a later run of the same text reuses
the logical plan). A parameter's type, not its value, is part of a plan's key: the values
below only have the types the real calls pass.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from neo4j import READ_ACCESS, Driver, Query
from neo4j.exceptions import DriverError, Neo4jError

from graph_model.store import neo4j_queries

# both server cores: the groups are planned side by side, as the report runs them
_PARALLEL = 2
# a read given up on by the server (a province's longest, cold: ~15 s; its default is 120 s)
READ_TIMEOUT_S = 120.0


def _gap_reads(day: str) -> list[tuple[str, dict[str, Any]]]:
    return [(text, {"day": day}) for text in neo4j_queries.GAP_QUERIES.values()]


def after_load_reads() -> list[tuple[str, dict[str, Any]]]:
    """The queries a user runs first after a load, with parameters of their real types."""
    day = date.today().isoformat()
    chain = (
        neo4j_queries.CHAIN_BUNDLE,
        {"subjects": [""], "day": day, "today": day, "territorial": neo4j_queries.TERRITORIAL},
    )
    return [*_gap_reads(day), chain]


def _run_side_by_side(
    driver: Driver, database: str, queries: list[tuple[str, dict[str, Any]]], prefix: str = ""
) -> Neo4jError | DriverError | None:
    """Each query (``prefix`` before its text) in a read session of its own, ``_PARALLEL`` at
    a time, the rows dropped, each given ``READ_TIMEOUT_S``. None once all ran, else the
    server's first failure (the reads not started yet are not run)."""

    def run(query: tuple[str, dict[str, Any]]) -> None:
        text, params = query
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            session.run(Query(prefix + text, timeout=READ_TIMEOUT_S), params).consume()

    with ThreadPoolExecutor(_PARALLEL, thread_name_prefix="accgraph-reads") as pool:
        futures = [pool.submit(run, q) for q in queries]
        try:
            for future in futures:
                future.result()
        except (Neo4jError, DriverError) as exc:
            pool.shutdown(wait=True, cancel_futures=True)
            return exc
    return None


def plan_after_load(driver: Driver, database: str) -> bool:
    """Have the server plan ``after_load_reads`` on the statistics of now. False when it
    could not: the load is stored all the same, and the first report plans for itself."""
    return _run_side_by_side(driver, database, after_load_reads(), prefix="EXPLAIN ") is None


def warm_after_start(driver: Driver, database: str) -> bool:
    """Run the gap report's queries once, their rows dropped, on a server that has just
    started (an offline import starts it): its first report otherwise paid for a cold JVM
    and page cache (a province's: 15-17 s against 7-8 s once warm, with its plans made).
    False when it could not: nothing depends on it."""
    return warm_up_failure(driver, database) is None


def warm_up_failure(driver: Driver, database: str) -> Neo4jError | DriverError | None:
    """``warm_after_start``, saying why not: None once warmed, else the server's failure."""
    return _run_side_by_side(driver, database, _gap_reads(date.today().isoformat()))
