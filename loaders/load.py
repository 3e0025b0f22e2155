"""Read, validate, build, apply: the whole load, with a report of what happened."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph_model.schema import GraphBatch
from graph_model.store.base import ApplyResult, GraphStore
from graph_model.store.load_lock import LoadLock
from loaders.build import build_batch, count_rows
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


def validate_path(
    path: Path, store: GraphStore | None = None, *, encoding: str | None = None
) -> tuple[LoadReport, GraphBatch]:
    """Read and validate ``path``; references may also name ids already in ``store``.

    ``encoding``: of the text files; None detects it (UTF-8, else GB18030, with a warning).
    """
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
    return report, batch


def _order(p: Problem) -> tuple[str, int, int]:
    return (p.file, p.line, 0 if p.severity is Severity.ERROR else 1)


def load_path(
    path: Path, store: GraphStore, *, dry_run: bool = False, encoding: str | None = None
) -> LoadReport:
    """Load a dataset into ``store``. Any error: raise ``InvalidDataset``, write nothing."""
    report, batch = validate_path(path, store, encoding=encoding)
    if not report.ok:
        raise InvalidDataset(report.problems)
    if not dry_run:
        report.applied = store.apply(batch)
    return report


def load_under_lock(
    path: Path,
    store: GraphStore,
    *,
    dry_run: bool = False,
    wait_s: float = LOAD_WAIT_S,
    on_wait: Callable[[str], None] | None = None,
    encoding: str | None = None,
) -> LoadReport:
    """A load as the command line and the app run it: one at a time per data folder.

    Under the load lock (see ``graph_model.store.load_lock``): catch up with what other
    processes stored, validate against that, apply, and record the load in the history, so
    that no load is lost and the history says what happened in the order it happened. Waits
    up to ``wait_s`` for a running load (``on_wait`` is told who runs it), then raises
    ``LoadBusy``. A dry run, or a load into a store private to this process, takes no lock
    and leaves no history.
    """
    from loaders.history import open_history  # the history module types with LoadReport

    if dry_run or store.lock_home is None:  # nothing written, or to a store of this process
        return load_path(path, store, dry_run=dry_run, encoding=encoding)
    with LoadLock(store.lock_home).held(str(path), timeout_s=wait_s, on_wait=on_wait):
        store.refresh()
        report, batch = validate_path(path, store, encoding=encoding)
        if not report.ok:
            raise InvalidDataset(report.problems)
        with open_history() as history:  # an unwritable history stops the load before it writes
            report.applied = store.apply(batch)
            history.append(report, store.backend, store.location)
    return report
