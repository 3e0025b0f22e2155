"""Stores behind one interface: ``MemoryStore`` (networkx, the default) and ``Neo4jStore``.

Importing this package loads neither networkx nor the Neo4j driver: ``MemoryStore`` is
imported on first use (``accgraph stats`` answers from the summary beside the file without
it), the driver only when a Neo4j store is opened."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph_model.store.base import (
    ApplyResult,
    GraphStore,
    LoadBusy,
    ReadOnlyViolation,
    Stats,
    StoreUnavailable,
)
from graph_model.store.memory_file import default_home
from graph_model.store.neo4j_settings import Neo4jSettings

if TYPE_CHECKING:
    from graph_model.store.memory import MemoryStore

BACKENDS = ("memory", "neo4j")


def default_backend() -> str:
    """``neo4j`` when ``NEO4J_URI`` is set, else ``memory``."""
    return "neo4j" if Neo4jSettings.from_env() else "memory"


def open_store(backend: str | None = None, path: Path | None = None) -> GraphStore:
    """Open the store of ``backend`` (default: see ``default_backend``).

    For ``memory``, ``path`` is the store file (default under ``ACCGRAPH_HOME``); Neo4j's
    settings come from ``NEO4J_*`` (see ``Neo4jSettings.from_env``). The opening itself is
    ``config.open_store_from``, the same for the CLI and the app.
    """
    from graph_model.store.config import StoreConfig, open_store_from

    backend = backend or default_backend()
    if backend == "memory":
        return open_store_from(StoreConfig.embedded(path))
    if backend == "neo4j":
        settings = Neo4jSettings.from_env()
        if settings is None:
            raise StoreUnavailable("the neo4j backend needs NEO4J_URI (e.g. bolt://127.0.0.1:7687)")
        return open_store_from(StoreConfig.of_neo4j(settings))
    raise StoreUnavailable(f"unknown backend {backend!r} (expected one of {', '.join(BACKENDS)})")


def __getattr__(name: str) -> Any:
    if name == "MemoryStore":  # networkx and the graph code, loaded when first asked for
        from graph_model.store.memory import MemoryStore

        return MemoryStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BACKENDS",
    "ApplyResult",
    "GraphStore",
    "LoadBusy",
    "MemoryStore",
    "ReadOnlyViolation",
    "Stats",
    "StoreUnavailable",
    "default_backend",
    "default_home",
    "open_store",
]
