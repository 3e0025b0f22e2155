"""Faults of the environment and of the store file: a one-line reason and the documented exit
code, never a traceback, never a changed or lost store."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_model.store import MemoryStore, StoreUnavailable
from graph_model.store.memory import backup_path
from loaders import load_path
from loaders.history import load_history
from tests.conftest import DATA, ROOT, SAMPLE, neo4j_uri

TINY = DATA / "tiny"


def accgraph(
    *args: str, home: Path | str, preexec: object = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "accgraph", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "ACCGRAPH_HOME": str(home), **env},
        cwd=ROOT,
        timeout=300,
        check=False,
        preexec_fn=preexec,  # type: ignore[arg-type]
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("accgraph: error: ")
    return lines[0]


# -- an unreadable store file ---------------------------------------------------------------
BAD_FILES = {
    "not JSON": b'{"format": 1, "nodes": [',
    "not UTF-8": b'{"format": 1, "nodes": [{"id": "\xff\xfe"}], "edges": []}',
    "a list": b"[]",
    "no nodes": b'{"format": 1}',
    "node without labels": b'{"format": 1, "nodes": [{"id": "P-1", "props": {}}], "edges": []}',
    "edge to nowhere": json.dumps(
        {
            "format": 1,
            "nodes": [{"id": "P-1", "labels": ["Person"], "props": {}}],
            "edges": [{"type": "HOLDS", "start": "P-1", "end": "POS-9", "props": {"key": "k"}}],
        }
    ).encode(),
    "nested 100000 deep": b"[" * 100_000 + b"]" * 100_000,
    "empty": b"",
}


@pytest.fixture
def two_loads(tmp_path: Path) -> Path:
    """A home whose store had two loads: graph.json.bak holds the state after the first."""
    home = tmp_path / "home"
    store = MemoryStore(home / "graph.json")
    load_path(TINY, store)
    more = tmp_path / "more"
    more.mkdir()
    (more / "persons.csv").write_text("id,name\nP-9,New Director\n", encoding="utf-8")
    load_path(more, store)
    assert backup_path(home / "graph.json").exists()
    return home


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_an_unreadable_file_is_replaced_by_its_backup(two_loads: Path, content: bytes) -> None:
    path = two_loads / "graph.json"
    path.write_bytes(content)
    store = MemoryStore(path)
    assert store.stats().labels["Person"] == 4  # the state after the first load
    [notice] = store.notices
    assert notice.startswith("graph.json was unreadable (")
    assert f"restored the previous version from {backup_path(path)}" in notice
    assert (two_loads / "graph.json.unreadable").read_bytes() == content  # kept, not lost
    assert MemoryStore(path).notices == []  # restored for good


def test_the_command_line_says_the_backup_was_restored(two_loads: Path) -> None:
    (two_loads / "graph.json").write_bytes(b"[]")
    result = accgraph("stats", "--format", "json", home=two_loads)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == (
        "accgraph: warning: graph.json was unreadable (not a store file: a JSON list, not an "
        f"object); restored the previous version from {two_loads / 'graph.json.bak'} "
        "(the unreadable file is kept as graph.json.unreadable)"
    )
    assert json.loads(result.stdout)["nodes"]["Person"] == 4


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_an_unreadable_file_without_backup_is_one_reason(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "graph.json").write_bytes(content)
    with pytest.raises(StoreUnavailable) as caught:
        MemoryStore(tmp_path / "graph.json")
    reason = str(caught.value)
    assert reason.startswith(f"the embedded store {tmp_path / 'graph.json'} is unreadable (")
    assert reason.endswith("and there is no backup to restore; move it away to start empty")
    assert "\n" not in reason
    assert (tmp_path / "graph.json").read_bytes() == content  # left as it was


def test_the_command_line_gives_the_reason_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "graph.json").write_bytes(b'{"format": 1}')
    for args in (("stats",), ("load", str(TINY)), ("chain", "H-1")):
        line = one_line_error(accgraph(*args, home=tmp_path))
        assert line == (
            f"accgraph: error: the embedded store {tmp_path / 'graph.json'} is unreadable (not a "
            "store file: 'nodes' and 'edges' must be lists) and there is no backup to restore; "
            "move it away to start empty"
        )
    assert (tmp_path / "graph.json").read_bytes() == b'{"format": 1}'


def test_a_bad_backup_is_said_too(two_loads: Path) -> None:
    (two_loads / "graph.json").write_bytes(b"[]")
    backup_path(two_loads / "graph.json").write_bytes(b"{")
    line = one_line_error(accgraph("stats", home=two_loads))
    assert "and so is its backup graph.json.bak (not JSON" in line


def test_each_rewrite_keeps_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = MemoryStore(path)
    load_path(TINY, store)
    first = path.read_bytes()
    assert not backup_path(path).exists()  # nothing to keep yet
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "persons.csv").write_text("id,name\nP-9,N\n", encoding="utf-8")
    load_path(tmp_path / "more", store)
    assert backup_path(path).read_bytes() == first
    assert path.read_bytes() != first


def test_a_file_changed_behind_the_store_is_not_overwritten(tmp_path: Path) -> None:
    """A write without the load lock that would lose another process's load is refused."""
    path = tmp_path / "graph.json"
    stale = MemoryStore(path)  # opened while the file is empty
    load_path(TINY, MemoryStore(path))  # another process loads meanwhile
    loaded = path.read_bytes()
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "persons.csv").write_text("id,name\nP-9,N\n", encoding="utf-8")
    with pytest.raises(StoreUnavailable, match="was changed by another process"):
        load_path(tmp_path / "more", stale)
    assert path.read_bytes() == loaded
    stale.refresh()  # what a load under the lock does first
    load_path(tmp_path / "more", stale)
    assert MemoryStore(path).stats().labels["Person"] == 5


