"""A load into Neo4j in bounded transactions, undone as a whole if it does not finish.

One transaction for a whole load runs the server out of heap at city size (its transaction
state grows with the load). Here a load is a series of batches, each committed on its own,
and a journal in the database makes the series all-or-nothing:

1. ``begin``: a ``LoadJournal`` node (not an ``Entity``: no query of the app matches it)
   says which load runs, from which host and process, and when it last wrote. It is
   written by the first batch's transaction (nothing of the load exists before it).
2. Each batch transaction writes its records *and*, in the same transaction, one
   ``LoadUndo`` node holding what it takes to undo them (ids of the nodes it created, the
   old properties and labels of the nodes it changed, the rels it created between nodes
   that existed, the old properties of rels it changed, the stale rels it removed). A batch
   is therefore either fully written with its undo record, or not at all.
3. ``commit``: one small transaction deletes the journal and its undo records. That is the
   moment the load is done.

A load that fails in this process is undone at once (undo records newest first, each undo
in its own transaction that also deletes its record, so an interrupted undo resumes). A
load whose process or server died is undone by the next store that opens the database on
this machine while no load holds the load lock (``recover``), or by the next load. See
``docs/neo4j-loads.md``.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph_model.schema import GraphBatch, Label, Rel
from graph_model.store import cypher
from graph_model.store.base import ApplyResult, Progress, StoreUnavailable

# Records per transaction (docs/neo4j-loads.md, "Batch size", for the measurements): few
# enough that a transaction's state stays far below the heap's 70% cap at any size (a few
# tens of MB), as many as the hand-written baseline's so that commits cost no more.
BATCH_SIZE = 10_000
# Node batches written at once, each in a transaction of its own: a server core each (the
# local server has two), where links stay one at a time (two batches of links lock the same
# hub nodes, a region or a sector, and deadlock). Nodes are ~45% of a load's writes.
NODE_WRITERS = 2
# A load on another host is taken for dead when it has not written for this long (each
# batch writes its beat; the server's transaction timeout is 120 s).
STALE_AFTER_S = 600.0


class LoadAbandoned(StoreUnavailable):
    """This load's journal vanished under it: it was undone, so it must stop."""


@dataclass
class Undo:
    """What one batch transaction changed, in the terms needed to change it back."""

    created_nodes: list[str] = field(default_factory=list)
    changed_nodes: list[dict[str, Any]] = field(default_factory=list)  # id, props, labels
    created_rels: list[dict[str, Any]] = field(default_factory=list)  # type, start, end, key
    changed_rels: list[dict[str, Any]] = field(default_factory=list)  # ... and old props
    removed_rels: list[dict[str, Any]] = field(default_factory=list)  # ... and old props
    fresh_rels: int = 0  # rels created at a new node: they go with it, nothing to record

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Undo:
        return cls(**json.loads(text))


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


