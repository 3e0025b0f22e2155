"""Uploaded files: kept in a private folder, validated, then loaded on request."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd

from app_support import i18n
from graph_model.schema import GraphBatch
from graph_model.store import GraphStore
from loaders import LoadReport, UnreadableInput, load_under_lock, validate_path

# A page waits this long for a load from elsewhere (the command line, another session) to
# finish before it says so; the command line waits longer (``accgraph load --wait``).
APP_LOAD_WAIT_S = 120.0

TABLE_SUFFIXES = (".csv",)
SINGLE_SUFFIXES = (".xlsx", ".json", ".yaml", ".yml")


class Uploaded(Protocol):
    name: str

    def getvalue(self) -> bytes: ...


@dataclass
class Validation:
    digest: str
    path: Path
    report: LoadReport | None
    batch: GraphBatch | None
    error: str | None = None  # the upload could not be read at all


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
    folder = Path(tempfile.mkdtemp(prefix="accgraph-upload-", dir=root))
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
    key = digest(files)
    path = save(files, root)
    try:
        report, batch = validate_path(path, store)
    except UnreadableInput as exc:
        return Validation(key, path, None, None, str(exc))
    return Validation(key, path, report, batch)


def load(
    checked: Validation,
    store: GraphStore,
    *,
    wait_s: float = APP_LOAD_WAIT_S,
    on_wait: Callable[[str], None] | None = None,
) -> LoadReport:
    """Load a validated upload the way the command line loads: under the load lock,
    validated again against what the store holds by then, recorded in the history.

    Raises ``InvalidDataset`` (the store changed meanwhile and the upload no longer fits),
    ``LoadBusy`` (another load ran longer than ``wait_s``) or ``StoreUnavailable``."""
    return load_under_lock(checked.path, store, wait_s=wait_s, on_wait=on_wait)


def problems_frame(report: LoadReport, language: str | None = None) -> pd.DataFrame:
    t = lambda k: i18n.t(k, language)  # noqa: E731
    return pd.DataFrame(
        [
            {
                t("dt_severity"): str(p.severity),
                t("dt_file"): p.file,
                t("dt_line"): p.line,
                t("dt_column"): p.column,
                t("dt_message"): p.message,
            }
            for p in report.problems
        ],
        columns=[t("dt_severity"), t("dt_file"), t("dt_line"), t("dt_column"), t("dt_message")],
    )


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
