"""A local server just started runs the gap report's reads once (``scripts/neo4j-local start``,
``graph_model.store.neo4j_warm``): a province's first report after a start took 12.8-17.7 s
cold, 6.9-8.7 s warmed. On a private server (the shared test server is not restarted): the
start says it warmed, the server then holds the plans of those reads, ``--no-warm`` does
not run them, and the warm-up says in one line why it could not run."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph_model.store.neo4j_queries import GAP_QUERIES
from tests.conftest import ROOT, SAMPLE
from tests.test_neo4j_killed import PrivateNeo4j, accgraph, private_neo4j  # noqa: F401

pytestmark = pytest.mark.neo4j


def _plans_cleared(uri: str) -> int:
    """How many queries the server's plan cache held (it is emptied)."""
    with GraphDatabase.driver(uri) as driver:
        (record,), _, _ = driver.execute_query("CALL db.clearQueryCaches()")
    said = re.search(r"cleared of (\d+) quer", str(record["value"]))
    return int(said.group(1)) if said else 0


def test_a_start_warms_the_server_and_no_warm_does_not(
    private_neo4j: PrivateNeo4j,  # noqa: F811
    tmp_path: Path,
) -> None:
    loaded = accgraph(private_neo4j.uri, tmp_path, "load", str(SAMPLE))
    assert loaded.returncode == 0, loaded.stderr

    private_neo4j.run("stop")
    cold = private_neo4j.run("start", "--no-warm")
    assert "warm" not in cold.stderr
    plans_cold = _plans_cleared(private_neo4j.uri)
    assert plans_cold < len(GAP_QUERIES)

    private_neo4j.run("stop")
    warm = private_neo4j.run("start")
    assert re.search(r"neo4j-local: warmed in \d+\.\d s", warm.stderr), warm.stderr
    assert warm.stdout.strip().splitlines() == [private_neo4j.uri]  # the URI alone, as ever
    assert _plans_cleared(private_neo4j.uri) >= plans_cold + len(GAP_QUERIES)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that takes connections and never answers them."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        (None, "NEO4J_URI is not set"),
        ("http://127.0.0.1:7474", "is not a Bolt URI"),
        ("bolt://127.0.0.1:1", "Connection refused"),
        ("bolt://127.0.0.1:{silent}", "handshake"),
    ],
)
def test_a_warm_up_that_cannot_run_says_why_in_one_line(
    uri: str | None, reason: str, silent_port: int
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    if uri is not None:
        env["NEO4J_URI"] = uri.format(silent=silent_port)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "graph_model.store.neo4j_warm"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("neo4j-local: not warmed: ")
    assert reason in lines[0]
    assert "Traceback" not in done.stderr
    assert time.monotonic() - started < 60  # a silent server is given up on in ~10 s