class BatchedLoad:
    """One load of a ``GraphBatch``: the journal, the batches, commit or undo."""

    def __init__(
        self,
        driver: Driver,
        database: str,
        *,
        batch_size: int = BATCH_SIZE,
        progress: Progress | None = None,
    ):
        self.driver, self.database = driver, database
        self.batch_size = batch_size
        self.progress = progress
        self.load_id = uuid.uuid4().hex
        self.seq = 0
        self.done = 0
        self.total = 0

    # -- the whole load --------------------------------------------------------------------
    def run(self, batch: GraphBatch) -> ApplyResult:
        return self.run_stream([batch], len(batch.nodes) + len(batch.functional) + len(batch.rels))

    def run_stream(self, chunks: Iterable[GraphBatch], total: int) -> ApplyResult:
        """One load of a stream of chunks, all nodes before any link (a link's MATCH finds
        both ends); ``total``: the records expected, for the progress (an estimate may be
        off: the bar ends at what was written). The journal spans the whole stream: a
        failure anywhere, the stream's own included, undoes every chunk."""
        self.total = total
        try:
            result = ApplyResult()
            created: set[str] = set()
            for chunk in chunks:
                self._apply(chunk, result, created)
            if self.seq:  # no batch, no journal: nothing to forget
                self._write(cypher.JOURNAL_COMMIT, id=self.load_id)
        except (ServiceUnavailable, SessionExpired):
            raise  # the server is gone: undone by whoever opens it next (``recover``)
        except BaseException:
            # The original failure is the one to report; an undo that fails here is left
            # for ``recover`` (the journal is still there).
            with suppress(Exception):
                undo_load(self.driver, self.database, self.load_id)
            raise
        if self.progress is not None:
            self.progress(self.done, self.done)
        return result

    def _apply(self, batch: GraphBatch, result: ApplyResult, created: set[str]) -> None:
        """One chunk; ``created``: the ids this load created so far (their links are new)."""
        by_labels: dict[tuple[Label, ...], list[dict[str, Any]]] = defaultdict(list)
        for node in batch.nodes:
            by_labels[tuple(sorted(node.labels))].append({"id": node.id, "props": node.props})
        jobs = [
            (cypher.upsert_nodes(labels), chunk, [lb.value for lb in labels])
            for labels, rows in by_labels.items()
            for chunk in _chunks(rows, self.batch_size)
        ]
        for out in self._node_batches(jobs):
            result.nodes_created += len(out.created_nodes)
            result.nodes_changed += len(out.changed_nodes)
            created.update(out.created_nodes)

        # A node the load has just created has no old links to remove.
        stale: dict[Rel, list[dict[str, Any]]] = defaultdict(list)
        for link in batch.functional:
            if link.start not in created:
                stale[link.type].append({"start": link.start, "end": link.end})
        self._tick(len(batch.functional) - sum(len(rows) for rows in stale.values()))
        for rel_type, rows in stale.items():
            for chunk in _chunks(rows, self.batch_size):
                out = self._batch(len(chunk), _remove_stale, rel_type, chunk)
                result.rels_removed += len(out.removed_rels)

        by_type: dict[Rel, list[dict[str, Any]]] = defaultdict(list)
        for rel in batch.rels:
            by_type[rel.type].append(
                {
                    "start": rel.start,
                    "end": rel.end,
                    "key": rel.key,
                    "props": {**rel.props, "key": rel.key},
                    # between nodes that existed: its creation must be undone by itself
                    "old": rel.start not in created and rel.end not in created,
                }
            )
        for rel_type, rows in by_type.items():
            for chunk in _chunks(rows, self.batch_size):
                out = self._batch(len(chunk), _upsert_rels, rel_type, chunk)
                result.rels_created += len(out.created_rels) + out.fresh_rels
                result.rels_changed += len(out.changed_rels)

    def _node_batches(
        self, jobs: list[tuple[str, Sequence[dict[str, Any]], list[str]]]
    ) -> Iterator[Undo]:
        """The node batches' undo records, in order; ``NODE_WRITERS`` at once. Ids are unique
        within a load, so no two batches touch one node. The first batch of the load runs
        alone: it begins the journal that the others' undo records name. On a failure the
        batches not started are dropped and the running ones end before it is raised, so
        the undo that follows sees every batch that committed."""
        if jobs and self.seq == 0:
            yield self._batch(len(jobs[0][1]), _upsert_nodes, *jobs[0])
            jobs = jobs[1:]
        pool = ThreadPoolExecutor(NODE_WRITERS, thread_name_prefix="accgraph-load")
        try:
            futures = [
                (len(job[1]), pool.submit(self._transaction, self._next_seq(), _upsert_nodes, job))
                for job in jobs
            ]
            for size, future in futures:
                undo = future.result()
                self._tick(size)  # from this thread: the app's progress bar is drawn by it
                yield undo
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    # -- one batch -------------------------------------------------------------------------
    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def _batch(self, size: int, write: Callable[..., Undo], *args: Any) -> Undo:
        """Run ``write`` and store its undo record, in one transaction."""
        undo = self._transaction(self._next_seq(), write, args)
        self._tick(size)
        return undo

    def _transaction(self, seq: int, write: Callable[..., Undo], args: Sequence[Any]) -> Undo:
        """Batch ``seq``: ``write(tx, *args)`` and its undo record, in one transaction (safe
        to run on a thread of its own: a session each)."""

        def work(tx: ManagedTransaction) -> Undo:
            if seq == 1:  # the journal begins with the first batch: one round trip less
                tx.run(cypher.JOURNAL_BEGIN, id=self.load_id, **_who()).consume()
            undo = write(tx, *args)
            kept = tx.run(
                cypher.UNDO_RECORD,
                load=self.load_id,
                seq=seq,
                ops=undo.to_json(),
                beat=time.time(),
            ).single()
            if kept is None:  # our journal is gone: another process took the load for dead
                raise LoadAbandoned("the load was undone by another process that took it for dead")
            return undo

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def _tick(self, n: int) -> None:
        self.done += n
        if self.progress is not None and n:
            self.progress(self.done, max(self.total, self.done))

    def _write(self, query: str, **params: Any) -> None:
        with self.driver.session(database=self.database) as session:
            session.execute_write(lambda tx: tx.run(query, **params).consume())


