"""A Neo4j load in bounded transactions stays all-or-nothing: a load that fails after some
of its batches committed, or whose process dies, leaves the graph exactly as it was
(properties, labels, links, links a load removed), and the next store to open undoes a
dead load. Real server, real processes; no mocks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from graph_model.schema import FunctionalLink, GraphBatch, Label, NodeRecord, Rel, RelRecord
from graph_model.store import cypher, neo4j_load
from graph_model.store.base import StoreUnavailable
from graph_model.store.neo4j_store import Neo4jSettings, Neo4jStore
from loaders import load_path, validate_path
from tests.conftest import DATA, ROOT, neo4j_uri

pytestmark = pytest.mark.neo4j

DUMP = """
MATCH (n) WITH n ORDER BY n.id
OPTIONAL MATCH (n)-[r]->(m)
WITH n, r, m ORDER BY type(r), r.key, m.id
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
       collect([type(r), m.id, properties(r)]) AS out
"""


def dump(store: Neo4jStore) -> list[dict[str, Any]]:
    rows = store.run_read(DUMP)
    for row in rows:
        row["labels"] = sorted(row["labels"])
        row["out"] = sorted(json.dumps(o, sort_keys=True) for o in row["out"])
    return rows


@pytest.fixture
def tiny(neo4j_store: Neo4jStore) -> Neo4jStore:
    """The tiny dataset loaded, the journal's schema in place, batches of 3 records."""
    load_path(DATA / "tiny", neo4j_store)
    neo4j_store.batch_size = 3
    return neo4j_store


def a_second_load(store: Neo4jStore, poison: bool) -> GraphBatch:
    """Changes to every kind of record of the tiny graph, new nodes and links, and, last,
    a link the server refuses (a map is not a property value) when ``poison``."""
    _, batch = validate_path(DATA / "tiny", store)
    changed = [
        NodeRecord(n.id, n.labels, {**n.props, "name": f"{n.props.get('name')} (renamed)"})
        for n in batch.nodes
    ]
    new = [
        NodeRecord(f"NEW-{i}", (Label.PERSON,), {"id": f"NEW-{i}", "name": "x"}) for i in range(7)
    ]
    rels = [
        RelRecord(r.type, r.start, r.end, r.key, {**r.props, "source_ids": ["changed"]})
        for r in batch.rels
    ]
    first = batch.nodes[0].id
    rels += [
        RelRecord(Rel.SUBORDINATE_TO, f"NEW-{i}", first, f"k{i}", {"key": f"k{i}"})
        for i in range(7)
    ]
    old_ids = [n.id for n in batch.nodes]
    rels.append(  # a link between two nodes that existed: its creation is undone by itself
        RelRecord(Rel.SUBORDINATE_TO, old_ids[0], old_ids[1], "between-old", {"key": "x"})
    )
    if poison:
        rels.append(RelRecord(Rel.SUBORDINATE_TO, "NEW-0", first, "bad", {"bad": {"a": 1}}))
    # every functional link of the tiny graph removed: the stale pass deletes them
    functional = [FunctionalLink(f.type, f.start, None) for f in batch.functional]
    return GraphBatch(changed + new, rels, functional)


def test_a_load_failing_after_committed_batches_leaves_the_graph_as_it_was(
    tiny: Neo4jStore,
) -> None:
    before = dump(tiny)
    batch = a_second_load(tiny, poison=True)
    assert batch.functional, "the tiny dataset has functional links to remove"
    with pytest.raises(StoreUnavailable, match="Property values"):
        tiny.apply(batch)
    assert dump(tiny) == before
    assert tiny.run_read(f"MATCH (j:{cypher.JOURNAL}) RETURN j") == []
    assert tiny.run_read(f"MATCH (u:{cypher.UNDO}) RETURN u") == []


