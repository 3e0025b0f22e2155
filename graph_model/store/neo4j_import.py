"""A first load into an empty Neo4j database with its offline importer.

``neo4j-admin database import full`` writes a new database's store files directly, without
transactions: much faster than any Cypher load, but only into a database that does not exist
yet, with the server stopped. Here:

1. ``ImportWriter`` streams node and relationship records to the importer's CSV files: one
   header file and one body file per *shape* (labels or type, and each property's name and
   type), so that every row holds exactly its own properties with their own types, as
   ``SET n = row.props`` stores them. A value the CSV format cannot hold exactly (an empty
   string or list, which the importer reads as "no property"; a list element that is empty
   or holds the array delimiter) is left out of the CSV and written to a fix-up file, set by
   Cypher once the server runs.
2. ``run_import`` runs ``scripts/neo4j-local import`` (which refuses a running server or an
   existing database, and removes what a failed import created), starts the server, creates
   the constraints and indexes the store expects, applies the fix-ups and resamples the index
   statistics.

A functional link (the one link of a type a node should have) removes stale links of nodes
that existed before the load; in an empty database there are none, and the link itself is
among the relationships, so the importer has nothing to do with it.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from neo4j.exceptions import DriverError, Neo4jError

from graph_model.schema import ENTITY, FunctionalLink, GraphBatch, NodeRecord, Rel, RelRecord
from graph_model.store import cypher, neo4j_plans
from graph_model.store.base import ApplyResult, StoreUnavailable

# Never in validated text (control characters are refused, loaders/characters.py); a list
# element that holds it anyway goes through the fix-ups, not the CSV.
ARRAY_DELIMITER = "\x1f"
NEO4J_LOCAL = Path(__file__).resolve().parents[2] / "scripts" / "neo4j-local"
DATABASE = "neo4j"  # the importer writes the default database of the local server
FIXUP_BATCH = 5000
# The loader gives every node and every link this list (loaders/build.py), often empty. An
# empty list cannot be written in the importer's CSV, and a fix-up row per record cost
# ~3M Cypher row updates at the province size (2.3M nodes, 0.8M links without a source):
# left out of the CSV instead, and set on every imported record that lacks it in one pass
# after the import (exact: the database is new, every record in it is the import's).
EVERY_RECORD_LIST = "source_ids"
IMPORT_TIMEOUT_S = 6 * 3600.0
INDEX_WAIT_S = 3600
_LONG = range(-(2**63), 2**63)
# A property name the header can hold as is (``name:type``); our tables' columns all are.
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class ImportRefused(StoreUnavailable):
    """The offline import cannot run here (server running, database present...): one line."""


# -- the CSV files --------------------------------------------------------------------------
def _scalar_type(value: object) -> str | None:
    if isinstance(value, bool):  # before int: a bool is an int in Python
        return "boolean"
    if isinstance(value, int):
        return "long" if value in _LONG else None
    if isinstance(value, float):
        return "double" if math.isfinite(value) else None
    if isinstance(value, str):
        return "string"
    return None


def _field(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same double
    return str(value)


def column_of(value: object) -> tuple[str, str] | None:
    """(importer type, CSV text) of a property value, or None when the CSV cannot hold it
    exactly (it then goes through the fix-ups)."""
    if isinstance(value, list | tuple):
        types = {_scalar_type(v) for v in value}
        if len(types) != 1 or None in types:
            return None  # empty, mixed, or of a type the importer has no array for
        texts = [_field(v) for v in value]
        if any(t == "" or ARRAY_DELIMITER in t for t in texts):
            return None
        return f"{types.pop()}[]", ARRAY_DELIMITER.join(texts)
    kind = _scalar_type(value)
    if kind is None or value == "":
        return None  # an empty field is "no property" to the importer
    return kind, _field(value)


def _check_value(where: str, key: str, value: object) -> None:
    """Values a Cypher load could store: scalars and lists of them (else a one-line reason)."""
    if not _KEY.match(key):
        raise ValueError(f"{where}: property name {key!r} cannot be imported")
    items = value if isinstance(value, list | tuple) else [value]
    for item in items:
        if isinstance(item, float) and not math.isfinite(item):
            continue  # the fix-up sends it as the driver would
        if _scalar_type(item) is None:
            raise ValueError(f"{where}: property {key}: {type(item).__name__} cannot be stored")


@dataclass
class _Shape:
    """One header file and its body file."""

    body: Path
    out: IO[str]
    writer: Any  # csv.writer: the type is private to the csv module
    rows: int = 0


@dataclass
class ImportCounts:
    nodes: int = 0
    rels: int = 0
    fixups: int = 0
    shapes: int = 0
    rels_by_type: dict[str, int] = field(default_factory=dict)


class ImportWriter:
    """Streams records to the importer's files in ``directory`` (created, must be empty)."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        if any(directory.iterdir()):
            raise ValueError(f"{directory}: the import folder must be empty")
        self.directory = directory
        self.counts = ImportCounts()
        self._shapes: dict[tuple[Any, ...], _Shape] = {}
        self._fixups: IO[str] = (directory / "fixups.jsonl").open("w", encoding="utf-8")
        self._closed = False

    def _shape(self, prefix: str, key: tuple[Any, ...], header: list[str]) -> _Shape:
        shape = self._shapes.get(key)
        if shape is None:
            n = sum(1 for k in self._shapes if k[0] == prefix) + 1
            stem = self.directory / f"{prefix}-{n:04d}"
            with Path(f"{stem}.header.csv").open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(header)
            body = Path(f"{stem}.csv")
            out = body.open("w", encoding="utf-8", newline="")
            writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
            shape = self._shapes[key] = _Shape(body, out, writer)
            self.counts.shapes += 1
        return shape

    def _split(
        self, where: str, props: dict[str, object], skip: str
    ) -> tuple[list[tuple[str, str, str]], dict[str, object]]:
        """Properties as (name, type, text) columns, and those left for the fix-ups."""
        columns, later = [], {}
        for key in sorted(props):
            if key == skip:
                continue
            value = props[key]
            if value is None:
                continue  # SET n = props stores no property for a null
            if key == EVERY_RECORD_LIST and value in ([], ()):
                continue  # restored set-wise after the import: see EVERY_RECORD_LIST
            _check_value(where, key, value)
            column = column_of(value)
            if column is None:
                later[key] = list(value) if isinstance(value, tuple) else value
            else:
                columns.append((key, *column))
        return columns, later

    def add_nodes(self, nodes: Iterable[NodeRecord]) -> None:
        for node in nodes:
            where = f"node {node.id}"
            if node.props.get("id") != node.id:
                raise ValueError(f"{where}: its 'id' property differs from its id")
            labels = sorted({ENTITY, *(lb.value for lb in node.labels)})
            columns, later = self._split(where, node.props, "id")
            header = ["id:ID", ":LABEL", *(f"{k}:{t}" for k, t, _ in columns)]
            shape = self._shape("nodes", ("nodes", *header), header)
            shape.writer.writerow(
                [node.id, ARRAY_DELIMITER.join(labels), *(v for *_, v in columns)]
            )
            shape.rows += 1
            self.counts.nodes += 1
            if later:
                self._fixup({"node": node.id, "props": later})

    def add_rels(self, rels: Iterable[RelRecord]) -> None:
        for rel in rels:
            where = f"{rel.type.value} {rel.key}"
            props = {**rel.props, "key": rel.key}  # as the Cypher load sets it
            columns, later = self._split(where, props, "")
            header = [":START_ID", ":END_ID", ":TYPE", *(f"{k}:{t}" for k, t, _ in columns)]
            shape = self._shape("rels", ("rels", *header), header)
            shape.writer.writerow([rel.start, rel.end, rel.type.value, *(v for *_, v in columns)])
            shape.rows += 1
            self.counts.rels += 1
            by_type = self.counts.rels_by_type
            by_type[rel.type.value] = by_type.get(rel.type.value, 0) + 1
            if later:
                self._fixup(
                    {"rel": rel.type.value, "start": rel.start, "end": rel.end, "key": rel.key}
                    | {"props": later}
                )

    def add_functional(self, links: Iterable[FunctionalLink]) -> None:
        """Nothing to write: see the module's docstring. Consumed, so a stream moves on."""
        for _ in links:
            pass

    def add_batch(self, batch: GraphBatch) -> None:
        self.add_nodes(batch.nodes)
        self.add_rels(batch.rels)
        self.add_functional(batch.functional)

    def _fixup(self, entry: dict[str, Any]) -> None:
        self._fixups.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.counts.fixups += 1

    def close(self) -> ImportCounts:
        if not self._closed:
            for shape in self._shapes.values():
                shape.out.close()
            self._fixups.close()
            self._closed = True
        return self.counts

    def __enter__(self) -> ImportWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_import_files(
    directory: Path,
    nodes: Iterable[NodeRecord],
    rels: Iterable[RelRecord],
    functional: Iterable[FunctionalLink] = (),
) -> ImportCounts:
    """Write the importer's files for these records (each iterable read once, streaming)."""
    with ImportWriter(directory) as writer:
        writer.add_nodes(nodes)
        writer.add_rels(rels)
        writer.add_functional(functional)
        return writer.close()


