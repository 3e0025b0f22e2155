"""Fixtures shared by all tests: the two stores, and the paths of the test datasets."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.chromium import CHROMIUM
from graph_model.store import GraphStore, MemoryStore
from graph_model.store.neo4j_store import Neo4jSettings, Neo4jStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
DATA = Path(__file__).resolve().parent / "data"

_neo4j: Neo4jStore | None = None


def neo4j_uri() -> str | None:
    return os.environ.get("ACCGRAPH_TEST_NEO4J_URI")


def _shared_neo4j() -> Neo4jStore:
    """One driver for the whole run; a missing Neo4j skips locally and fails under CI."""
    global _neo4j
    uri = neo4j_uri()
    if not uri:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but ACCGRAPH_TEST_NEO4J_URI is not set: Neo4j is required")
        pytest.skip("no local Neo4j (run the tests through scripts/test)")
    if _neo4j is None:
        _neo4j = Neo4jStore(Neo4jSettings(uri=uri))
    return _neo4j


def require_chromium() -> None:
    """Debian's Chromium at ``CHROMIUM``: a missing browser skips locally and fails under CI."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _neo4j is not None:
        _neo4j.close()


@pytest.fixture(autouse=True)
def _private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test's embedded store and load history out of the user's data directory."""
    monkeypatch.setenv("ACCGRAPH_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.delenv("NEO4J_URI", raising=False)


@pytest.fixture(params=["memory", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each kind: every store test runs on both."""
    if request.param == "memory":
        yield MemoryStore(tmp_path / "graph.json")
        return
    neo = _shared_neo4j()
    neo.clear()
    yield neo
    neo.clear()


@pytest.fixture
def neo4j_store() -> Iterator[Neo4jStore]:
    neo = _shared_neo4j()
    neo.clear()
    yield neo
    neo.clear()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how much the parity suite compared, so a CI log shows it."""
    import sys

    parity = sys.modules.get("tests.test_parity")
    run = getattr(parity, "_run", None)
    if run and run.get("chains"):
        terminalreporter.write_line(
            f"parity: {run['chains']} chains and {run.get('facts', 0)} fact sets on "
            f"{len(run['seeds'])} generated datasets identical on the embedded store and Neo4j"
        )
