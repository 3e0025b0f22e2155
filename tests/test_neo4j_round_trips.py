"""A chain on Neo4j costs at most two queries, counted at the driver: every Bolt ``RUN``
message the official driver sends is logged by it (logger ``neo4j.io``, DEBUG); the test
counts those messages while a chain is answered. No mock: the real driver against the real
server, and the answer is checked against the embedded store's."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from graph_model.accountability import chain, chains_of, gaps, vacancy_impact
from graph_model.store import MemoryStore, neo4j_queries
from graph_model.store.neo4j_store import Neo4jStore
from graph_model.sweep import sweep
from loaders import load_path
from tests.conftest import SAMPLE

pytestmark = pytest.mark.neo4j

MAX_QUERIES_PER_CHAIN = 2
# the post, its holders, assignments, organization, remit (two), incidents and duties; then a
# batch's heads and their posts
VACANCY_QUERIES = 10


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


@contextmanager
def records_read(store: Neo4jStore) -> Iterator[list[int]]:
    """How many records each query of ``store`` gave (the driver's cost is per record)."""
    sizes: list[int] = []
    read = store.run_read

    def counting(query: str, **params: object) -> list[dict[str, object]]:
        records = read(query, **params)
        sizes.append(len(records))
        return records

    store.run_read = counting  # type: ignore[method-assign]
    try:
        yield sizes
    finally:
        del store.run_read


def test_the_gap_report_is_one_record_per_query_group(
    sample_neo4j: Neo4jStore, tmp_path: object
) -> None:
    """The facts the report is decided from with the names it shows, in one record per
    group of parts (``GAP_QUERIES``, run at once; not one record per row: 49k appointment
    records cost 4.4 s at M, one record 0.6 s; not a further query naming the ~12.6k
    subjects of the report at M)."""
    memory = MemoryStore(tmp_path / "graph.json")  # type: ignore[operator]
    load_path(SAMPLE, memory)
    with counted() as counter, records_read(sample_neo4j) as sizes:
        report = gaps(sample_neo4j, "2019-06-30")
    assert len(counter.queries) == len(neo4j_queries.GAP_QUERIES), counter.queries
    assert sizes == [1] * len(neo4j_queries.GAP_QUERIES)
    assert report.gaps, "a report with gaps, so that names were read"
    assert all(g.subject_name for g in report.gaps), "every subject named"
    assert report == gaps(memory, "2019-06-30")


def test_a_chain_is_one_query_of_one_record(sample_neo4j: Neo4jStore, tmp_path: object) -> None:
    """The subject and the posts come back as one record of lists, not one record per post
    (the driver's cost is per record: a chain at M read ~28 post records)."""
    memory = MemoryStore(tmp_path / "graph.json")  # type: ignore[operator]
    load_path(SAMPLE, memory)
    for subject, day in (("ACC-001", None), ("ENT-001", "2019-06-30")):
        with records_read(sample_neo4j) as sizes:
            answer = chain(sample_neo4j, subject, day)
        assert sizes == [1], (subject, sizes)
        assert len(answer.entries) > 2, "posts of several organizations were read"
        assert answer.to_json() == chain(memory, subject, day).to_json()


def test_the_sweep_is_one_record_per_query_group(sample_neo4j: Neo4jStore) -> None:
    """What ``accgraph spof`` and the Overview read: the graph's facts with the appointments
    valid on the day, one record per group of parts (``GRAPH_QUERIES``, run at once), and
    no read of every appointment ever made."""
    with counted() as counter, records_read(sample_neo4j) as sizes:
        swept = sweep(sample_neo4j, "2019-06-30")
    assert len(counter.queries) == len(neo4j_queries.GRAPH_QUERIES) > 1, counter.queries
    assert sizes == [1] * len(neo4j_queries.GRAPH_QUERIES)
    assert swept.levels


def test_a_vacancy_reads_its_subjects_set_wise(sample_neo4j: Neo4jStore, tmp_path: object) -> None:
    """A post's vacancy impact asks a fixed number of questions, not a few per subject it
    checks (a city's principal post has thousands), and answers as the embedded store."""
    with counted() as counter:
        impact = vacancy_impact(sample_neo4j, "POS-010", "2019-06-30")
    assert impact.subjects_checked > 2 * VACANCY_QUERIES, impact.subjects_checked
    assert len(counter.queries) <= VACANCY_QUERIES, counter.queries
    memory = MemoryStore(Path(str(tmp_path)) / "graph.json")
    load_path(SAMPLE, memory)
    assert impact.to_json() == vacancy_impact(memory, "POS-010", "2019-06-30").to_json()