# -- an unusable ACCGRAPH_HOME, a full disk ------------------------------------------------
@pytest.mark.parametrize("where", ["under a file", "/proc"])
def test_an_unwritable_home_is_one_line(tmp_path: Path, where: str) -> None:
    (tmp_path / "file").write_text("not a folder")
    home = tmp_path / "file" / "sub" if where == "under a file" else Path("/proc/accgraph-test")
    line = one_line_error(accgraph("load", str(TINY), home=home))
    assert f"cannot create the load lock {home / 'load.lock'}:" in line
    stats = accgraph("stats", home=home)  # nothing stored there: an empty store, said calmly
    assert stats.returncode == 0, stats.stderr


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (needs root and the right to mount, as in CI's container)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_changes_nothing(tiny_disk: Path) -> None:
    assert accgraph("load", str(TINY), home=tiny_disk).returncode == 0  # about 15 KiB
    before = (tiny_disk / "graph.json").read_bytes()
    line = one_line_error(accgraph("load", str(SAMPLE), home=tiny_disk))  # about 140 KiB
    assert line.startswith(f"accgraph: error: cannot write the embedded store {tiny_disk}")
    assert "No space left on device; nothing was changed" in line
    assert (tiny_disk / "graph.json").read_bytes() == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == [
        "graph.json",
        "graph.json.stats",  # the counts of the first load's file, for accgraph stats
        "load-history.jsonl",
        "load.lock",
    ]  # no temporary file left behind
    assert len(load_history_of(tiny_disk).entries) == 1


def _limit_file_size() -> None:
    # any file this process writes stops at 32 KiB: EFBIG, as a full disk would stop it
    resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 1024, 32 * 1024))


def test_a_file_size_limit_changes_nothing(tmp_path: Path) -> None:
    """The same as a full disk, without mounting anything."""
    assert accgraph("load", str(TINY), home=tmp_path).returncode == 0
    before = (tmp_path / "graph.json").read_bytes()
    line = one_line_error(accgraph("load", str(SAMPLE), home=tmp_path, preexec=_limit_file_size))
    assert "File too large; nothing was changed" in line
    assert (tmp_path / "graph.json").read_bytes() == before


def test_a_history_on_a_full_device_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "load-history.jsonl").symlink_to("/dev/full")
    line = one_line_error(accgraph("load", str(TINY), home=tmp_path))
    assert "the load was applied to" in line
    assert f"could not be recorded in {tmp_path / 'load-history.jsonl'}" in line
    assert "No space left on device" in line


def load_history_of(home: Path) -> object:
    before = os.environ["ACCGRAPH_HOME"]
    os.environ["ACCGRAPH_HOME"] = str(home)
    try:
        return load_history()
    finally:
        os.environ["ACCGRAPH_HOME"] = before


# -- a corrupt load history ------------------------------------------------------------------
GOOD_ENTRY = {
    "at": "2026-01-01T00:00:00+00:00",
    "path": "data/sample",
    "backend": "memory",
    "target": "graph.json",
    "files": {"persons.csv": "ab" * 32},
    "rows": {"persons": 3},
    "applied": {"nodes_created": 3},
    "warnings": 0,
}
BAD_LINES = [
    b"not json",
    b"[]",
    b'{"at": 1}',
    b"\xff\xfe\x00",
    json.dumps({**GOOD_ENTRY, "files": {"a.csv": 1}}).encode(),
    json.dumps({**GOOD_ENTRY, "rows": "many"}).encode(),
    b"[" * 50_000,
]


@pytest.fixture
def damaged_history(_private_home: None) -> Path:
    home = Path(os.environ["ACCGRAPH_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    good = json.dumps(GOOD_ENTRY).encode()
    (home / "load-history.jsonl").write_bytes(b"\n".join([good, *BAD_LINES, good]) + b"\n")
    return home


def test_damaged_history_lines_are_skipped_and_counted(damaged_history: Path) -> None:
    history = load_history()
    assert len(history.entries) == 2
    assert history.skipped == len(BAD_LINES)
    assert accgraph("load", str(TINY), home=damaged_history).returncode == 0  # still appends
    assert len(load_history().entries) == 3


# -- the command line's output and Neo4j's settings ------------------------------------------
def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """``accgraph … | head -1``: the reader stops reading; no BrokenPipeError, no traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "accgraph", "--data", str(SAMPLE), "gaps", "--as-of", "2019-06-30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "ACCGRAPH_HOME": str(tmp_path)},
    )
    assert process.stdout is not None
    process.stdout.close()  # before the first line is written: every write fails
    _, err = process.communicate(timeout=300)
    assert err.decode() == ""
    assert process.returncode == 0


def test_an_http_uri_is_one_line(tmp_path: Path) -> None:
    line = one_line_error(accgraph("stats", home=tmp_path, NEO4J_URI="http://127.0.0.1:7474"))
    assert "the Neo4j URI 'http://127.0.0.1:7474' is not a Bolt URI" in line


@pytest.mark.neo4j
def test_a_missing_database_is_one_line(neo4j_store: object, tmp_path: Path) -> None:
    uri = neo4j_uri()
    assert uri
    for args in (("stats",), ("load", str(TINY)), ("chain", "H-1")):
        line = one_line_error(accgraph(*args, home=tmp_path, NEO4J_URI=uri, NEO4J_DATABASE="nope"))
        assert line == f"accgraph: error: Neo4j at {uri} has no database 'nope' (NEO4J_DATABASE)"
