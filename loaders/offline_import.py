"""A first load into an empty local Neo4j with its offline importer (``accgraph load PATH
--offline-import NEO4J_HOME``): validated exactly as a normal load, imported only into a
database that does not exist yet with the server stopped, then the server started, the
schema created, and the load recorded in the history like any other.
See ``graph_model.store.neo4j_import`` and docs/neo4j-loads.md."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph_model.store import default_home, neo4j_plans
from graph_model.store import neo4j_import as imp
from graph_model.store.load_lock import LoadLock
from graph_model.store.neo4j_store import Neo4jSettings, Neo4jStore
from loaders.build import CHUNK
from loaders.history import open_history
from loaders.load import LOAD_WAIT_S, LoadPackage, LoadProgress, LoadReport, Stage, validate
from loaders.problems import InvalidDataset


@dataclass
class ImportTimes:
    """Seconds per step, printed by the CLI: where a first load's time goes."""

    steps: dict[str, float] = field(default_factory=dict)
    _t: float = field(default_factory=time.monotonic)

    def lap(self, step: str) -> None:
        now = time.monotonic()
        self.steps[step] = round(now - self._t, 1)
        self._t = now

    def text(self) -> str:
        return ", ".join(f"{step} {s:g} s" for step, s in self.steps.items())


def offline_import(
    path: Path,
    neo4j_home: Path,
    *,
    uri: str | None = None,
    encoding: str | None = None,
    wait_s: float = LOAD_WAIT_S,
    on_wait: Callable[[str], None] | None = None,
    progress: LoadProgress | None = None,
    times: ImportTimes | None = None,
) -> tuple[LoadReport, str]:
    """Validate ``path``, import it into the stopped, database-less local server of
    ``neo4j_home`` (at the port of ``uri`` when given), start it; returns the report and
    the server's URI. Raises ``ImportRefused`` (server running, database present, not a
    local URI) before anything is read, ``InvalidDataset`` if the dataset has errors (nothing
    is imported), ``StoreUnavailable`` if the importer or the server fails."""
    times = times if times is not None else ImportTimes()
    server = imp.local_server(neo4j_home, uri)
    refusal = server.refusal()
    if refusal:
        raise imp.ImportRefused(refusal)
    with LoadLock(default_home()).held(str(path), timeout_s=wait_s, on_wait=on_wait):
        times.lap("waiting")
        package = validate(path, None, encoding=encoding, progress=progress)  # empty store
        times.lap("validation")
        if not package.ok:
            raise InvalidDataset(package.report.problems)
        report = package.report
        # The files beside the database: same disk, and removed whatever happens.
        server.home.mkdir(parents=True, exist_ok=True)
        files = Path(tempfile.mkdtemp(prefix="import-files-", dir=server.home))
        try:
            with open_history() as history:  # an unwritable history stops it before it writes
                counts = write_files(package, files, progress)
                times.lap("CSV files")
                steps = _Steps(progress, times)
                imp.run_importer(server, files)
                steps.done("importer")
                imp.start(server)
                steps.done("server start")
                store = Neo4jStore(Neo4jSettings(uri=server.uri))
                try:
                    imp.finish(store.driver, files)
                    steps.done("schema and statistics")
                    # the server has just started: its first gap report would pay for a cold
                    # JVM and page cache (a province's: 17 s, 8 s once warm)
                    neo4j_plans.warm_after_start(store.driver, imp.DATABASE)
                    steps.done("warm-up")
                finally:
                    store.close()
                report.applied = imp.applied(counts)
                history.append(report, "neo4j", server.uri)
        finally:
            imp.remove_files(files)
    return report, server.uri


def write_files(
    package: LoadPackage,
    files: Path,
    progress: LoadProgress | None = None,
    chunk: int = CHUNK,
) -> imp.ImportCounts:
    """The importer's CSV files from the package's chunks (the graph never whole), the
    progress counted in the records written against the package's estimate."""
    total = package.records
    written = 0
    with imp.ImportWriter(files) as writer:
        for batch in package.batches(chunk):
            writer.add_batch(batch)
            written += len(batch.nodes) + len(batch.rels) + 2 * len(batch.functional)
            if progress is not None:
                progress(Stage.WRITE, written, max(total, written))
        counts = writer.close()
    if progress is not None:  # the estimate reached: the bar ends full
        progress(Stage.WRITE, written, written)
    return counts


IMPORT_STEPS = ("importer", "server start", "schema and statistics", "warm-up")


class _Steps:
    """The steps after the files (minutes each at a province): each timed for the CLI's
    summary and shown as a step of its own stage, so that the bar does not sit at a full
    "writing" while the importer runs."""

    def __init__(self, progress: LoadProgress | None, times: ImportTimes):
        self.progress = progress
        self.times = times
        self._show(0)

    def done(self, step: str) -> None:
        self.times.lap(step)
        self._show(IMPORT_STEPS.index(step) + 1)

    def _show(self, count: int) -> None:
        if self.progress is not None:
            self.progress(Stage.IMPORT, count, len(IMPORT_STEPS))
