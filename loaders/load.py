"""Read, validate, build, apply: the whole load, with a report of what happened."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from graph_model.schema import GraphBatch
from graph_model.store.base import ApplyResult, GraphStore, Progress, StoreUnavailable
from graph_model.store.load_lock import LOAD_WAIT_S as LOAD_WAIT_S  # the lock's; re-exported
from graph_model.store.load_lock import LoadLock
from loaders import wording
from loaders.build import CHUNK, iter_batches, whole
from loaders.history import history_mark
from loaders.problems import InvalidDataset, Problem, Severity, UnreadableInput
from loaders.raw import RawDataset, RawRow
from loaders.readers import stream_path
from loaders.tables import TABLES, Table
from loaders.validate import TREES, BuildIndex, Validator


class Stage(StrEnum):
    VALIDATE = "validate"
    WRITE = "write"
    IMPORT = "import"  # the offline importer's steps after its files are written


# The one progress callback of a load: (stage, done, total); the CLI draws a bar on a
# terminal, the app an ``st.progress``.
LoadProgress = Callable[[Stage, int, int], None]


@dataclass
class LoadReport:
    path: str
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    applied: ApplyResult | None = None  # None: nothing was written (dry run or errors)
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self, language: str | None = None) -> str:
        """ "1 error, 2 warnings" in the language (en or zh)."""
        return wording.counts(len(self.errors), len(self.warnings), language)

    def problem_rows(self, language: str | None = None) -> list[dict[str, object]]:
        """One row per problem, severity and message in the language (the app's table)."""
        return [
            {
                "severity": wording.severity(p.severity, language),
                "error": p.severity is Severity.ERROR,
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "message": wording.message(p.message, language),
            }
            for p in self.problems
        ]

    def text_lines(self, language: str | None = None) -> list[str]:
        """The problems as ``file:line: column: message`` lines."""
        if language == "zh":
            return [wording.problem_line(p, language) for p in self.problems]
        return [str(p) for p in self.problems]

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "rows": self.rows,
            "errors": [str(p) for p in self.errors],
            "warnings": [str(p) for p in self.warnings],
            "applied": None if self.applied is None else asdict(self.applied),
            "files": self.files,
        }


class DatasetChanged(UnreadableInput):
    """A file changed between validation and the write: what was checked is not what would
    be written."""


@dataclass
class LoadPackage:
    """A dataset read and validated once, ready to be written as is.

    A small one (up to ``KEEP_BATCH_ROWS`` rows) keeps the graph built at validation: its
    files are not read again. A larger one keeps no rows: ``batches()`` reads the files
    again and builds the graph as a stream of chunks, refusing (``DatasetChanged``) a file
    whose bytes are not those validated."""

    report: LoadReport
    source: Path | None = None  # what was validated (None: an empty package)
    encoding: str | None = None
    store_mark: tuple[int, int] | None = None  # the history when it was validated
    index: BuildIndex | None = None  # None: the dataset has errors, nothing to write
    hashes: dict[str, str] = field(default_factory=dict)  # every file read -> sha256
    _batch: GraphBatch | None = None

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def records(self) -> int:
        """About how many records the write has (nodes, functional links and their
        relationships, relationship rows): the progress total."""
        if self.index is None:
            return 0
        return 3 * self.index.nodes + self.index.links

    def batches(self, chunk: int = CHUNK) -> Iterator[GraphBatch]:
        """The graph as chunks, every node first; nothing if the dataset has errors."""
        if not self.ok or self.index is None or self.source is None:
            return iter(())
        if self._batch is not None:
            return iter((self._batch,))
        return iter_batches(self._tables, self.index, chunk)

    @property
    def batch(self) -> GraphBatch:
        """The whole graph in one batch (small loads, the embedded store, tests)."""
        if self._batch is None:
            self._batch = whole(self.batches())
        return self._batch

    def _tables(self) -> Iterator[tuple[Table, str, Iterable[RawRow]]]:
        assert self.source is not None
        out = RawDataset()
        yield from stream_path(self.source, self.encoding, out, self._unchanged)
        gone = set(self.hashes) - set(out.hashes)
        if gone:
            raise DatasetChanged(
                f"{self.source}: {sorted(gone)[0]} is no longer readable since it was "
                "validated; check it again"
            )

    def _unchanged(self, name: str, digest: str) -> None:
        if self.hashes.get(name) != digest:
            raise DatasetChanged(
                f"{self.source}: {name} changed since it was validated; check it again"
            )


# Up to this many rows, a package holds its graph from validation on (an upload, a tiny
# dataset: the files are not read again); above it, the graph is built again as a stream.
KEEP_BATCH_ROWS = 50_000

# Ids per look-up in the store: one parameter list stays small on the server.
LOOKUP_CHUNK = 50_000


def _labels_of(store: GraphStore, ids: set[str]) -> dict[str, frozenset[str]]:
    ordered = sorted(ids)
    known: dict[str, frozenset[str]] = {}
    for i in range(0, len(ordered), LOOKUP_CHUNK):
        known.update(store.labels_of(ordered[i : i + LOOKUP_CHUNK]))
    return known


