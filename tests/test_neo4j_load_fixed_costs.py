"""What a Neo4j load pays whatever its size: the schema statements only when the schema
lacks them, the journal begun inside the first batch. Statements are counted at the driver
(its ``C: RUN`` debug lines, as ``test_neo4j_round_trips`` counts a chain's queries), on the
real server; each load is a new ``Neo4jStore``, as a new ``accgraph load`` process is."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from graph_model.store import cypher
from graph_model.store.neo4j_store import Neo4jSettings, Neo4jStore
from loaders import load_path
from tests.conftest import SAMPLE, neo4j_uri
from tests.test_neo4j_round_trips import counted

pytestmark = pytest.mark.neo4j


def schema_runs(queries: list[str]) -> list[str]:
    return [q for q in queries if "CREATE CONSTRAINT" in q or "CREATE INDEX" in q]


def present(store: Neo4jStore) -> tuple[set[str], set[str]]:
    """(constraint names, index names) the database holds."""
    constraints = {r["name"] for r in store.run_read("SHOW CONSTRAINTS YIELD name RETURN name")}
    indexes = {r["name"] for r in store.run_read("SHOW INDEXES YIELD name RETURN name")}
    return constraints, indexes


@pytest.fixture
def fresh(neo4j_store: Neo4jStore) -> Iterator[Neo4jStore]:
    """A new store on the emptied test database: nothing remembered of the schema."""
    uri = neo4j_uri()
    assert uri
    store = Neo4jStore(Neo4jSettings(uri=uri))
    try:
        yield store
    finally:
        store.close()


def test_a_load_with_the_schema_in_place_sends_no_schema_statement(
    neo4j_store: Neo4jStore, fresh: Neo4jStore
) -> None:
    load_path(SAMPLE, neo4j_store)  # the schema is there from this load (or an earlier one)
    with counted() as counter:
        report = load_path(SAMPLE, fresh)
    assert report.applied is not None
    assert schema_runs(counter.queries) == []
    assert sum("SHOW INDEXES" in q for q in counter.queries) == 1, counter.queries
    # ... and the schema is whole: every constraint and index a load needs
    assert cypher.missing_schema(fresh.run_read(cypher.SCHEMA_PRESENT)) == []


def test_a_dropped_constraint_and_index_come_back_on_the_next_load(
    neo4j_store: Neo4jStore, fresh: Neo4jStore
) -> None:
    load_path(SAMPLE, neo4j_store)
    neo4j_store.driver.execute_query("DROP CONSTRAINT hazard_id")
    neo4j_store.driver.execute_query("DROP INDEX position_role")
    constraints, indexes = present(neo4j_store)
    assert "hazard_id" not in constraints
    assert "position_role" not in indexes
    with counted() as counter:
        load_path(SAMPLE, fresh)
    sent = schema_runs(counter.queries)
    assert len(sent) == 2, sent  # those two, not the 34 of the whole schema
    assert any("CONSTRAINT hazard_id" in q for q in sent)
    assert any("INDEX position_role" in q for q in sent)
    constraints, indexes = present(fresh)
    assert "hazard_id" in constraints
    assert "position_role" in indexes
    # the constraint is enforced again: a second Hazard with the same id is refused
    with pytest.raises(Exception, match="already exists"):
        fresh.driver.execute_query("CREATE (:Hazard {id: 'HZ-001'})")


def test_an_empty_database_gets_the_whole_schema(fresh: Neo4jStore) -> None:
    for name in [r["name"] for r in fresh.run_read("SHOW CONSTRAINTS YIELD name RETURN name")]:
        fresh.driver.execute_query(f"DROP CONSTRAINT {name}")  # names from the server
    for row in fresh.run_read(
        "SHOW INDEXES YIELD name, type, owningConstraint RETURN name, type, owningConstraint"
    ):
        if row["type"] != "LOOKUP" and row["owningConstraint"] is None:
            fresh.driver.execute_query(f"DROP INDEX {row['name']}")
    with counted() as counter:
        load_path(SAMPLE, fresh)
    assert len(schema_runs(counter.queries)) == len(cypher.schema_entries())
    assert cypher.missing_schema(fresh.run_read(cypher.SCHEMA_PRESENT)) == []


def test_the_journal_begins_in_the_first_batch(fresh: Neo4jStore) -> None:
    """No transaction of its own to begin the journal: its CREATE is the first statement
    of the first batch's transaction, whose writes and undo record follow before COMMIT."""
    with messages() as sent:
        load_path(SAMPLE, fresh)
    begin = next(i for i, m in enumerate(sent) if "CREATE (:LoadJournal" in m)
    assert "C: BEGIN" in sent[begin - 1], sent[begin - 1 : begin + 1]
    commit = next(i for i in range(begin, len(sent)) if "C: COMMIT" in sent[i])
    between = sent[begin + 1 : commit]
    assert any("UNWIND $rows" in m for m in between), between
    assert any("CREATE (:LoadUndo" in m for m in between), between
    assert sum("CREATE (:LoadJournal" in m for m in sent) == 1
    assert fresh.run_read("MATCH (j:LoadJournal) RETURN count(j) AS n")[0]["n"] == 0


class Messages(logging.Handler):
    """The Bolt messages the driver sends (``C: BEGIN``, ``C: RUN``, ``C: COMMIT`` ...)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sent: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if any(f"C: {kind}" in text for kind in ("BEGIN", "RUN", "COMMIT", "ROLLBACK")):
            self.sent.append(text)


@contextmanager
def messages() -> Iterator[list[str]]:
    logger = logging.getLogger("neo4j.io")
    handler, level = Messages(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.sent
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
