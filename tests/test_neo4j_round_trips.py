"""A chain on Neo4j costs at most two queries, counted at the driver: every Bolt ``RUN``
message the official driver sends is logged by it (logger ``neo4j.io``, DEBUG); the test
counts those messages while a chain is answered. No mock: the real driver against the real
server, and the answer is checked against the embedded store's."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from graph_model.accountability import chain, chains_of
from graph_model.store import MemoryStore
from graph_model.store.neo4j_store import Neo4jStore
from loaders import load_path
from tests.conftest import SAMPLE

pytestmark = pytest.mark.neo4j

MAX_QUERIES_PER_CHAIN = 2


class RunCounter(logging.Handler):
    """Counts the queries the driver sends (its ``C: RUN`` debug lines)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.queries: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if "C: RUN" in text:
            self.queries.append(text)


@contextmanager
def counted() -> Iterator[RunCounter]:
    logger = logging.getLogger("neo4j.io")
    counter, level = RunCounter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)


@pytest.fixture
def sample_neo4j(neo4j_store: Neo4jStore) -> Neo4jStore:
    load_path(SAMPLE, neo4j_store)
    return neo4j_store


def test_the_counter_sees_every_query(sample_neo4j: Neo4jStore) -> None:
    """The counter is not blind: three reads are three RUN messages."""
    with counted() as counter:
        for _ in range(3):
            sample_neo4j.run_read("RETURN 1 AS ok")
    assert len(counter.queries) == 3, counter.queries


@pytest.mark.parametrize(
    ("subject", "day"),
    [
        ("HZ-004", None),  # a hazard on its own day (found_on)
        ("HZ-004", "2019-06-30"),
        ("ACC-001", None),  # an accident: findings, persons found responsible
        ("ENT-001", "2019-06-30"),  # an enterprise
        ("ENT-003", "2018-01-01"),
    ],
)
def test_a_chain_is_at_most_two_queries(
    sample_neo4j: Neo4jStore, tmp_path: object, subject: str, day: str | None
) -> None:
    memory = MemoryStore(tmp_path / "graph.json")  # type: ignore[operator]
    load_path(SAMPLE, memory)
    with counted() as counter:
        answer = chain(sample_neo4j, subject, day)
    assert len(counter.queries) <= MAX_QUERIES_PER_CHAIN, counter.queries
    assert answer.entries, "a chain with entries, so that posts and names were read"
    assert answer.to_json() == chain(memory, subject, day).to_json()


def test_every_enterprise_on_a_day_is_two_queries(sample_neo4j: Neo4jStore) -> None:
    """What ``accgraph spof`` reads: one chain per enterprise, asked set-wise."""
    enterprises = sample_neo4j.ids_with_label("Enterprise")
    with counted() as counter:
        answers = chains_of(sample_neo4j, enterprises, "2019-06-30")
    assert len(counter.queries) <= MAX_QUERIES_PER_CHAIN, len(counter.queries)
    assert sorted(answers) == enterprises
    for e in enterprises:
        assert answers[e].to_json() == chain(sample_neo4j, e, "2019-06-30").to_json()