def _upsert_nodes(
    tx: ManagedTransaction, query: str, rows: Sequence[dict[str, Any]], labels: list[str]
) -> Undo:
    record = tx.run(query, rows=list(rows), labels=labels).single()
    if record is None:
        return Undo()
    return Undo(created_nodes=list(record["created"]), changed_nodes=list(record["changed"]))


def _remove_stale(tx: ManagedTransaction, rel: Rel, rows: Sequence[dict[str, Any]]) -> Undo:
    undo = Undo()
    for record in tx.run(cypher.remove_stale_functional(rel), rows=list(rows)):
        undo.removed_rels.append(
            {"type": rel.value, "start": record["start"], "end": record["end"], **_props(record)}
        )
    return undo


def _upsert_rels(tx: ManagedTransaction, rel: Rel, rows: Sequence[dict[str, Any]]) -> Undo:
    undo = Undo()
    fresh = [row for row in rows if not row["old"]]
    if fresh:  # a new end node: no link can exist yet, so no MERGE and nothing to record
        record = tx.run(cypher.create_rels(rel), rows=fresh).single()
        undo.fresh_rels = int(record["n"]) if record else 0
    old = [row for row in rows if row["old"]]
    for record in tx.run(cypher.upsert_rels(rel), rows=old) if old else ():
        where = {"type": rel.value, "start": record["start"], "end": record["end"]}
        if record["status"] == "created":
            undo.created_rels.append({**where, "key": record["key"]})
        else:
            undo.changed_rels.append({**where, "key": record["key"], **_props(record)})
    return undo


def _props(record: Any) -> dict[str, Any]:
    return {"props": dict(record["props"])}


# -- undo and recovery ---------------------------------------------------------------------
def undo_load(driver: Driver, database: str, load_id: str) -> None:
    """Undo every batch of ``load_id``, newest first, then forget the load."""
    with driver.session(database=database) as session:
        seqs = [
            r["seq"]
            for r in session.execute_read(lambda tx: list(tx.run(cypher.UNDO_SEQS, load=load_id)))
        ]
        for seq in seqs:  # newest first
            session.execute_write(_undo_one, load_id, seq)
        session.execute_write(lambda tx: tx.run(cypher.JOURNAL_COMMIT, id=load_id).consume())


def _undo_one(tx: ManagedTransaction, load_id: str, seq: int) -> None:
    record = tx.run(cypher.UNDO_TAKE, load=load_id, seq=seq).single()
    if record is None:
        return  # undone already (by an undo that was interrupted after this one)
    undo = Undo.from_json(record["ops"])
    for rows, query in (
        (undo.created_rels, cypher.delete_rels),
        (undo.changed_rels, cypher.restore_rels),
        (undo.removed_rels, cypher.recreate_rels),
    ):
        for rel_type, group in _group(rows, lambda r: Rel(r["type"])).items():
            tx.run(query(rel_type), rows=group).consume()
    names = {lb.value for lb in Label}
    by_labels = _group(
        undo.changed_nodes,
        lambda n: tuple(sorted(Label(lb) for lb in n["labels"] if lb in names)),
    )
    for labels, group in by_labels.items():
        tx.run(cypher.restore_nodes(labels), rows=group).consume()
    if undo.created_nodes:
        tx.run(cypher.DELETE_NODES, ids=undo.created_nodes).consume()


def _group(
    rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any]
) -> dict[Any, list[dict[str, Any]]]:
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def _who() -> dict[str, Any]:
    return {"host": socket.gethostname(), "pid": os.getpid(), "beat": time.time()}


def unfinished_loads(driver: Driver, database: str) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(cypher.JOURNALS, database_=database, routing_="r")
    return [r.data() for r in records]


def is_dead(journal: dict[str, Any], now: float | None = None) -> bool:
    """A load that can no longer finish: its process is gone (same host), or it has not
    written for ``STALE_AFTER_S`` (another host, where we cannot see its process)."""
    now = time.time() if now is None else now
    beat = float(journal.get("beat") or 0)
    if journal.get("host") == socket.gethostname():
        pid = int(journal.get("pid") or 0)
        return pid <= 0 or not _alive(pid)
    return now - beat > STALE_AFTER_S


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def recover(driver: Driver, database: str) -> list[str]:
    """Undo the loads that died unfinished; returns their ids."""
    undone = []
    for journal in unfinished_loads(driver, database):
        if is_dead(journal):
            undo_load(driver, database, journal["id"])
            undone.append(journal["id"])
    return undone