def test_a_node_batch_failing_among_those_written_at_once_leaves_the_graph_as_it_was(
    tiny: Neo4jStore,
) -> None:
    """Node batches run ``NODE_WRITERS`` at once: one refused in the middle of them (a map
    is not a property value) undoes the batches that committed beside it and after it."""
    before = dump(tiny)
    batch = a_second_load(tiny, poison=False)
    more = [  # people enough for many batches of 3 before and after the refused one
        NodeRecord(f"MORE-{i}", (Label.PERSON,), {"id": f"MORE-{i}", "name": "y"})
        for i in range(12 * neo4j_load.NODE_WRITERS)
    ]
    more[len(more) // 2] = NodeRecord("MORE-BAD", (Label.PERSON,), {"id": "MORE-BAD", "bad": {}})
    batch.nodes.extend(more)
    with pytest.raises(StoreUnavailable, match="Property values"):
        tiny.apply(batch)
    assert dump(tiny) == before
    assert tiny.run_read(f"MATCH (j:{cypher.JOURNAL}) RETURN j") == []
    assert tiny.run_read(f"MATCH (u:{cypher.UNDO}) RETURN u") == []


def test_the_same_load_without_the_bad_link_commits_in_many_batches(tiny: Neo4jStore) -> None:
    before = dump(tiny)
    seen: list[tuple[int, int]] = []
    batch = a_second_load(tiny, poison=False)
    result = tiny.apply(batch, progress=lambda d, t: seen.append((d, t)))
    assert dump(tiny) != before
    assert result.nodes_created == 7
    assert result.nodes_changed == len(before)
    assert len(seen) > 5  # one step per committed batch of 3
    assert seen[-1][0] == seen[-1][1]  # the last step is the whole load
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert tiny.run_read(f"MATCH (j:{cypher.JOURNAL}) RETURN j") == []


def test_no_stale_link_pass_for_nodes_the_load_created(neo4j_store: Neo4jStore) -> None:
    """Into an empty database every node is new: the load runs node and link batches only."""
    _, batch = validate_path(DATA / "tiny", neo4j_store)
    assert batch.functional
    neo4j_store._ensure_schema()
    load = neo4j_load.BatchedLoad(neo4j_store.driver, "neo4j", batch_size=3)
    load.run(batch)
    groups: dict[Any, int] = {}
    for n in batch.nodes:
        groups[tuple(sorted(n.labels))] = groups.get(tuple(sorted(n.labels)), 0) + 1
    for r in batch.rels:
        groups[r.type] = groups.get(r.type, 0) + 1
    assert load.seq == sum(-(-count // 3) for count in groups.values())


KILLED_LOAD = """
import os, sys
from graph_model.store.base import StoreUnavailable
from graph_model.store.neo4j_store import Neo4jSettings, Neo4jStore
from loaders import validate_path
from pathlib import Path
store = Neo4jStore(Neo4jSettings(uri=sys.argv[1]))
store.batch_size = 3
_, batch = validate_path(Path(sys.argv[2]))
batch.nodes[:] = [n.__class__(n.id, n.labels, {**n.props, "name": "half"}) for n in batch.nodes]
def die(done, total):
    if done > total // 2:
        os._exit(9)  # the process dies between two committed batches
store.apply(batch, progress=die)
"""


def test_a_load_whose_process_died_is_undone_by_the_next_store_to_open(
    tiny: Neo4jStore, tmp_path: Path
) -> None:
    before = dump(tiny)
    script = tmp_path / "killed.py"
    script.write_text(textwrap.dedent(KILLED_LOAD))
    done = subprocess.run(
        [sys.executable, str(script), neo4j_uri() or "", str(DATA / "tiny")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 9, done.stderr
    assert tiny.run_read(f"MATCH (j:{cypher.JOURNAL}) RETURN j.id AS id") != []
    assert dump(tiny) != before  # half of it was committed
    reopened = Neo4jStore(Neo4jSettings(uri=neo4j_uri() or ""))
    try:
        assert dump(reopened) == before
        assert any("undid 1 unfinished load" in n for n in reopened.notices)
    finally:
        reopened.close()


def test_a_running_load_is_not_taken_for_dead() -> None:
    import socket
    import time

    here = socket.gethostname()
    assert not neo4j_load.is_dead({"host": here, "pid": os.getpid(), "beat": 0})
    assert neo4j_load.is_dead({"host": here, "pid": 2**22 + 12345, "beat": time.time()})
    other = {"host": here + "-elsewhere", "pid": 1}
    assert not neo4j_load.is_dead({**other, "beat": time.time() - 60})
    assert neo4j_load.is_dead({**other, "beat": time.time() - neo4j_load.STALE_AFTER_S - 1})
