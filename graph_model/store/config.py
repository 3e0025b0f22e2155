"""Which store to open, said once: a ``StoreConfig`` (the embedded file or Neo4j settings),
opened by ``open_store_from``. The app and the CLI know only this and ``GraphStore``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph_model.store.base import GraphStore, StoreUnavailable
from graph_model.store.memory_file import default_home
from graph_model.store.neo4j_settings import Neo4jSettings


@dataclass(frozen=True)
class StoreConfig:
    backend: str  # memory or neo4j
    location: str  # the store file, or the Neo4j URI
    neo4j: Neo4jSettings | None = None

    @classmethod
    def embedded(cls, path: Path | None = None) -> StoreConfig:
        return cls("memory", str(path or default_home() / "graph.json"))

    @classmethod
    def of_neo4j(cls, settings: Neo4jSettings) -> StoreConfig:
        return cls("neo4j", settings.uri, settings)


def open_store_from(config: StoreConfig) -> GraphStore:
    """The store ``config`` names; ``StoreUnavailable`` says where and why it can't be."""
    # each store's code (networkx, the driver) is loaded only when that store is opened
    if config.backend == "memory":
        from graph_model.store.memory import MemoryStore

        return MemoryStore(Path(config.location))
    if config.backend == "neo4j" and config.neo4j is not None:
        from graph_model.store.neo4j_store import Neo4jStore

        try:
            return Neo4jStore(config.neo4j)
        except StoreUnavailable:
            raise
        except Exception as exc:  # e.g. a Neo4jError while the driver starts
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreUnavailable(f"Neo4j unusable at {config.location}: {reason}") from exc
    raise StoreUnavailable(f"no store configured for backend {config.backend!r}")


def store_errors() -> tuple[type[Exception], ...]:
    """What a read may raise when the store goes away under it (Neo4j's driver errors too),
    for callers that say so in one line instead of a traceback."""
    from neo4j.exceptions import DriverError, Neo4jError

    return (StoreUnavailable, DriverError, Neo4jError)


__all__ = ["Neo4jSettings", "StoreConfig", "open_store_from", "store_errors"]
