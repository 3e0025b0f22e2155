"""The load history: when, which files (with their hashes), what was added and changed.

Kept as JSON lines under the data directory (``ACCGRAPH_HOME``) for both stores, one record
per load, with the store it went to. It is written under the load lock, by the load itself;
reading it skips (and counts) lines that are not a load record, so a damaged file never stops
anyone from seeing the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from graph_model.store import StoreUnavailable, default_home

if TYPE_CHECKING:
    from loaders.load import LoadReport


def history_path() -> Path:
    return default_home() / "load-history.jsonl"


def history_mark() -> tuple[int, int]:
    """Changes whenever a load is recorded: a package validated under one mark may no
    longer fit the store under another."""
    try:
        info = history_path().stat()
    except OSError:
        return (0, 0)
    return (info.st_size, info.st_mtime_ns)


@dataclass
class History:
    """The records that could be read (newest first), and how many lines could not."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0
    problem: str | None = None  # the file itself could not be read


def _entry(report: LoadReport, backend: str, target: str) -> dict[str, Any]:
    assert report.applied is not None
    return {
        "at": report.at,
        "path": report.path,
        "backend": backend,
        "target": target,
        "files": report.files,
        "rows": report.rows,
        "applied": asdict(report.applied),
        "warnings": len(report.warnings),
    }


class HistoryWriter:
    """The history file, opened for appending before a load writes anything."""

    def __init__(self, fh: IO[str], path: Path):
        self._fh, self.path = fh, path

    def append(self, report: LoadReport, backend: str, target: str) -> None:
        if report.applied is None:
            return
        line = json.dumps(_entry(report, backend, target), ensure_ascii=False) + "\n"
        try:
            self._fh.write(line)
            self._fh.flush()
        except OSError as exc:
            a = report.applied
            raise StoreUnavailable(
                f"the load was applied to {target} (nodes {a.nodes_created} created, "
                f"{a.nodes_changed} changed), but it could not be recorded in {self.path}: "
                f"{exc.strerror or exc}"
            ) from exc


@contextmanager
def open_history() -> Iterator[HistoryWriter]:
    """Open the history for appending; an unwritable folder fails here, before the load."""
    path = history_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = path.open("a", encoding="utf-8")
    except OSError as exc:
        raise StoreUnavailable(
            f"cannot write the load history {path}: {exc.strerror or exc}; nothing was loaded"
        ) from exc
    try:
        yield HistoryWriter(fh, path)
    finally:
        with suppress(OSError):  # a failed flush was reported by append already
            fh.close()


def record_load(report: LoadReport, backend: str, target: str) -> None:
    """Append one record for a load that wrote to a store."""
    if report.applied is None:
        return
    with open_history() as history:
        history.append(report, backend, target)


def _is_record(value: Any) -> bool:
    def counts(v: Any) -> bool:
        return isinstance(v, dict) and all(
            isinstance(k, str) and isinstance(n, int) and not isinstance(n, bool)
            for k, n in v.items()
        )

    return (
        isinstance(value, dict)
        and isinstance(value.get("at"), str)
        and isinstance(value.get("files"), dict)
        and all(isinstance(k, str) and isinstance(h, str) for k, h in value["files"].items())
        and counts(value.get("rows"))
        and counts(value.get("applied"))
        and isinstance(value.get("warnings", 0), int)
    )


def load_history() -> History:
    """Every recorded load, newest first; lines that are not a record are counted, not read."""
    path = history_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return History()
    except OSError as exc:
        if isinstance(exc, NotADirectoryError):
            return History()
        return History(problem=f"cannot read {path}: {exc.strerror or exc}")
    history = History()
    for raw in reversed(data.splitlines()):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            value = None
        if _is_record(value):
            history.entries.append(value)
        else:
            history.skipped += 1
    return history


def read_history() -> list[dict[str, Any]]:
    """Every recorded load, newest first (damaged lines left out)."""
    return load_history().entries
