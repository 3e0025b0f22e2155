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

from neo4j import READ_ACCESS, Driver
from neo4j.exceptions import DriverError, Neo4jError

from graph_model.store import neo4j_queries

# both server cores: the groups are planned side by side, as the report runs them
_PARALLEL = 2


def after_load_reads() -> list[tuple[str, dict[str, Any]]]:
    """The queries a user runs first after a load, with parameters of their real types."""
    day = date.today().isoformat()
    gaps = [(text, {"day": day}) for text in neo4j_queries.GAP_QUERIES.values()]
    chain = (
        neo4j_queries.CHAIN_BUNDLE,
        {"subjects": [""], "day": day, "today": day, "territorial": neo4j_queries.TERRITORIAL},
    )
    return [*gaps, chain]


def plan_after_load(driver: Driver, database: str) -> bool:
    """Have the server plan ``after_load_reads`` on the statistics of now. False when it
    could not: the load is stored all the same, and the first report plans for itself."""

    def explain(query: tuple[str, dict[str, Any]]) -> None:
        text, params = query
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            session.run(f"EXPLAIN {text}", params).consume()

    try:
        with ThreadPoolExecutor(_PARALLEL, thread_name_prefix="accgraph-plan") as pool:
            list(pool.map(explain, after_load_reads()))
    except (Neo4jError, DriverError):
        return False
    return True


def warm_after_start(driver: Driver, database: str) -> bool:
    """Run the gap report's queries once, their rows dropped, on a server that has just
    started (an offline import starts it): its first report otherwise paid for a cold JVM
    and page cache (a province's: 15-17 s against 7-8 s once warm, with its plans made).
    False when it could not: nothing depends on it."""

    def run(query: tuple[str, dict[str, Any]]) -> None:
        text, params = query
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            session.run(text, params).consume()

    day = date.today().isoformat()
    try:
        with ThreadPoolExecutor(_PARALLEL, thread_name_prefix="accgraph-warm") as pool:
            list(
                pool.map(run, [(text, {"day": day}) for text in neo4j_queries.GAP_QUERIES.values()])
            )
    except (Neo4jError, DriverError):
        return False
    return True
