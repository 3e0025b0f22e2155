"""Which data an answer came from: the fingerprint of the loads recorded for a store.

A load's fingerprint is the SHA-256 of its files' own SHA-256 hashes (sorted, so that file
names and order do not matter): the same files give the same fingerprint wherever they are
loaded from. A store's origin is read from the load history (``loaders.history``): the
distinct datasets recorded for that store, oldest first. Loading the same files again does
not change it, as it does not change the store. A dataset is the bundled sample when its
files are, byte for byte, the files of ``data/sample``: answers from it are illustrative.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graph_model.store import GraphStore
from loaders.history import load_history
from loaders.load import LoadReport

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"


def load_fingerprint(files: Mapping[str, str]) -> str:
    """SHA-256 over the sorted SHA-256 hashes of a load's files."""
    digest = hashlib.sha256()
    for file_hash in sorted(files.values()):
        digest.update(file_hash.encode("ascii", "replace") + b"\n")
    return digest.hexdigest()


@cache
def sample_fingerprint() -> str | None:
    """The fingerprint of the bundled sample (None when it is not on this machine)."""
    try:
        files = sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix.lower() == ".csv")
        hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    except OSError:
        return None
    return load_fingerprint(hashes) if hashes else None


@dataclass(frozen=True)
class LoadedDataset:
    """One dataset loaded into the store: its fingerprint, where and when it was loaded last."""

    fingerprint: str
    path: str
    at: str
    sample: bool


@dataclass(frozen=True)
class DatasetOrigin:
    """The datasets recorded for a store, oldest first; empty when no load was recorded."""

    datasets: tuple[LoadedDataset, ...] = ()

    @property
    def fingerprint(self) -> str | None:
        """One dataset: its fingerprint; several: SHA-256 over theirs in load order."""
        if not self.datasets:
            return None
        if len(self.datasets) == 1:
            return self.datasets[0].fingerprint
        joined = "\n".join(d.fingerprint for d in self.datasets)
        return hashlib.sha256(joined.encode("ascii")).hexdigest()

    @property
    def illustrative(self) -> bool:
        """Whether any of the data is the bundled sample (fictional in part)."""
        return any(d.sample for d in self.datasets)


def _dataset(files: Mapping[str, str], path: str, at: str) -> LoadedDataset:
    fingerprint = load_fingerprint(files)
    return LoadedDataset(fingerprint, path, at, fingerprint == sample_fingerprint())


def origin_of_report(report: LoadReport) -> DatasetOrigin:
    """The origin of a store filled by this one load (``accgraph --data``)."""
    return DatasetOrigin((_dataset(report.files, report.path, report.at),))


def _same_target(entry: Mapping[str, Any], store: GraphStore) -> bool:
    if entry.get("backend") != store.backend:
        return False
    target = str(entry.get("target") or "")
    if store.backend == "memory":
        try:
            return Path(target).resolve() == Path(store.location).resolve()
        except (OSError, ValueError):
            return False
    return target == store.location


def origin_from_entries(entries: Iterable[Mapping[str, Any]], store: GraphStore) -> DatasetOrigin:
    """The distinct datasets of the history ``entries`` (newest first) that went to ``store``."""
    latest: dict[str, LoadedDataset] = {}
    for entry in entries:
        if not _same_target(entry, store):
            continue
        loaded = _dataset(entry["files"], str(entry.get("path") or ""), str(entry["at"]))
        latest.setdefault(loaded.fingerprint, loaded)  # newest first: keep the last load
    # in the order of their last loads, oldest first (times have seconds only: use the order)
    return DatasetOrigin(tuple(reversed(latest.values())))


def origin_of(store: GraphStore) -> DatasetOrigin:
    """The origin of ``store`` according to the load history of this data folder."""
    return origin_from_entries(load_history().entries, store)
