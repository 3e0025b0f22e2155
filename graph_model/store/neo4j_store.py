"""The Neo4j store, through the official driver. All Cypher lives in ``cypher.py``."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from neo4j import READ_ACCESS, Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
)

from graph_model.facts import (
    AppointmentRow,
    ChainFacts,
    ChargeRow,
    CoverRow,
    GapRow,
    IncidentRow,
)
from graph_model.results import Link
from graph_model.schema import GraphBatch, Label, Rel
from graph_model.store import console_guard, cypher, neo4j_queries, time_reads
from graph_model.store.base import ApplyResult, Stats, StoreUnavailable

BATCH_SIZE = 2000


class ReadOnlyViolation(Exception):
    """A query sent to the read-only console tried to write."""


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str
    user: str | None = None
    password: str | None = None
    database: str = "neo4j"

    @classmethod
    def from_env(cls) -> Neo4jSettings | None:
        """Settings from ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``."""
        uri = os.environ.get("NEO4J_URI")
        if not uri:
            return None
        return cls(
            uri=uri,
            user=os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME"),
            password=os.environ.get("NEO4J_PASSWORD"),
            database=os.environ.get("NEO4J_DATABASE") or "neo4j",
        )


def _batches(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    for i in range(0, len(rows), BATCH_SIZE):
        yield rows[i : i + BATCH_SIZE]


class Neo4jStore:
    backend = "neo4j"

    def __init__(self, settings: Neo4jSettings, driver: Driver | None = None):
        self.settings = settings
        self.location = settings.uri
        auth = (settings.user, settings.password or "") if settings.user else None
        try:
            self.driver = driver or GraphDatabase.driver(
                settings.uri, auth=auth, notifications_min_severity="OFF"
            )
            self.driver.verify_connectivity()
        except (
            ServiceUnavailable,
            AuthError,
            ConfigurationError,
            DriverError,
            ValueError,
            OSError,
        ) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreUnavailable(f"Neo4j unreachable at {settings.uri}: {reason}") from exc
        self._schema_checked = False

    def _ensure_schema(self) -> None:
        """Constraints and indexes, before the first write (reads don't need to wait)."""
        if self._schema_checked:
            return
        for statement in cypher.schema_statements():
            self.driver.execute_query(statement, database_=self.settings.database)
        self._schema_checked = True

    def run_read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """A read query on the server; records as dicts."""
        records, _, _ = self.driver.execute_query(
            query, parameters_=params, database_=self.settings.database, routing_="r"
        )
        return [r.data() for r in records]

    def read_only_query(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        limit: int = 1000,
        timeout_s: float = 10.0,
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        """Run a user's Cypher from the console: at most ``limit`` rows, ended by the server
        after ``timeout_s``, tried once. Returns (columns, rows, truncated).

        The text must pass ``console_guard`` first (read clauses only, no LOAD CSV, no admin
        or transaction commands, listed procedures only); a refusal, or a write the server's
        READ mode stops, is raised as ``ReadOnlyViolation`` with the reason. The query runs
        in an explicit READ transaction that is always rolled back, not in ``execute_read``,
        whose retries of transient failures would run a slow query several times over.
        """
        try:
            query = console_guard.check(query)
        except console_guard.QueryRefused as exc:
            raise ReadOnlyViolation(f"this console is read-only: {exc}") from exc
        with self.driver.session(
            database=self.settings.database, default_access_mode=READ_ACCESS
        ) as session:
            try:
                with session.begin_transaction(timeout=timeout_s) as tx:
                    result = tx.run(query, params or {})
                    rows: list[dict[str, Any]] = []
                    truncated = False
                    for record in result:
                        if len(rows) == limit:
                            truncated = True
                            break
                        rows.append(record.data())
                    columns = list(result.keys())
                    tx.rollback()  # nothing the console runs is ever committed
                    return columns, rows, truncated
            except Neo4jError as exc:
                code = exc.code or ""
                if "AccessMode" in code or "Forbidden" in code:
                    raise ReadOnlyViolation(
                        "this console is read-only: the query tried to write "
                        f"({code or 'refused by the server'})"
                    ) from exc
                raise

    # -- writes --------------------------------------------------------------------------
    def apply(self, batch: GraphBatch) -> ApplyResult:
        self._ensure_schema()
        with self.driver.session(database=self.settings.database) as session:
            return session.execute_write(_apply, batch)

    def clear(self) -> None:
        with self.driver.session(database=self.settings.database) as session:
            session.run(cypher.CLEAR).consume()

    def close(self) -> None:
        self.driver.close()

    # -- reads ---------------------------------------------------------------------------
    def labels_of(self, ids: Iterable[str]) -> dict[str, frozenset[str]]:
        rows = self.run_read(cypher.LABELS_OF, ids=list(ids))
        return {r["id"]: frozenset(r["labels"]) for r in rows}

    def ids_with_label(self, label: str) -> list[str]:
        return [r["id"] for r in self.run_read(cypher.IDS_WITH_LABEL, label=label)]

    def tree_links(self, rel: Rel, ids: Iterable[str]) -> set[tuple[str, str]]:
        rows = self.run_read(cypher.tree_links(rel), ids=sorted(set(ids)))
        return {(r["child"], r["parent"]) for r in rows}

    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        rows = self.run_read(neo4j_queries.NODES, ids=list(ids))
        return {r["id"]: {**r["props"], "labels": sorted(r["labels"])} for r in rows}

    def chain_facts(
        self, subject_id: str, as_of: str, vacant: str | None = None
    ) -> ChainFacts | None:
        return neo4j_queries.chain_facts(self.run_read, subject_id, as_of, vacant)

    def gap_rows(self, as_of: str) -> list[GapRow]:
        return neo4j_queries.gap_rows(self.run_read, as_of)

    def region_descendants(self, region_id: str) -> set[str]:
        rows = self.run_read(neo4j_queries.REGION_DESCENDANTS, id=region_id)
        return {region_id, *(rows[0]["below"] if rows else [])}

    def appointments(
        self, person_id: str | None = None, org_id: str | None = None
    ) -> list[AppointmentRow]:
        return neo4j_queries.appointments(self.run_read, person_id, org_id)

    def positions_of(self, org_id: str) -> list[str]:
        return neo4j_queries.positions_of(self.run_read, org_id)

    def assignments(
        self,
        as_of: str,
        position_ids: list[str] | None = None,
        org_ids: list[str] | None = None,
    ) -> list[ChargeRow]:
        return neo4j_queries.assignments(self.run_read, as_of, position_ids, org_ids)

    def coverage(self, org_ids: list[str], as_of: str) -> list[CoverRow]:
        return neo4j_queries.coverage(self.run_read, org_ids, as_of)

    def incidents(self, enterprise_ids: list[str], as_of: str) -> list[IncidentRow]:
        return neo4j_queries.incidents(self.run_read, enterprise_ids, as_of)

    def duties_of(self, holder_ids: list[str]) -> list[tuple[str, str, Link]]:
        return neo4j_queries.duties_of(self.run_read, holder_ids)

    # -- time and the whole graph (timelines, single points of failure) -----------------
    def change_days(
        self,
        first: str,
        last: str,
        position_ids: list[str] | None = None,
        org_ids: list[str] | None = None,
    ) -> list[str]:
        rows = self.run_read(
            time_reads.CHANGE_DAYS, first=first, last=last, positions=position_ids, orgs=org_ids
        )
        return [r["day"] for r in rows]

    def stats(self) -> Stats:
        labels = {r["label"]: r["n"] for r in self.run_read(cypher.NODE_COUNTS)}
        rels = {r["type"]: r["n"] for r in self.run_read(cypher.REL_COUNTS)}
        return Stats(labels, rels)


def _tally(
    tx: ManagedTransaction, query: str, rows: list[dict[str, Any]], **params: Any
) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for chunk in _batches(rows):
        for record in tx.run(query, rows=chunk, **params):
            counts[record["status"]] += record["n"]
    return counts


def _apply(tx: ManagedTransaction, batch: GraphBatch) -> ApplyResult:
    result = ApplyResult()
    by_labels: dict[tuple[Label, ...], list[dict[str, Any]]] = defaultdict(list)
    for node in batch.nodes:
        labels = tuple(sorted(node.labels))
        by_labels[labels].append({"id": node.id, "props": node.props})
    for labels, rows in by_labels.items():
        counts = _tally(tx, cypher.upsert_nodes(labels), rows, labels=[lb.value for lb in labels])
        result.nodes_created += counts["created"]
        result.nodes_changed += counts["changed"]

    stale: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in batch.functional:
        stale[link.type].append({"start": link.start, "end": link.end})
    for rel_type, rows in stale.items():
        for chunk in _batches(rows):
            record = tx.run(cypher.remove_stale_functional(rel_type), rows=chunk).single()
            result.rels_removed += record["n"] if record else 0

    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rel in batch.rels:
        by_type[rel.type].append(
            {
                "start": rel.start,
                "end": rel.end,
                "key": rel.key,
                "props": {**rel.props, "key": rel.key},
            }
        )
    for rel_type, rows in by_type.items():
        counts = _tally(tx, cypher.upsert_rels(rel_type), rows)  # type: ignore[arg-type]
        result.rels_created += counts["created"]
        result.rels_changed += counts["changed"]
    return result


__all__ = ["Neo4jError", "Neo4jSettings", "Neo4jStore", "ReadOnlyViolation"]
