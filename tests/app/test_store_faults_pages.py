"""Store faults as the app shows them: a short error with the reason, never an exception box;
a restored backup and a damaged load history said in words."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graph_model.store import MemoryStore
from loaders import load_path
from tests.app.conftest import open_page, texts
from tests.conftest import DATA, neo4j_uri
from tests.test_store_faults import BAD_LINES, GOOD_ENTRY

PAGES = ("overview", "hazard", "portfolio", "gaps", "explore", "data")


def home() -> Path:
    path = Path(os.environ["ACCGRAPH_HOME"])  # private to each test (tests/conftest.py)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.usefixtures("_private_home")
def test_every_page_says_why_without_a_traceback(page: str) -> None:
    (home() / "graph.json").write_bytes(b'{"format": 1}')
    at = open_page(page)
    assert not at.exception
    banner = at.error[0].value.replace("\\", "")
    assert "is unreadable (not a store file: 'nodes' and 'edges' must be lists)" in banner
    assert "ACCGRAPH_HOME" in banner  # the hint of the embedded store, not Neo4j's


@pytest.mark.usefixtures("_private_home")
def test_a_page_tells_that_the_backup_was_restored(tmp_path: Path) -> None:
    store = MemoryStore(home() / "graph.json")
    load_path(DATA / "tiny", store)
    (tmp_path / "persons.csv").write_text("id,name\nP-9,New Director\n", encoding="utf-8")
    load_path(tmp_path, store)  # graph.json.bak: the tiny dataset
    (home() / "graph.json").write_bytes(b"\xff\xfe")
    at = open_page("data")
    assert not at.exception
    shown = texts(at).replace("\\", "")
    assert "graph.json was unreadable (not UTF-8 at byte 0); restored the previous version" in (
        shown
    )
    labels = next(d.value for d in at.dataframe if "label" in d.value)
    assert dict(zip(labels["label"], labels["Count"], strict=True))["Person"] == 4


def test_the_data_page_shows_a_damaged_history(sample_home: Path) -> None:
    good = json.dumps(GOOD_ENTRY).encode()
    (sample_home / "load-history.jsonl").write_bytes(b"\n".join([good, *BAD_LINES, good]))
    at = open_page("data")
    assert not at.exception
    assert f"**{len(BAD_LINES)}** lines of the load history could not be read" in texts(at)
    assert len(at.dataframe[0].value) == 2


@pytest.mark.neo4j
@pytest.mark.usefixtures("neo4j_store", "_private_home")
def test_a_missing_database_is_a_banner(monkeypatch: pytest.MonkeyPatch) -> None:
    uri = neo4j_uri()
    assert uri
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_DATABASE", "nope")
    at = open_page("overview")
    assert not at.exception
    assert "has no database 'nope'" in at.error[0].value.replace("\\", "")
