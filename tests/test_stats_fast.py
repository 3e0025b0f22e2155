"""``accgraph stats`` on the embedded store is cheap to start: it answers from the summary
beside the store file and imports neither networkx, nor the Neo4j driver, nor the loaders, nor
the document rules; the other commands load only what they use. The answer is the one the
fully opened store gives, on both stores, and a file without a summary (written before there
was one) still gives it. Nothing here is timed: the imports are what is checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accgraph import documents_cli
from accgraph.cli import main
from graph_model.store import GraphStore, MemoryStore
from graph_model.store.memory_file import stored_stats, summary_path
from graph_model.store.neo4j_store import Neo4jStore
from loaders import load_path
from synth import write_province
from tests.conftest import ROOT, SAMPLE
from tests.test_memory_format import _format_1

# what the stats path must not load: the graph library, the driver, the loaders, the rules
HEAVY = ("networkx", "neo4j", "loaders", "extraction", "extraction.rules_zh", "jieba", "cn2an")

# runs the CLI's main in a fresh interpreter, then lists every module it imported
CHILD = """
import json, sys
from accgraph.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --help
    code = exc.code
sys.stdout.flush()
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def run_cli(home: Path, *args: str) -> tuple[int, str, list[str]]:
    """Exit code, output and the heavy modules loaded, of ``accgraph ARGS`` in a child."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["ACCGRAPH_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.stderr == "", done.stderr
    out, _, last = done.stdout.rstrip("\n").rpartition("\n")
    child = json.loads(last)
    return child["code"], out, [m for m in HEAVY if m in child["modules"]]


@pytest.fixture(scope="module")
def synth_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "province"
    write_province(folder, 8, seed=3)
    return folder


@pytest.fixture(params=["sample", "synth"])
def dataset(request: pytest.FixtureRequest, synth_folder: Path) -> Path:
    return SAMPLE if request.param == "sample" else synth_folder


@pytest.fixture
def home(tmp_path: Path, dataset: Path) -> Path:
    """An ``ACCGRAPH_HOME`` whose embedded store holds ``dataset``."""
    load_path(dataset, MemoryStore(tmp_path / "graph.json"))
    return tmp_path


def full_stats(home: Path) -> dict[str, dict[str, int]]:
    """The counts of the store opened in full (the graph read and counted)."""
    return MemoryStore(home / "graph.json").stats().as_dict()


# -- what the stats path imports -------------------------------------------------------------
@pytest.mark.parametrize("backend", [(), ("--backend", "memory")])
def test_stats_imports_no_graph_library_driver_loaders_or_rules(
    home: Path, backend: tuple[str, ...]
) -> None:
    code, out, loaded = run_cli(home, *backend, "stats", "--format", "json")
    assert code == 0
    assert json.loads(out) == full_stats(home)
    assert loaded == []


def test_the_table_output_is_the_fully_opened_store_s(home: Path) -> None:
    _, from_summary, loaded = run_cli(home, "stats")
    assert loaded == []
    summary_path(home / "graph.json").unlink()
    _, from_graph, loaded = run_cli(home, "stats")
    assert "networkx" in loaded  # the full open: the check above can tell
    assert from_summary == from_graph
    assert "  Hazard " in from_summary


def test_stats_of_an_empty_home_read_nothing(tmp_path: Path) -> None:
    """No store file yet: the empty store's counts, without opening it."""
    assert MemoryStore(tmp_path / "graph.json").stats().as_dict() == {
        "nodes": {},
        "relationships": {},
    }
    code, out, loaded = run_cli(tmp_path, "stats", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"nodes": {}, "relationships": {}}
    assert loaded == []
    code, out, loaded = run_cli(tmp_path, "stats")
    assert out == "nodes:\n  (none)\nrelationships:\n  (none)"
    assert loaded == []
    assert not (tmp_path / "graph.json").exists()


def test_help_and_chain_do_not_load_the_document_rules_or_the_driver(home: Path) -> None:
    code, out, loaded = run_cli(home, "--help")
    assert code == 0
    assert "stats" in out
    assert loaded == []
    hazard = next(n for n in MemoryStore(home / "graph.json").ids_with_label("Hazard"))
    code, out, loaded = run_cli(home, "chain", hazard, "--format", "json")
    assert code == 0
    assert json.loads(out)["subject"]["id"] == hazard
    assert "networkx" in loaded  # the graph is read: the embedded store is open
    assert not {"neo4j", "extraction", "extraction.rules_zh", "jieba", "cn2an"} & set(loaded)


