"""The Neo4j store, through the official driver. All Cypher lives in ``cypher.py``."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from neo4j import READ_ACCESS, Driver, GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph_model.browse import Appointment, Edge, NodeCard
from graph_model.facts import (
    AppointmentRow,
    ChainHead,
    ChargeRow,
    GapFactsInTurn,
    GapNames,
    GraphFacts,
    IncidentRow,
    Names,
    PostsFacts,
    RemitFacts,
    SubjectFacts,
)
from graph_model.results import Link
from graph_model.schema import GraphBatch, Rel
from graph_model.store import (
    console_guard,
    cypher,
    dated_reads,
    neo4j_browse,
    neo4j_load,
    neo4j_plans,
    neo4j_queries,
    time_reads,
)
from graph_model.store.base import (
    ApplyResult,
    LoadBusy,
    MonthCount,
    Progress,
    ReadOnlyViolation,
    Stats,
    StoreUnavailable,
)
from graph_model.store.load_lock import LoadLock
from graph_model.store.memory_file import default_home
from graph_model.store.neo4j_settings import Neo4jSettings

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
# A server that went away fails a transaction within seconds, not after the driver's default
# 30 s of retries; every retry of a read or a write stops after this.
MAX_RETRY_S = 3.0
CONNECT_TIMEOUT_S = 10.0
# Queries ``run_reads`` runs at once: more than the server's cores gains nothing.
MAX_PARALLEL_READS = 4


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


class Neo4jStore:
    backend = "neo4j"
    has_console = True

    def __init__(self, settings: Neo4jSettings, driver: Driver | None = None):
        self.settings = settings
        self.location = settings.uri
        self.lock_home: Path | None = default_home()  # the history is there too
        self.notices: list[str] = []
        scheme = settings.uri.split("://", 1)[0].lower() if "://" in settings.uri else ""
        if scheme not in BOLT_SCHEMES:
            raise StoreUnavailable(
                f"the Neo4j URI {settings.uri!r} is not a Bolt URI: use bolt:// or neo4j:// "
                "with the Bolt port (e.g. bolt://127.0.0.1:7687; 7474 is the HTTP port)"
            )
        auth = (settings.user, settings.password or "") if settings.user else None
        try:
            self.driver = driver or GraphDatabase.driver(
                settings.uri,
                auth=auth,
                notifications_min_severity="OFF",
                max_transaction_retry_time=MAX_RETRY_S,
                connection_timeout=CONNECT_TIMEOUT_S,
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
            reason = _first_line(exc)
            raise StoreUnavailable(f"Neo4j unreachable at {settings.uri}: {reason}") from exc
        try:
            self.run_read("RETURN 1 AS ok")  # the database exists and may be read
        except StoreUnavailable:
            self.driver.close()
            raise
        self._schema_checked = False
        self.batch_size = neo4j_load.BATCH_SIZE
        self._recover_at_open()
        self._indexes_at_open()

    @contextmanager
    def _reported(self, doing: str) -> Iterator[None]:
        """The driver's failures as one-line ``StoreUnavailable`` reasons: where and why."""
        where = f"Neo4j at {self.settings.uri}"
        try:
            yield
        except IncompleteCommit as exc:
            raise StoreUnavailable(
                f"lost the connection to {where} while committing ({_first_line(exc)}): the "
                "load may or may not be stored; load again (loading twice changes nothing)"
            ) from exc
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(
                f"lost the connection to {where} while {doing} ({_first_line(exc)}); "
                "nothing of an unfinished load is stored"
            ) from exc
        except DriverError as exc:
            raise StoreUnavailable(f"{where}, {doing}: {_first_line(exc)}") from exc
        except Neo4jError as exc:
            if exc.code and exc.code.endswith("DatabaseNotFound"):
                raise StoreUnavailable(
                    f"{where} has no database {self.settings.database!r} (NEO4J_DATABASE)"
                ) from exc
            raise StoreUnavailable(
                f"{where}, {doing}: {exc.message or _first_line(exc)} ({exc.code})"
            ) from exc

    def refresh(self) -> None:
        """Nothing to catch up with: the server always has the latest."""

    def _ensure_schema(self) -> None:
        """Constraints and indexes, before the first write (reads don't need to wait).

        One read of what the database holds, then only the missing statements: each schema
        statement is a schema transaction of its own (~0.1-0.3 s each, 34 of them), paid
        by every load of a new process when they were all sent. Not waited for: a
        uniqueness constraint is enforced from its creation (the CREATE returns once its
        index is built), and a plain index only speeds up reads."""
        if self._schema_checked:
            return
        database = self.settings.database
        with self._reported("creating the schema"):
            records, _, _ = self.driver.execute_query(cypher.SCHEMA_PRESENT, database_=database)
            for statement in cypher.missing_schema([r.data() for r in records]):
                self.driver.execute_query(statement, database_=database)
        self._schema_checked = True

    def run_read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """A read query on the server; records as dicts. Our queries return plain values
        (maps, lists, strings), never nodes: a shallow ``dict`` is enough, where
        ``Record.data()`` walked every nested value again (44 % of a chain's time at M)."""
        with self._reported("reading"):
            records, _, _ = self.driver.execute_query(
                query, parameters_=params, database_=self.settings.database, routing_="r"
            )
        return [dict(zip(r.keys(), r, strict=True)) for r in records]

    def run_reads(
        self, queries: Mapping[str, str], **params: Any
    ) -> dict[str, list[dict[str, Any]]]:
        """``run_read`` of several queries (by name, the same parameters) at once, each in a
        transaction of its own on a thread of its own: the server plans and runs them on
        its cores in parallel while this process decodes what has arrived (the driver is
        thread-safe; a session per transaction). A failure of any is raised as ``run_read``
        raises it (a one-line ``StoreUnavailable``), after the others have stopped; the ones
        not yet started are not run."""
        if len(queries) < 2:
            return {name: self.run_read(query, **params) for name, query in queries.items()}
        with self.reads_at_once(queries, **params) as running:
            return {name: future.result() for name, future in running.items()}

    @contextmanager
    def reads_at_once(
        self, queries: Mapping[str, str], *, at_most: int = MAX_PARALLEL_READS, **params: Any
    ) -> Iterator[dict[str, Future[list[dict[str, Any]]]]]:
        """``run_reads``'s queries started, at most ``at_most`` at a time in their order,
        each one's records to come (a ``Future``), for a caller that uses some while others
        still run. Leaving the context waits for the running ones; when it is left by an
        exception, the ones not yet started are not run."""
        workers = max(1, min(len(queries), at_most, MAX_PARALLEL_READS))
        with ThreadPoolExecutor(workers, thread_name_prefix="accgraph-read") as pool:
            try:
                yield {name: pool.submit(self.run_read, q, **params) for name, q in queries.items()}
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise

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
    def apply(self, batch: GraphBatch, progress: Progress | None = None) -> ApplyResult:
        """Write ``batch`` in bounded transactions, all or nothing (``neo4j_load``); then
        resample the index statistics and have the first reads planned on them
        (``neo4j_plans``)."""
        total = len(batch.nodes) + len(batch.functional) + len(batch.rels)
        return self.apply_stream([batch], total, progress)

    def apply_stream(
        self, chunks: Iterable[GraphBatch], total: int, progress: Progress | None = None
    ) -> ApplyResult:
        """``apply`` of a stream of chunks (all nodes first), one load all or nothing: the
        whole graph is never in memory."""
        self._ensure_schema()
        with self._reported("loading"):
            neo4j_load.recover(self.driver, self.settings.database)
            load = neo4j_load.BatchedLoad(
                self.driver, self.settings.database, batch_size=self.batch_size, progress=progress
            )
            result = load.run_stream(chunks, total)
        with self._reported("resampling the index statistics"):
            self.driver.execute_query(cypher.RESAMPLE, database_=self.settings.database)
        neo4j_plans.plan_after_load(self.driver, self.settings.database)
        return result

    def _recover_at_open(self) -> None:
        """Undo a load that died unfinished (its process or the server was killed), before
        anything reads. Under the load lock, not waiting: a running load recovers itself."""
        try:
            if not neo4j_load.unfinished_loads(self.driver, self.settings.database):
                return
            with LoadLock(self.lock_home or default_home()).held(
                "undoing an unfinished Neo4j load", timeout_s=0
            ):
                undone = neo4j_load.recover(self.driver, self.settings.database)
        except LoadBusy:
            return  # a load runs here; it recovers before it writes
        except (Neo4jError, DriverError, StoreUnavailable) as exc:
            self.notices.append(f"an unfinished load could not be undone: {_first_line(exc)}")
            return
        if undone:
            self.notices.append(f"undid {len(undone)} unfinished load(s) (the graph is as before)")

    def _indexes_at_open(self) -> None:
        """Make the plain indexes the database lacks: one an earlier version loaded has none
        of those added since (a chain's two, issue 9), and its reads run on slower plans
        until a load makes them. One read when none is missing. Refused (a user who may
        only read), a notice: the answers are the same without them."""
        database = self.settings.database
        try:
            records, _, _ = self.driver.execute_query(
                cypher.SCHEMA_PRESENT, database_=database, routing_="r"
            )
            for statement in cypher.missing_indexes([r.data() for r in records]):
                self.driver.execute_query(statement, database_=database)
        except (Neo4jError, DriverError) as exc:
            self.notices.append(
                f"indexes of this version could not be made ({_first_line(exc)}): reads "
                "may be slower until the next load makes them"
            )

    def clear(self) -> None:
        with (
            self._reported("clearing"),
            self.driver.session(database=self.settings.database) as session,
        ):
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

    def subject_facts(self, subject_id: str, as_of: str) -> SubjectFacts | None:
        return neo4j_queries.subject_facts(self.run_read, subject_id, as_of)

    def posts_facts(self, org_ids: list[str], charged_org_ids: list[str], as_of: str) -> PostsFacts:
        return neo4j_queries.posts_facts(self.run_read, org_ids, charged_org_ids, as_of)

    def names(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return neo4j_queries.names(self.run_read, sorted(set(ids)))

    def chain_heads(
        self, subject_ids: list[str], as_of: str | None, today: str
    ) -> tuple[dict[str, ChainHead], Names]:
        return neo4j_queries.chain_heads(self.run_read, subject_ids, as_of, today)

    def named_posts(
        self, org_ids: list[str], charged_org_ids: list[str], as_of: str
    ) -> tuple[PostsFacts, Names]:
        return neo4j_queries.named_posts(self.run_read, org_ids, charged_org_ids, as_of)

    def chain_bundle(
        self, subject_id: str, as_of: str | None, today: str
    ) -> tuple[ChainHead | None, PostsFacts, Names]:
        """One query, one transaction (``neo4j_queries.CHAIN_BUNDLE``)."""
        return neo4j_queries.chain_bundle(self.run_read, subject_id, as_of, today)

    def graph_facts(self, as_of: str) -> GraphFacts:
        return neo4j_queries.graph_facts(self.run_reads, as_of)

    def gap_facts(self, as_of: str) -> tuple[GraphFacts, GapNames | None]:
        return neo4j_queries.gap_facts(self.run_reads, as_of)

    @contextmanager
    def gap_facts_in_turn(self, as_of: str) -> Iterator[GapFactsInTurn]:
        """The hazards' query is the longest of the report's (3 of ~8.5 s of server time at
        P): the others run first, and it starts as soon as one of them is in; the client
        makes the other gaps while the server reads the hazards (``GapFactsInTurn``)."""
        queries = neo4j_queries.GAP_QUERIES
        in_turn = {n: q for n, q in queries.items() if n != neo4j_queries.HAZARDS}
        in_turn[neo4j_queries.HAZARDS] = queries[neo4j_queries.HAZARDS]
        with self.reads_at_once(in_turn, at_most=len(in_turn) - 1, day=as_of) as running:
            yield neo4j_queries.gap_facts_in_turn(running)

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

    def remit_facts(self, org_ids: list[str], as_of: str) -> RemitFacts:
        return neo4j_queries.remit_facts(self.run_read, org_ids, as_of)

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

    def month_counts(
        self,
        label: str,
        date_key: str,
        fields: tuple[str, ...],
        enterprise_ids: Collection[str] | None = None,
    ) -> list[MonthCount]:
        return dated_reads.neo4j_month_counts(
            self.run_read, label, date_key, fields, enterprise_ids
        )

    def newest_day(self, labels: Iterable[str], keys: tuple[str, ...]) -> str | None:
        return dated_reads.neo4j_newest_day(self.run_read, labels, keys)

    def stats(self) -> Stats:
        (record,) = self.run_read(cypher.COUNTS)
        counts = zip(cypher.COUNTED, record["counts"], strict=True)
        counted = [(what, name, n) for (what, name), n in counts if n]
        labels = {name: n for what, name, n in counted if what == "label"}
        return Stats(labels, {name: n for what, name, n in counted if what == "type"})

    # -- browsing (graph_model.browse) ---------------------------------------------------
    def node_cards(self, labels: Iterable[str] = ()) -> list[NodeCard]:
        return neo4j_browse.node_cards(self.run_read, sorted(set(labels)))

    def search_nodes(self, labels: list[str], query: str | None, limit: int) -> list[str]:
        return neo4j_browse.search_nodes(self.run_read, labels, query, limit)

    def links_of(self, ids: list[str], types: list[str], limit: int) -> list[Edge]:
        return neo4j_browse.links_of(self.run_read, ids, types, limit)

    def shortest_paths(self, a: str, b: str, types: list[str], limit: int) -> list[list[Edge]]:
        return neo4j_browse.shortest_paths(self.run_read, a, b, types, limit)

    def subtree(self, node_id: str) -> set[str]:
        return neo4j_browse.subtree(self.run_read, node_id)

    def all_appointments(self) -> list[Appointment]:
        return neo4j_browse.all_appointments(self.run_read)


__all__ = ["Neo4jError", "Neo4jSettings", "Neo4jStore", "ReadOnlyViolation"]