def read_fixups(directory: Path) -> Iterator[dict[str, Any]]:
    with (directory / "fixups.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


# -- the local server: checks, import, start ----------------------------------------------
@dataclass(frozen=True)
class LocalNeo4j:
    """The local server of ``scripts/neo4j-local``: its state folder and Bolt port."""

    home: Path
    port: int

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "NEO4J_LOCAL_HOME": str(self.home),
            "NEO4J_LOCAL_PORT": str(self.port),
        }

    def script(self, *args: str, timeout_s: float = 600.0) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                [str(NEO4J_LOCAL), *args],
                env=self.env(),
                capture_output=True,
                text=True,
                timeout=timeout_s,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise StoreUnavailable(f"scripts/neo4j-local {args[0]}: {exc}") from exc

    def running(self) -> bool:
        return self.script("status").returncode == 0

    def database_exists(self) -> bool:
        data = self.home / "data"
        return (data / "databases" / DATABASE).exists() or (
            data / "transactions" / DATABASE
        ).exists()

    def refusal(self) -> str | None:
        """Why an offline import cannot run into this server now, or None. Checked again
        under the script's lock by the import itself."""
        if self.running():
            return (
                f"the Neo4j server of {self.home} is running; the offline import needs it "
                "stopped (scripts/neo4j-local stop); nothing was imported"
            )
        if self.database_exists():
            return (
                f"{self.home} already holds a database; the offline import only creates a "
                "new one (nothing was changed): load online with 'accgraph load', or use an "
                "unused NEO4J_LOCAL_HOME"
            )
        return None