def test_the_parser_s_languages_are_the_extractor_s() -> None:
    """Written out in the CLI so that building its parser does not load the rules."""
    from extraction.extract import LANGS

    assert documents_cli.LANGS == LANGS


# -- the summary's answer is the full store's -------------------------------------------------
def test_the_summary_says_what_either_store_counts(
    store: GraphStore, dataset: Path, tmp_path: Path
) -> None:
    """The summary written beside the embedded file, the embedded store opened in full, and
    the same dataset loaded into ``store`` (both kinds) give the same counts."""
    path = tmp_path / "embedded" / "graph.json"
    load_path(dataset, MemoryStore(path))
    load_path(dataset, store)
    summary = stored_stats(path)
    assert summary is not None
    assert summary.as_dict() == MemoryStore(path).stats().as_dict() == store.stats().as_dict()
    assert summary.labels["Hazard"] > 0


def test_stats_through_the_cli_agree_on_both_backends(
    home: Path,
    dataset: Path,
    neo4j_store: Neo4jStore,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``accgraph stats`` prints the same bytes from the embedded summary and from Neo4j."""
    load_path(dataset, neo4j_store)
    monkeypatch.setenv("ACCGRAPH_HOME", str(home))
    monkeypatch.setenv("NEO4J_URI", neo4j_store.settings.uri)
    for fmt in ("table", "json"):
        assert main(["--backend", "memory", "stats", "--format", fmt]) == 0
        embedded = capsys.readouterr().out
        assert main(["--backend", "neo4j", "stats", "--format", fmt]) == 0
        assert capsys.readouterr().out == embedded
        assert "Hazard" in embedded


@pytest.mark.parametrize("summary", [True, False])
def test_stats_into_a_closed_pipe_end_quietly(home: Path, summary: bool) -> None:
    """``accgraph stats | head -1``: the reader is gone; no traceback, exit 0."""
    if not summary:
        summary_path(home / "graph.json").unlink()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["ACCGRAPH_HOME"] = str(home)
    read_end, write_end = os.pipe()
    os.close(read_end)  # closed before the first byte: every write fails
    try:
        done = subprocess.run(
            [sys.executable, "-m", "accgraph", "stats"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            timeout=300,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == b""
    assert done.returncode == 0


# -- a file without a summary ----------------------------------------------------------------
def test_a_format_1_file_without_a_summary_gives_the_full_stats(home: Path) -> None:
    """A store written before the summary existed: format 1, nothing beside it."""
    path = home / "graph.json"
    expected = full_stats(home)
    graph = MemoryStore(path).graph
    path.write_text(json.dumps(_format_1(graph), ensure_ascii=False), encoding="utf-8")
    summary_path(path).unlink()
    assert stored_stats(path) is None
    code, out, loaded = run_cli(home, "stats", "--format", "json")
    assert code == 0
    assert json.loads(out) == expected
    assert "networkx" in loaded  # read in full, as it must be
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == 1  # stats wrote nothing


def test_neo4j_counts_from_the_count_store_are_a_scans(
    neo4j_store: Neo4jStore, tmp_path: Path
) -> None:
    """Neo4j answers ``stats`` from its count store, a label and a type at a time: the
    counts are those of a scan of every entity's labels and every relationship, with a
    running load's journal and undo records (not entities) left out."""
    from graph_model.store import cypher

    write_province(tmp_path / "province", 3)
    load_path(tmp_path / "province", neo4j_store)
    with neo4j_store.driver.session() as session:
        session.run(cypher.JOURNAL_BEGIN, id="x", host="h", pid=1, beat=0.0).consume()
        session.run(f"CREATE (:{cypher.UNDO} {{load: 'x', seq: 1, ops: '[]'}})").consume()
    entity = cypher.ENTITY
    scanned = f"""
        MATCH (n:{entity}) UNWIND [l IN labels(n) WHERE l <> '{entity}'] AS label
        RETURN label, count(*) AS n"""
    labels = {r["label"]: r["n"] for r in neo4j_store.run_read(scanned)}
    every = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"
    types = {r["type"]: r["n"] for r in neo4j_store.run_read(every)}
    stats = neo4j_store.stats()
    assert stats.labels == labels
    assert stats.relationships == types
    assert len(labels) >= 10
    assert len(types) >= 12
