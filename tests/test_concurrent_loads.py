"""Loads at the same time, as users start them: real processes on one ACCGRAPH_HOME, the
command line against the app's load path. None may be lost, each must be in the history."""

from __future__ import annotations

import csv
import fcntl
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app_support import upload
from graph_model.store import LoadBusy, MemoryStore
from graph_model.store.load_lock import LoadLock
from graph_model.store.neo4j_store import Neo4jStore
from loaders.history import read_history
from synth.province import write_province
from tests.conftest import DATA, ROOT, neo4j_uri

TINY = DATA / "tiny"
BIG_ENTERPRISES = 150  # ~7,000 rows: seconds of validation and apply, enough to overlap


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big") / "province"
    write_province(folder, BIG_ENTERPRISES)
    return folder


def ids_of(folder: Path) -> set[str]:
    ids = set()
    for table in folder.glob("*.csv"):
        with table.open(encoding="utf-8", newline="") as fh:
            ids.update(row["id"] for row in csv.DictReader(fh) if row.get("id"))
    return ids


def start_load(
    home: Path, dataset: Path, *extra: str, stderr_to: Path | None = None, **env: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "accgraph", "load", str(dataset), *extra],
        stdout=subprocess.PIPE,
        stderr=stderr_to.open("w") if stderr_to else subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "ACCGRAPH_HOME": str(home), **env},
    )


def lock_is_held(home: Path) -> bool:
    path = home / "load.lock"
    if not path.exists():
        return False
    with path.open("rb") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


