"""The load history: when, which files (with their hashes), what was added and changed.

Kept as JSON lines under the data directory (``ACCGRAPH_HOME``) for both stores, one record
per load, with the store it went to.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from graph_model.store import default_home
from loaders.load import LoadReport


def history_path() -> Path:
    return default_home() / "load-history.jsonl"


def record_load(report: LoadReport, backend: str, target: str) -> None:
    """Append one record for a load that wrote to a store."""
    if report.applied is None:
        return
    entry = {
        "at": report.at,
        "path": report.path,
        "backend": backend,
        "target": target,
        "files": report.files,
        "rows": report.rows,
        "applied": asdict(report.applied),
        "warnings": len(report.warnings),
    }
    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def read_history() -> list[dict[str, Any]]:
    """Every recorded load, newest first."""
    path = history_path()
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in reversed(lines) if line.strip()]