def local_server(home: Path, uri: str | None) -> LocalNeo4j:
    """The server to import into: ``home``, at the port of ``uri`` (a local Bolt URI) when
    given, else ``NEO4J_LOCAL_PORT`` (default 7687)."""
    port = int(os.environ.get("NEO4J_LOCAL_PORT") or 7687)
    if uri:
        parts = urlsplit(uri)
        if parts.scheme not in ("bolt", "neo4j") or parts.hostname not in (
            "127.0.0.1",
            "localhost",
        ):
            raise ImportRefused(
                f"NEO4J_URI {uri} is not the local server: the offline import writes the files "
                "of a server on this machine (scripts/neo4j-local)"
            )
        port = parts.port or 7687
    return LocalNeo4j(home.resolve(), port)


def run_importer(server: LocalNeo4j, directory: Path) -> None:
    """The importer itself, through the script (refuses a running server or a database)."""
    done = server.script("import", str(directory), timeout_s=IMPORT_TIMEOUT_S)
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
        reason = lines[0].removeprefix("neo4j-local: ") if lines else f"exit {done.returncode}"
        raise ImportRefused(reason) if done.returncode == 3 else StoreUnavailable(reason)


def start(server: LocalNeo4j) -> None:
    # not warmed by the script: the reads would run before the schema is made (``finish``),
    # and the import warms the server itself once it is
    done = server.script("start", "--no-warm")
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
        raise StoreUnavailable(
            f"the database was imported, but the server of {server.home} did not start: "
            + (lines[0] if lines else f"exit {done.returncode}")
        )


def finish(driver: Any, directory: Path, database: str = DATABASE) -> None:
    """After the import, the server running: the schema a Cypher load creates, the values
    the CSV could not hold, then index statistics from the new data and the first reads
    planned on them (``neo4j_plans``). Each step is idempotent: ``accgraph load`` of the
    same dataset finishes an interrupted one."""
    try:
        for statement in cypher.schema_statements() + cypher.load_schema_statements():
            driver.execute_query(statement, database_=database)
        driver.execute_query(cypher.AWAIT_INDEXES, seconds=INDEX_WAIT_S, database_=database)
        with driver.session(database=database) as session:
            # CALL ... IN TRANSACTIONS needs an auto-commit transaction (session.run).
            for statement in cypher.empty_list_defaults(EVERY_RECORD_LIST):
                session.run(statement).consume()
        for query, rows in _fixup_batches(directory):
            driver.execute_query(query, rows=rows, database_=database)
        driver.execute_query(cypher.RESAMPLE, database_=database)
    except (Neo4jError, DriverError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreUnavailable(
            f"the database was imported, but its schema could not be completed ({reason}); "
            "load the same dataset again with 'accgraph load' to complete it"
        ) from exc
    neo4j_plans.plan_after_load(driver, database)


def _fixup_batches(directory: Path) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    pending: dict[str, list[dict[str, Any]]] = {}
    for entry in read_fixups(directory):
        query = (
            cypher.SET_NODE_PROPS if "node" in entry else cypher.set_rel_props(Rel(entry["rel"]))
        )
        rows = pending.setdefault(query, [])
        rows.append(entry)
        if len(rows) >= FIXUP_BATCH:
            yield query, pending.pop(query)
    yield from pending.items()


def applied(counts: ImportCounts) -> ApplyResult:
    return ApplyResult(nodes_created=counts.nodes, rels_created=counts.rels)


def remove_files(directory: Path) -> None:
    for path in directory.glob("*"):
        with suppress(OSError):
            path.unlink()
    with suppress(OSError):
        directory.rmdir()
