"""Uploaded files: kept in a private folder, validated once, then loaded on request.

The folder lives as long as the upload can still be loaded: a rejected or unreadable upload
has its folder removed at once, a loaded one once it is written, and a pending one when
its ``Validation`` is dropped (another upload, the session's end)."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd

from app_support import i18n
from graph_model.store import GraphStore, StoreUnavailable
from loaders import LoadReport, Severity, UnreadableInput, wording
from loaders.load import LoadPackage, LoadProgress, apply_package
from loaders.load import validate as validate_dataset

# A page waits this long for a load from elsewhere (the command line, another session) to
# finish before it says so; the command line waits longer (``accgraph load --wait``).
APP_LOAD_WAIT_S = 120.0

UPLOAD_PREFIX = "accgraph-upload-"
TABLE_SUFFIXES = (".csv",)
SINGLE_SUFFIXES = (".xlsx", ".json", ".yaml", ".yml")


class Uploaded(Protocol):
    name: str

    def getvalue(self) -> bytes: ...


@dataclass
class Validation:
    digest: str
    path: Path
    package: LoadPackage | None
    error: str | None = None  # the upload could not be read at all

    def __post_init__(self) -> None:
        # the folder goes when this object does, whatever happens to the session
        self._cleanup = weakref.finalize(self, _remove_upload, self.path)

    @property
    def report(self) -> LoadReport | None:
        return None if self.package is None else self.package.report

    @property
    def loaded(self) -> bool:
        return self.report is not None and self.report.applied is not None

    @property
    def loadable(self) -> bool:
        return self.package is not None and self.package.ok and not self.loaded

    def discard(self) -> None:
        """Remove the uploaded files (the package keeps what it read)."""
        self._cleanup()


def _remove_upload(path: Path) -> None:
    """The fresh folder ``save`` made (the path is the folder or the one file in it)."""
    folder = path if path.is_dir() else path.parent
    if folder.name.startswith(UPLOAD_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)


def digest(files: Sequence[Uploaded]) -> str:
    h = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.name):
        h.update(f.name.encode("utf-8", "replace") + b"\0" + f.getvalue() + b"\0")
    return h.hexdigest()


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name  # no folders, no ../
    return base if base and base not in (".", "..") else "upload"


def save(files: Sequence[Uploaded], root: Path | None = None) -> Path:
    """Write the uploads to a fresh folder; return the folder (CSV files) or the one file."""
    folder = Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX, dir=root))
    written = []
    for f in files:
        target = folder / _safe_name(f.name)
        target.write_bytes(f.getvalue())
        written.append(target)
    if len(written) == 1 and written[0].suffix.lower() in SINGLE_SUFFIXES:
        return written[0]
    return folder


def kind_problem(files: Sequence[Uploaded], language: str | None = None) -> str | None:
    """Why this set of files can't be read as one dataset, or None."""
    suffixes = [Path(f.name).suffix.lower() for f in files]
    if all(s in TABLE_SUFFIXES for s in suffixes):
        return None
    if len(files) == 1 and suffixes[0] in SINGLE_SUFFIXES:
        return None
    return i18n.t("dt_mixed", language)


def validate(files: Sequence[Uploaded], store: GraphStore, root: Path | None = None) -> Validation:
    """Save and validate the upload once; its folder is removed at once if it cannot load."""
    key = digest(files)
    path = save(files, root)
    try:
        checked = Validation(key, path, validate_dataset(path, store))
    except UnreadableInput as exc:
        checked = Validation(key, path, None, str(exc))
    if not checked.loadable:
        checked.discard()
    return checked


def load(
    checked: Validation,
    store: GraphStore,
    *,
    wait_s: float = APP_LOAD_WAIT_S,
    on_wait: Callable[[str], None] | None = None,
    progress: LoadProgress | None = None,
) -> LoadReport:
    """Write the validated upload as it is (``apply_package``: under the load lock, checked
    again only if another load came in since, recorded in the history), then remove its
    files. A second call for the same upload writes nothing.

    Raises ``InvalidDataset`` (the store changed meanwhile and the upload no longer fits),
    ``LoadBusy`` (another load ran longer than ``wait_s``) or ``StoreUnavailable``."""
    if checked.package is None or checked.loaded:
        raise StoreUnavailable("this upload was loaded already; nothing more was written")
    report = apply_package(
        checked.package, store, wait_s=wait_s, on_wait=on_wait, progress=progress
    )  # on failure the files stay, for another try
    checked.package.report = report  # validated again if another load came in between
    checked.discard()
    return report


def problems_frame(report: LoadReport, language: str | None = None) -> pd.DataFrame:
    t = lambda k: i18n.t(k, language)  # noqa: E731
    columns = {
        "severity": t("dt_severity"),
        "file": t("dt_file"),
        "line": t("dt_line"),
        "column": t("dt_column"),
        "message": t("dt_message"),
    }
    rows = [
        {columns[k]: v for k, v in row.items() if k in columns}
        for row in report.problem_rows(language)
    ]
    return pd.DataFrame(rows, columns=list(columns.values()))


def error_word(language: str | None = None) -> str:
    """How an error's severity reads in the table (to colour its row)."""
    return wording.severity(Severity.ERROR, language)


def history_frame(history: list[dict], language: str | None = None) -> pd.DataFrame:
    t = lambda k: i18n.t(k, language)  # noqa: E731
    rows = []
    for h in history:
        applied = h.get("applied") or {}
        rows.append(
            {
                t("dt_when"): h.get("at"),
                t("dt_files"): "\n".join(
                    f"{name}  {sha[:12]}…" for name, sha in sorted((h.get("files") or {}).items())
                ),
                t("dt_rows"): sum((h.get("rows") or {}).values()),
                t("dt_added"): applied.get("nodes_created", 0) + applied.get("rels_created", 0),
                t("dt_changed"): applied.get("nodes_changed", 0)
                + applied.get("rels_changed", 0)
                + applied.get("rels_removed", 0),
                t("dt_warnings"): h.get("warnings", 0),
                t("dt_target"): f"{h.get('backend')}: {h.get('target')}",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            t("dt_when"),
            t("dt_files"),
            t("dt_rows"),
            t("dt_added"),
            t("dt_changed"),
            t("dt_warnings"),
            t("dt_target"),
        ],
    )
