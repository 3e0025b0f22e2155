"""Read, validate, build, apply: the whole load, with a report of what happened."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from graph_model.schema import GraphBatch
from graph_model.store.base import ApplyResult, GraphStore, Progress, StoreUnavailable
from graph_model.store.load_lock import LoadLock
from loaders import wording
from loaders.build import build_batch, count_rows
from loaders.history import history_mark
from loaders.problems import InvalidDataset, Problem, Severity
from loaders.readers import read_path
from loaders.tables import TABLES, Kind
from loaders.validate import (
    TREES,
    Dataset,
    check_dataset,
    defined_ids,
    parse_rows,
    tree_parent_ids,
)

LOAD_WAIT_S = 600.0  # how long a load waits for another one to finish, by default


class Stage(StrEnum):
    VALIDATE = "validate"
    WRITE = "write"


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


@dataclass
class LoadPackage:
    """A dataset read and validated once, ready to be written as is."""

    report: LoadReport
    batch: GraphBatch
    encoding: str | None = None
    store_mark: tuple[int, int] | None = None  # the history when it was validated

    @property
    def ok(self) -> bool:
        return self.report.ok


def _referenced_ids(ds: Dataset) -> set[str]:
    ids: set[str] = set()
    for table in TABLES:
        for column in table.columns:
            if column.kind is Kind.REF or column.name == "plan_id":
                ids.update(
                    str(r.get(column.name))
                    for r in ds.rows.get(table.name, [])
                    if r.get(column.name)
                )
    return ids


def _hashes(files: list[Path]) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def validate(
    path: Path,
    store: GraphStore | None = None,
    *,
    encoding: str | None = None,
    progress: LoadProgress | None = None,
) -> LoadPackage:
    """Read and validate ``path`` once; references may also name ids already in ``store``.
    The package holds the report, the batch built from it (empty if there are errors) and
    the file hashes; ``apply_package`` writes it as is.

    ``encoding``: of the text files; None detects it (UTF-8, else GB18030, with a warning).
    """
    if progress is not None:
        progress(Stage.VALIDATE, 0, 1)
    mark = history_mark() if store is not None and store.lock_home is not None else None
    raw = read_path(path, encoding)
    ds = parse_rows(raw)
    known: dict[str, frozenset[str]] = {}
    stored_parents: dict[str, dict[str, str]] = {}
    if store is not None:
        # Every id the dataset defines too: an id keeps its kind across loads.
        known = store.labels_of(_referenced_ids(ds) | defined_ids(ds))
        for tree, parents in tree_parent_ids(ds).items():
            links = store.tree_links(TREES[tree][0], parents) if parents else set()
            stored_parents[tree] = dict(links)
    check_dataset(ds, known, stored_parents)
    report = LoadReport(
        str(path), count_rows(ds), sorted(ds.problems, key=_order), files=_hashes(raw.files)
    )
    batch = build_batch(ds) if report.ok else GraphBatch([], [], [])
    if progress is not None:
        progress(Stage.VALIDATE, 1, 1)
    return LoadPackage(report, batch, encoding=encoding, store_mark=mark)


def validate_path(
    path: Path, store: GraphStore | None = None, *, encoding: str | None = None
) -> tuple[LoadReport, GraphBatch]:
    """``validate``, as (report, batch)."""
    package = validate(path, store, encoding=encoding)
    return package.report, package.batch


def _order(p: Problem) -> tuple[str, int, int]:
    return (p.file, p.line, 0 if p.severity is Severity.ERROR else 1)


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
        package.report.applied = store.apply(package.batch, _writing(progress))
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
        package.report.applied = store.apply(package.batch, _writing(progress))
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
            package.report.applied = store.apply(package.batch, _writing(progress))
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
