"""``accgraph stats`` on the embedded store reads the summary written beside the file, not
the graph, and only while the summary is of that very version of the file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from accgraph.cli import main
from graph_model.store import MemoryStore
from graph_model.store import memory as memory_module
from graph_model.store.memory import stored_stats, summary_path
from loaders import load_path
from tests.conftest import SAMPLE


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ACCGRAPH_HOME", str(tmp_path))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    load_path(SAMPLE, MemoryStore(tmp_path / "graph.json"))
    return tmp_path


def _stats_json(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, int]]:
    assert main(["--backend", "memory", "stats", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_stats_come_from_the_summary_without_reading_the_graph(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = MemoryStore(home / "graph.json").stats().as_dict()

    def no_read(path: Path) -> None:
        raise AssertionError(f"stats read the graph file {path}")

    monkeypatch.setattr(memory_module, "read_graph", no_read)
    assert _stats_json(capsys) == expected
    assert expected["nodes"]["Hazard"] > 0


def test_a_summary_of_another_version_of_the_file_is_ignored(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "graph.json"
    expected = MemoryStore(path).stats().as_dict()
    summary = json.loads(summary_path(path).read_text(encoding="utf-8"))
    summary["nodes"]["Hazard"] = 999_999  # what a summary of another version would say
    summary_path(path).write_text(json.dumps(summary), encoding="utf-8")
    assert stored_stats(path) is not None  # same version: trusted as it is
    assert _stats_json(capsys)["nodes"]["Hazard"] == 999_999
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # the file changed
    assert stored_stats(path) is None
    assert _stats_json(capsys) == expected


@pytest.mark.parametrize(
    "text", ["", "not json", "[]", '{"signature": 1}', '{"signature": [], "nodes": {"a": "x"}}']
)
def test_an_unreadable_summary_falls_back_to_the_file(
    home: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    expected = MemoryStore(home / "graph.json").stats().as_dict()
    summary_path(home / "graph.json").write_text(text, encoding="utf-8")
    assert _stats_json(capsys) == expected
