"""Which store the app reads, opened once per process (``st.cache_resource``).

The embedded store (a file under ``ACCGRAPH_HOME``) is the default. Neo4j is used when
``NEO4J_URI`` is set in the environment, or when ``.streamlit/secrets.toml`` has a ``[neo4j]``
section (``uri``, ``user``, ``password``, ``database``) or root-level ``NEO4J_*`` keys. A
missing secrets file is not an error.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from app_support.frozen import built_whole
from graph_model.store import GraphStore
from graph_model.store.config import Neo4jSettings, StoreConfig, open_store_from


def _secrets() -> dict[str, Any]:
    """The secrets as a plain dict; {} when there is no secrets file or it can't be read."""
    try:
        return {k: st.secrets[k] for k in st.secrets}
    except Exception:  # no secrets.toml: StreamlitSecretNotFoundError, FileNotFoundError...
        return {}


def _from_secrets(secrets: dict[str, Any]) -> Neo4jSettings | None:
    section = secrets.get("neo4j")
    if hasattr(section, "get"):
        uri = section.get("uri")
        if uri:
            return Neo4jSettings(
                uri=str(uri),
                user=section.get("user") or section.get("username"),
                password=section.get("password"),
                database=section.get("database") or "neo4j",
            )
    uri = secrets.get("NEO4J_URI")
    if uri:
        return Neo4jSettings(
            uri=str(uri),
            user=secrets.get("NEO4J_USER") or secrets.get("NEO4J_USERNAME"),
            password=secrets.get("NEO4J_PASSWORD"),
            database=secrets.get("NEO4J_DATABASE") or "neo4j",
        )
    return None


def resolve_config() -> StoreConfig:
    """Environment first, then secrets, else the embedded store."""
    settings = Neo4jSettings.from_env() or _from_secrets(_secrets())
    if settings is not None:
        return StoreConfig.of_neo4j(settings)
    return StoreConfig.embedded()


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


@st.cache_resource(show_spinner=False, max_entries=4)
@built_whole  # the graph is most of the heap: kept out of every later collection
def _memory_store(path: str, mtime_ns: int) -> GraphStore:
    # keyed by the file's mtime: a load from elsewhere (the CLI) gives a fresh read
    return open_store_from(StoreConfig("memory", path))


def _close(store: Any) -> None:
    store.close()


@st.cache_resource(show_spinner=False, max_entries=2, on_release=_close)
def _neo4j_store(uri: str, user: str | None, database: str, _password: str | None) -> GraphStore:
    settings = Neo4jSettings(uri=uri, user=user, password=_password, database=database)
    return open_store_from(StoreConfig.of_neo4j(settings))


@st.cache_resource(show_spinner=False)
def _versions() -> dict[str, int]:
    """How many times the app itself wrote to each Neo4j store (part of every cache key)."""
    return {}


def get_store(config: StoreConfig | None = None) -> GraphStore:
    """The store, opened once; raises ``StoreUnavailable`` with where and why."""
    config = config or resolve_config()
    if config.backend == "memory":
        return _memory_store(config.location, _mtime(config.location))
    settings = config.neo4j
    assert settings is not None
    return _neo4j_store(settings.uri, settings.user, settings.database, settings.password)


def token(config: StoreConfig | None = None) -> str:
    """Identifies the data the store holds now; part of the key of every cached query."""
    config = config or resolve_config()
    if config.backend == "memory":
        return f"memory:{config.location}:{_mtime(config.location)}"
    return f"neo4j:{config.location}:{_versions().get(config.location, 0)}"


def after_write(config: StoreConfig | None = None) -> None:
    """Forget every cached answer after the app wrote to the store."""
    config = config or resolve_config()
    versions = _versions()
    versions[config.location] = versions.get(config.location, 0) + 1
    st.cache_data.clear()
