"""Neo4j killed (``kill -9``) in the middle of a load, on a private server started for this
test (the shared test server is not touched): the load ends within seconds with exit 2 and
one line, and after a restart the graph is as it was before the load: nothing partial."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from synth.province import write_province
from tests.conftest import DATA, ROOT, neo4j_uri

NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"
BIG_ENTERPRISES = 300  # ~13,000 rows, tens of thousands of records: the write lasts a while


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateNeo4j:
    def __init__(self, home: Path):
        self.env = {
            **os.environ,
            "NEO4J_LOCAL_HOME": str(home),
            "NEO4J_LOCAL_PORT": str(_free_port()),
        }
        self.home = home
        self.uri = f"bolt://127.0.0.1:{self.env['NEO4J_LOCAL_PORT']}"

    def run(self, command: str, *args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(NEO4J_LOCAL), command, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=400,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done

    def kill(self) -> None:
        os.kill(int((self.home / "neo4j.pid").read_text()), signal.SIGKILL)


@pytest.fixture
def private_neo4j(tmp_path: Path) -> Iterator[PrivateNeo4j]:
    if not neo4j_uri():  # the same rule as the shared server: CI never skips
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but ACCGRAPH_TEST_NEO4J_URI is not set: Neo4j is required")
        pytest.skip("no local Neo4j (run the tests through scripts/test)")
    server = PrivateNeo4j(tmp_path / "neo4j")
    _reuse_the_launcher(server.home)
    try:
        server.run("start")
        yield server
    finally:
        subprocess.run([str(NEO4J_LOCAL), "stop"], env=server.env, capture_output=True)
        shutil.rmtree(server.home, ignore_errors=True)


def _reuse_the_launcher(home: Path) -> None:
    """The shared server's resolved classpath and compiled launcher, if there is one: the
    script checks their keys, and compiling again costs a minute on a busy machine."""
    shared = Path(os.environ.get("NEO4J_LOCAL_HOME") or ROOT / ".neo4j-local")
    home.mkdir(parents=True)
    for name in ("cp.txt", "cp.key", "classes.key"):
        if (shared / name).is_file():
            shutil.copy(shared / name, home / name)
    if (shared / "classes").is_dir():
        shutil.copytree(shared / "classes", home / "classes")


def load_when_warm(uri: str, home: Path, dataset: Path, attempts: int = 3) -> None:
    """A fresh server on a busy machine may time out its very first write (its 120 s
    transaction timeout, while it plans cold); loading again changes nothing but that."""
    for _ in range(attempts):
        result = accgraph(uri, home, "load", str(dataset))
        if result.returncode == 0:
            return
    raise AssertionError(result.stderr)


def accgraph(uri: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "accgraph", "--backend", "neo4j", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "ACCGRAPH_HOME": str(home), "NEO4J_URI": uri},
        timeout=600,
        check=False,
    )


def wait_for_the_write(uri: str, process: subprocess.Popen[str], limit_s: float = 300) -> None:
    """Until the load's write transaction runs on the server (the batches of UNWIND)."""
    deadline = time.monotonic() + limit_s
    with GraphDatabase.driver(uri) as driver:
        while time.monotonic() < deadline:
            assert process.poll() is None, "the load ended before it was caught writing"
            records, _, _ = driver.execute_query(
                "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery"
            )
            if any("UNWIND $rows" in (r["currentQuery"] or "") for r in records):
                return
            time.sleep(0.05)
    pytest.fail("the load's write transaction never showed")


@pytest.mark.neo4j
def test_neo4j_killed_during_a_load(private_neo4j: PrivateNeo4j, tmp_path: Path) -> None:
    uri, home = private_neo4j.uri, tmp_path / "home"
    load_when_warm(uri, home, DATA / "tiny")
    before = json.loads(accgraph(uri, home, "stats", "--format", "json").stdout)
    big = tmp_path / "big"
    write_province(big, BIG_ENTERPRISES)

    load = subprocess.Popen(
        [sys.executable, "-m", "accgraph", "--backend", "neo4j", "load", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "ACCGRAPH_HOME": str(home), "NEO4J_URI": uri},
    )
    wait_for_the_write(uri, load)
    private_neo4j.kill()
    killed_at = time.monotonic()
    _, err = load.communicate(timeout=120)
    took = time.monotonic() - killed_at

    assert load.returncode == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines  # no retry messages, no traceback
    assert lines[0].startswith(f"accgraph: error: lost the connection to Neo4j at {uri} while ")
    assert took < 25, f"{took:.1f} s from the kill to the exit"  # retries would take 30 s

    private_neo4j.run("start")  # recovers from the kill
    after = json.loads(accgraph(uri, home, "stats", "--format", "json").stdout)
    assert after == before  # nothing of the big load is stored
    history = (home / "load-history.jsonl").read_text(encoding="utf-8").splitlines()
    assert all('"path": "' + str(big) not in h for h in history)  # only the tiny load