def wait_until_loading(home: Path, process: subprocess.Popen[str], limit_s: float = 60) -> None:
    """Until ``process`` holds the load lock (without the lock: a moment into its load)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and process.poll() is None:
        if lock_is_held(home):
            return
        time.sleep(0.05)
    assert process.poll() is None, "the first load ended before the second one started"


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err or ""


def test_two_command_line_loads_at_once_lose_nothing(tmp_path: Path, big: Path) -> None:
    """Both processes open the store before either writes (the test holds the lock until
    both wait for it): without the lock, or without re-reading the file under it, one of
    the two loads is lost or refused."""
    home = tmp_path / "home"
    with LoadLock(home).held("the test, until both loads wait", timeout_s=0):
        loads = [start_load(home, big, stderr_to=tmp_path / "big.err")]
        loads.append(start_load(home, TINY, stderr_to=tmp_path / "tiny.err"))
        wait_for_text([tmp_path / "big.err", tmp_path / "tiny.err"], "waiting for another load")
    results = [finish(p) for p in loads]
    errors = [(tmp_path / f).read_text() for f in ("big.err", "tiny.err")]
    assert [code for code, _, _ in results] == [0, 0], errors
    assert "Traceback" not in "".join(errors)

    expected = ids_of(big) | ids_of(TINY)
    stored = MemoryStore(home / "graph.json")
    assert set(stored.nodes(expected)) == expected  # both datasets, whole
    assert stored.graph.number_of_nodes() == len(expected)
    history = read_history_of(home)
    assert sorted(h["path"] for h in history) == sorted([str(big), str(TINY)])


def wait_for_text(files: list[Path], text: str, limit_s: float = 120) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if all(f.exists() and text in f.read_text() for f in files):
            return
        time.sleep(0.1)


def test_a_load_waits_for_a_running_one(tmp_path: Path, big: Path) -> None:
    home = tmp_path / "home"
    first = start_load(home, big)
    wait_until_loading(home, first)
    second = start_load(home, TINY, "--wait", "0")  # gives up at once if the first still runs
    code2, _, err2 = finish(second)
    code1, _, err1 = finish(first)
    assert code1 == 0, err1
    if code2 == 2:  # the first load was still running: refused, with who runs it
        assert f"by pid {first.pid} ({big})" in err2
        # --wait 0 gives up at the first try: the reason alone, no "waiting..." first
        assert len(err2.strip().splitlines()) == 1
        assert not ids_of(TINY) & set(MemoryStore(home / "graph.json").nodes(ids_of(TINY)))
    else:  # this machine was quick: it had finished; nothing may be lost either way
        assert code2 == 0, err2
        expected = ids_of(big) | ids_of(TINY)
        assert set(MemoryStore(home / "graph.json").nodes(expected)) == expected


def read_history_of(home: Path) -> list[dict[str, object]]:
    before = os.environ.get("ACCGRAPH_HOME")
    os.environ["ACCGRAPH_HOME"] = str(home)
    try:
        return read_history()
    finally:
        if before is not None:
            os.environ["ACCGRAPH_HOME"] = before


@pytest.fixture
def lock_held_here(tmp_path: Path) -> Iterator[Path]:
    """Another thread of this process holds the load lock of ``tmp_path/home`` during the
    test (as another session of the app would)."""
    home = tmp_path / "home"
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with LoadLock(home).held("a test holding the lock", timeout_s=0):
            taken.set()
            done.wait(300)

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(30)
    yield home
    done.set()
    holder.join()


def test_a_load_that_cannot_wait_longer_exits_2_with_who_holds_the_lock(
    lock_held_here: Path,
) -> None:
    code, _, err = finish(start_load(lock_held_here, TINY, "--wait", "0.5"))
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[0].startswith("accgraph: waiting for another load, running since ")
    assert lines[-1].startswith("accgraph: error: another load is running since ")
    assert f"by pid {os.getpid()} (a test holding the lock)" in lines[-1]
    assert "gave up after waiting 0.5 s" in lines[-1]
    assert not (lock_held_here / "graph.json").exists()
    assert not read_history_of(lock_held_here)


def test_the_app_loads_under_the_same_lock_as_the_command_line(
    tmp_path: Path, big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("ACCGRAPH_HOME", str(home))
    store = MemoryStore(home / "graph.json")  # opened by the app before the CLI load
    checked = upload.validate(
        [FakeUpload(p.name, p.read_bytes()) for p in TINY.glob("*.csv")], store, tmp_path
    )
    assert checked.report is not None
    assert checked.report.ok

    cli = start_load(home, big)
    wait_until_loading(home, cli)
    told: list[str] = []
    report = upload.load(checked, store, on_wait=told.append)
    code, _, err = finish(cli)
    assert code == 0, err
    assert told
    assert told[0].startswith("waiting for another load, running since")
    assert report.applied is not None
    assert report.applied.nodes_created > 0

    expected = ids_of(big) | ids_of(TINY)
    assert set(MemoryStore(home / "graph.json").nodes(expected)) == expected
    assert len(read_history()) == 2  # the app's load is recorded by the load itself


def test_the_app_gives_up_with_a_reason(
    lock_held_here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCGRAPH_HOME", str(lock_held_here))
    store = MemoryStore(lock_held_here / "graph.json")
    checked = upload.validate(
        [FakeUpload(p.name, p.read_bytes()) for p in TINY.glob("*.csv")],
        store,
        lock_held_here.parent,
    )
    with pytest.raises(LoadBusy, match="a test holding the lock"):
        upload.load(checked, store, wait_s=0.3)
    assert store.stats().labels == {}
    assert not read_history()


@pytest.mark.neo4j
def test_loads_into_neo4j_take_the_same_lock(neo4j_store: Neo4jStore, lock_held_here: Path) -> None:
    uri = neo4j_uri()
    assert uri
    code, _, err = finish(
        start_load(lock_held_here, TINY, "--wait", "0", NEO4J_URI=uri, NEO4J_DATABASE="neo4j")
    )
    assert code == 2
    assert "accgraph: error: another load is running since" in err
    assert "Traceback" not in err
    assert neo4j_store.stats().labels == {}


class FakeUpload:
    def __init__(self, name: str, data: bytes):
        self.name, self.data = name, data

    def getvalue(self) -> bytes:
        return self.data
