"""The offline import (``accgraph load PATH --offline-import NEO4J_HOME``): the importer's CSV
files hold any text exactly, and a dataset imported offline into a private server (started
by this module, once) is the graph ``accgraph load`` writes: the same nodes, labels,
properties and relationships, and the same answers for every hazard. A running server, an
existing database or a dataset with an error is refused and nothing changes."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import loaders.load
from graph_model.accountability import chain, gaps
from graph_model.schema import Label, NodeRecord, Rel, RelRecord
from graph_model.store.neo4j_import import (
    ARRAY_DELIMITER,
    column_of,
    write_import_files,
)
from graph_model.store.neo4j_store import Neo4jSettings, Neo4jStore
from loaders import load_path
from loaders.load import Stage, validate
from loaders.offline_import import write_files
from tests.conftest import ROOT, SAMPLE, neo4j_uri
from tests.terminal import run_on_terminal
from tests.test_neo4j_killed import PrivateNeo4j, _reuse_the_launcher

NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"
# Text the CSV must carry as is: the delimiter, quotes (doubled, at the ends, alone), the
# importer's default array delimiter, backslashes, newlines of both kinds, tabs, Chinese,
# spaces at both ends.
HOSTILE = ' a,b "quoted" "" ; x;y \\n \\" 第二行\n第三行\r\n\tend, '
HOSTILE_NAME = '" Tan, 谭成旭; "q" \\ '


# -- the CSV files, without a server -----------------------------------------------------
def test_writing_the_files_shows_progress_by_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write stage advances chunk by chunk to a full bar (it once sat at 0/1 through
    the whole write), and the files are the same with or without the progress."""
    monkeypatch.setattr(loaders.load, "KEEP_BATCH_ROWS", 0)  # streamed, as at size
    package = validate(SAMPLE, None)
    assert package.ok
    seen: list[tuple[Stage, int, int]] = []
    counts = write_files(package, tmp_path / "a", lambda *s: seen.append(s), chunk=100)
    assert write_files(package, tmp_path / "b") == counts
    assert {stage for stage, _, _ in seen} == {Stage.WRITE}
    done = [d for _, d, _ in seen]
    assert len(done) >= 5
    assert done == sorted(done)
    assert len(set(done)) == len(done) - 1  # each chunk moves it; the last call fills it
    assert seen[-1][1] == seen[-1][2] > 0  # ends full
    assert all(d <= total for _, d, total in seen)
    for name in os.listdir(tmp_path / "a"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_hostile_text_reads_back_exactly(tmp_path: Path) -> None:
    nodes = [
        NodeRecord(
            "P,1", (Label.PERSON,), {"id": "P,1", "name": HOSTILE, "source_ids": ["a;b", HOSTILE]}
        )
    ]
    rels = [RelRecord(Rel.HOLDS, "P,1", 'POS"1', 'k"1', {"start": "2020-01-01"})]
    counts = write_import_files(tmp_path / "f", iter(nodes), iter(rels))
    assert (counts.nodes, counts.rels, counts.fixups) == (1, 1, 0)
    assert _read(tmp_path / "f" / "nodes-0001.header.csv") == [
        ["id:ID", ":LABEL", "name:string", "source_ids:string[]"]
    ]
    [row] = _read(tmp_path / "f" / "nodes-0001.csv")
    assert row == [
        "P,1",
        f"Entity{ARRAY_DELIMITER}Person",
        HOSTILE,
        f"a;b{ARRAY_DELIMITER}{HOSTILE}",
    ]
    assert _read(tmp_path / "f" / "rels-0001.header.csv") == [
        [":START_ID", ":END_ID", ":TYPE", "key:string", "start:string"]
    ]
    assert _read(tmp_path / "f" / "rels-0001.csv") == [
        ["P,1", 'POS"1', "HOLDS", 'k"1', "2020-01-01"]
    ]


def test_types_are_kept_and_each_shape_has_its_own_header(tmp_path: Path) -> None:
    assert column_of(3) == ("long", "3")
    assert column_of(0.1) == ("double", "0.1")
    assert column_of(True) == ("boolean", "true")  # a bool, not the int 1
    assert column_of("3") == ("string", "3")  # a text that reads as a number stays text
    assert column_of(["a", "b"]) == ("string[]", f"a{ARRAY_DELIMITER}b")
    assert column_of([1, 2]) == ("long[]", f"1{ARRAY_DELIMITER}2")
    # what the importer would read as "no property", or split wrongly: fixed up afterwards
    for value in ("", [], [""], ["a", ""], [f"a{ARRAY_DELIMITER}b"], [1, "a"], 2**63):
        assert column_of(value) is None, value
    nodes = [
        NodeRecord("A", (Label.PERSON,), {"id": "A", "n": 1}),
        NodeRecord("B", (Label.PERSON,), {"id": "B", "n": 1.5}),
        NodeRecord("C", (Label.PERSON,), {"id": "C", "n": 2, "gone": None}),
        NodeRecord("D", (Label.PERSON,), {"id": "D", "name": "", "source_ids": []}),
    ]
    counts = write_import_files(tmp_path / "f", nodes, [])
    assert counts.shapes == 3  # n:long (A and C: a null is no property), n:double, none
    headers = sorted(p.name for p in (tmp_path / "f").glob("nodes-*.header.csv"))
    assert [_read(tmp_path / "f" / h)[0] for h in headers] == [
        ["id:ID", ":LABEL", "n:long"],
        ["id:ID", ":LABEL", "n:double"],
        ["id:ID", ":LABEL"],
    ]
    # An empty source list is not a fix-up row: every record carries the list, and those
    # left without one get [] in one pass after the import (checked on a server below).
    assert [json.loads(line) for line in (tmp_path / "f" / "fixups.jsonl").open()] == [
        {"node": "D", "props": {"name": ""}}
    ]


def test_unstorable_values_are_refused_with_a_reason(tmp_path: Path) -> None:
    bad = NodeRecord("A", (Label.PERSON,), {"id": "A", "x": {"a": 1}})
    with pytest.raises(ValueError, match="node A: property x: dict cannot be stored"):
        write_import_files(tmp_path / "f", [bad], [])
    odd = NodeRecord("A", (Label.PERSON,), {"id": "A", "x:int": 1})
    with pytest.raises(ValueError, match="property name 'x:int' cannot be imported"):
        write_import_files(tmp_path / "g", [odd], [])


# -- a private server, imported into once ------------------------------------------------
def _accgraph(
    home: Path, uri: str, *args: str, terminal: bool = False
) -> subprocess.CompletedProcess[str]:
    """The CLI in a process; ``terminal``: its stderr a terminal, so that it draws its bar."""
    command = [sys.executable, "-m", "accgraph", *args]
    env = {**os.environ, "ACCGRAPH_HOME": str(home), "NEO4J_URI": uri}
    if not terminal:
        return subprocess.run(
            command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=1800, check=False
        )
    return run_on_terminal(command, env, ROOT, timeout=1800)


def _hostile_dataset(target: Path) -> Path:
    """The sample, with hostile text in a name, a duty and a finding's sanction."""
    shutil.copytree(SAMPLE, target)
    with (target / "persons.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["P-HOSTILE", HOSTILE_NAME, "谭,成旭", ""])
    with (target / "duties.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["DUTY-HOSTILE", "ORG-002", HOSTILE, HOSTILE, HOSTILE, ""])
    return target


def _snapshot(home: Path) -> dict[str, tuple[int, int]]:
    """Every file under the server's data folder: size and modification time."""
    return {
        str(p.relative_to(home)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted((home / "data").rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not neo4j_uri():  # the same rule as the shared server: CI never skips
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but ACCGRAPH_TEST_NEO4J_URI is not set: Neo4j is required")
        pytest.skip("no local Neo4j (run the tests through scripts/test)")
    base = tmp_path_factory.mktemp("offline")
    server = PrivateNeo4j(base / "neo4j")
    _reuse_the_launcher(server.home)
    dataset = _hostile_dataset(base / "dataset")
    history = base / "accgraph-home"
    try:
        # a dataset with an error: nothing imported, not even an empty database
        broken = base / "broken"
        shutil.copytree(SAMPLE, broken)
        with (broken / "persons.csv").open("a", encoding="utf-8") as fh:
            fh.write("P-BAD,Nobody,,SRC-NOWHERE\n")
        refused = _accgraph(
            history, server.uri, "load", str(broken), "--offline-import", str(server.home)
        )
        assert not (server.home / "data").exists()
        done = _accgraph(
            history,
            server.uri,
            "load",
            str(dataset),
            "--offline-import",
            str(server.home),
            terminal=True,
        )
        yield {
            "server": server,
            "dataset": dataset,
            "history": history,
            "broken": refused,
            "done": done,
        }
    finally:
        subprocess.run([str(NEO4J_LOCAL), "stop"], env=server.env, capture_output=True)
        shutil.rmtree(base / "neo4j", ignore_errors=True)


def test_a_dataset_with_an_error_imports_nothing(imported: dict[str, Any]) -> None:
    broken = imported["broken"]
    assert broken.returncode == 1, broken.stderr
    assert "SRC-NOWHERE" in broken.stderr
    assert broken.stderr.strip().endswith("nothing was imported")


def test_offline_import_is_the_graph_a_normal_load_writes(
    imported: dict[str, Any], neo4j_store: Neo4jStore
) -> None:
    done = imported["done"]
    assert done.returncode == 0, done.stderr
    assert "into neo4j: nodes" in done.stdout
    # the bar on the terminal: the files written in full, then each step after them
    assert "100% writing" in done.stderr
    assert "importing step 1/4" in done.stderr
    assert "100% importing step 4/4" in done.stderr
    # the server it started has run the gap report's reads once (a cold JVM's first report
    # took twice as long at a province's size), a step of its own in the summary
    assert "schema and statistics" in done.stdout
    assert "warm-up" in done.stdout
    load_path(imported["dataset"], neo4j_store)  # the same dataset, loaded normally
    offline = Neo4jStore(Neo4jSettings(uri=imported["server"].uri))
    try:
        assert _graph(offline) == _graph(neo4j_store)
        assert offline.stats().as_dict() == neo4j_store.stats().as_dict()
        hazards = offline.ids_with_label("Hazard")
        assert len(hazards) >= 10
        for subject in [*hazards, *offline.ids_with_label("Accident")]:
            assert chain(offline, subject).to_json() == chain(neo4j_store, subject).to_json()
        for day in ("2018-09-01", "2021-06-30"):
            assert gaps(offline, day).to_json() == gaps(neo4j_store, day).to_json()
        names = offline.nodes(["P-HOSTILE", "DUTY-HOSTILE"])
        assert names["DUTY-HOSTILE"]["text"] == HOSTILE.strip()  # validation trims the ends
        assert names["P-HOSTILE"]["name"] == HOSTILE_NAME.strip()
        assert names["DUTY-HOSTILE"]["source_ids"] == []  # an empty list, fixed up
    finally:
        offline.close()
    [entry] = [json.loads(x) for x in (imported["history"] / "load-history.jsonl").open()]
    assert entry["backend"] == "neo4j"
    assert entry["target"] == imported["server"].uri
    stats = neo4j_store.stats()
    assert entry["applied"]["nodes_created"] == len(_graph(neo4j_store)["nodes"])
    assert entry["applied"]["rels_created"] == sum(stats.as_dict()["relationships"].values())


def _graph(store: Neo4jStore) -> dict[str, Any]:
    """Every node (labels, properties) and relationship (type, ends, properties), typed:
    compared as Python values, so 1 and 1.0 or [] and a missing property differ."""
    nodes = store.run_read(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id"
    )
    rels = store.run_read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props"
        " ORDER BY type, r.key"
    )
    schema = store.run_read("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")
    indexes = store.run_read(
        "SHOW INDEXES YIELD name, type, state RETURN name, type, state ORDER BY name"
    )
    return {
        "nodes": [(sorted(n["labels"]), _typed(n["props"])) for n in nodes],
        "rels": [(r["type"], r["a"], r["b"], _typed(r["props"])) for r in rels],
        "constraints": sorted(schema[0]["names"]),
        "indexes": indexes,
    }


def _typed(props: dict[str, Any]) -> list[tuple[str, str, Any]]:
    return sorted((k, type(v).__name__, v) for k, v in props.items())


def _import_script(server: PrivateNeo4j, files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NEO4J_LOCAL), "import", str(files)],
        env=server.env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _some_files(target: Path, missing_end: bool = False) -> Path:
    nodes = [NodeRecord("P-9", (Label.PERSON,), {"id": "P-9", "name": "x"})]
    end = "NOWHERE" if missing_end else "P-9"
    rels = [RelRecord(Rel.HOLDS, "P-9", end, "k", {})]
    write_import_files(target, nodes, rels)
    return target


def test_a_running_server_is_refused_and_unchanged(
    imported: dict[str, Any], tmp_path: Path
) -> None:
    server = imported["server"]
    offline = Neo4jStore(Neo4jSettings(uri=server.uri))
    try:
        before = _graph(offline)
        again = _accgraph(
            imported["history"],
            server.uri,
            "load",
            str(SAMPLE),
            "--offline-import",
            str(server.home),
        )
        assert again.returncode == 2, again.stderr
        assert again.stderr.count("\n") == 1
        assert "is running" in again.stderr
        # the script's own check, under its lock (what a direct call or a race meets)
        direct = _import_script(server, _some_files(tmp_path / "f"))
        assert direct.returncode == 3, direct.stderr
        assert "the server runs" in direct.stderr
        assert _graph(offline) == before
    finally:
        offline.close()
    assert len((imported["history"] / "load-history.jsonl").read_text().splitlines()) == 1


def test_an_existing_database_is_refused_and_unchanged(
    imported: dict[str, Any], tmp_path: Path
) -> None:
    """Last of the module: it stops the server."""
    server = imported["server"]
    server.run("stop")
    before = _snapshot(server.home)
    assert any("databases/neo4j" in name for name in before)
    again = _accgraph(
        imported["history"], server.uri, "load", str(SAMPLE), "--offline-import", str(server.home)
    )
    assert again.returncode == 2, again.stderr
    assert "already holds a database" in again.stderr
    direct = _import_script(server, _some_files(tmp_path / "f"))
    assert direct.returncode == 3, direct.stderr
    assert "already holds a database" in direct.stderr
    assert _snapshot(server.home) == before


def test_a_failed_import_leaves_no_database(tmp_path: Path) -> None:
    if not neo4j_uri() and os.environ.get("CI") != "true":
        pytest.skip("no local Neo4j (run the tests through scripts/test)")
    server = PrivateNeo4j(tmp_path / "neo4j")
    _reuse_the_launcher(server.home)
    done = _import_script(server, _some_files(tmp_path / "f", missing_end=True))
    assert done.returncode == 1, done.stderr
    assert "nothing was imported" in done.stderr
    assert not (server.home / "data" / "databases" / "neo4j").exists()
    assert not (server.home / "data" / "transactions" / "neo4j").exists()
