"""Doctests run against the sample dataset, loaded into an embedded store named ``store``."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_model.store import MemoryStore
from loaders import load_path

SAMPLE = Path(__file__).resolve().parent / "data" / "sample"


@pytest.fixture(scope="session")
def sample_store() -> MemoryStore:
    store = MemoryStore()
    load_path(SAMPLE, store)
    return store


@pytest.fixture(autouse=True)
def _doctest_store(doctest_namespace: dict[str, object], sample_store: MemoryStore) -> None:
    doctest_namespace["store"] = sample_store