def validate(
    path: Path,
    store: GraphStore | None = None,
    *,
    encoding: str | None = None,
    progress: LoadProgress | None = None,
) -> LoadPackage:
    """Read and validate ``path`` once, streaming (see ``loaders.validate``); references
    may also name ids already in ``store``. The package holds the report, the file hashes
    and what building the graph needs; ``apply_package`` writes it as is.

    ``encoding``: of the text files; None detects it (UTF-8, else GB18030, with a warning).
    """
    mark = history_mark() if store is not None and store.lock_home is not None else None
    out = RawDataset()
    checker = Validator()
    total = _table_files(path)
    if progress is not None:
        progress(Stage.VALIDATE, 0, total)
    for done, (table, _, rows) in enumerate(stream_path(path, encoding, out), start=1):
        add = checker.add
        for raw_row in rows:
            add(table, raw_row)
        if progress is not None:
            progress(Stage.VALIDATE, min(done, total), total)
    known: dict[str, frozenset[str]] = {}
    stored_parents: dict[str, dict[str, str]] = {}
    if store is not None:
        # Every id the dataset defines too: an id keeps its kind across loads.
        known = _labels_of(store, checker.ids_to_look_up())
        for tree, parents in checker.tree_parent_ids().items():
            links = store.tree_links(TREES[tree][0], parents) if parents else set()
            stored_parents[tree] = dict(links)
    checker.finish(known, stored_parents)
    counts = {t.name: checker.rows[t.name] for t in TABLES if checker.rows.get(t.name)}
    files = {f.name: out.hashes[f.name] for f in out.files if f.name in out.hashes}
    report = LoadReport(str(path), counts, checker.problems(out.problems), files=files)
    if progress is not None:
        progress(Stage.VALIDATE, total, total)
    package = LoadPackage(
        report,
        source=path,
        encoding=encoding,
        store_mark=mark,
        index=checker.build if report.ok else None,
        hashes=dict(out.hashes),
    )
    if report.ok and sum(counts.values()) <= KEEP_BATCH_ROWS:
        package.batch  # noqa: B018  # built now: the files may be gone when it is written
    return package


def _table_files(path: Path) -> int:
    """How many table files a validation reads (its progress steps)."""
    try:
        if path.is_dir():
            return max(1, sum(1 for f in path.iterdir() if f.suffix.lower() == ".csv"))
    except OSError:
        pass
    return 1


def validate_path(
    path: Path, store: GraphStore | None = None, *, encoding: str | None = None
) -> tuple[LoadReport, GraphBatch]:
    """``validate``, as (report, batch)."""
    package = validate(path, store, encoding=encoding)
    return package.report, package.batch


def load_path(
    path: Path,
    store: GraphStore,
    *,
    dry_run: bool = False,
    encoding: str | None = None,
    progress: LoadProgress | None = None,
) -> LoadReport:
    """Load a dataset into ``store``, without the lock or the history (a store of this
    process, a test, a benchmark). Any error: raise ``InvalidDataset``, write nothing."""
    package = validate(path, store, encoding=encoding, progress=progress)
    if not package.ok:
        raise InvalidDataset(package.report.problems)
    if not dry_run:
        package.report.applied = _write(package, store, progress)
    return package.report


def apply_package(
    package: LoadPackage,
    store: GraphStore,
    *,
    wait_s: float = LOAD_WAIT_S,
    on_wait: Callable[[str], None] | None = None,
    progress: LoadProgress | None = None,
) -> LoadReport:
    """Write a validated package and record it in the history: the one place a load is
    written and recorded, for the command line and the app alike.

    Under the load lock (see ``graph_model.store.load_lock``): catch up with what other
    processes stored; if anything was loaded since the package was validated, validate its
    files again against that (the package may no longer fit); apply the batch as it is;
    record the load. Waits up to ``wait_s`` for a running load (``on_wait`` is told who runs
    it), then raises ``LoadBusy``. Raises ``InvalidDataset`` if the package has errors. A
    store private to this process takes no lock and leaves no history.
    """
    from loaders.history import open_history  # the history module types with LoadReport

    if not package.ok:
        raise InvalidDataset(package.report.problems)
    if store.lock_home is None:  # a store of this process
        package.report.applied = _write(package, store, progress)
        return package.report
    with LoadLock(store.lock_home).held(package.report.path, timeout_s=wait_s, on_wait=on_wait):
        if package.report.applied is not None:  # a second press of the same Load button
            raise StoreUnavailable("this dataset was loaded already; check it again to reload")
        store.refresh()
        if package.store_mark != history_mark():  # another load came in between
            package = validate(
                Path(package.report.path), store, encoding=package.encoding, progress=progress
            )
            if not package.ok:
                raise InvalidDataset(package.report.problems)
        with open_history() as history:  # an unwritable history stops the load before it writes
            package.report.applied = _write(package, store, progress)
            history.append(package.report, store.backend, store.location)
    return package.report


def load_under_lock(
    path: Path,
    store: GraphStore,
    *,
    dry_run: bool = False,
    wait_s: float = LOAD_WAIT_S,
    on_wait: Callable[[str], None] | None = None,
    encoding: str | None = None,
    progress: LoadProgress | None = None,
) -> LoadReport:
    """A load as the command line runs it: validated and applied under the load lock, one
    at a time per data folder, recorded in the history (``apply_package``). A dry run, or a
    load into a store private to this process, takes no lock and leaves no history."""
    if dry_run or store.lock_home is None:  # nothing written, or to a store of this process
        return load_path(path, store, dry_run=dry_run, encoding=encoding, progress=progress)
    with LoadLock(store.lock_home).held(str(path), timeout_s=wait_s, on_wait=on_wait):
        store.refresh()
        package = validate(path, store, encoding=encoding, progress=progress)
        return apply_package(package, store, progress=progress)


def _writing(progress: LoadProgress | None) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total: progress(Stage.WRITE, done, total)


def _write(package: LoadPackage, store: GraphStore, progress: LoadProgress | None) -> ApplyResult:
    """The package into the store, as a stream of chunks (the store bounds its writes)."""
    return store.apply_stream(package.batches(), package.records, _writing(progress))
