"""Today's Overview made ahead (``app_support.warm_up``): after it, a first visit to the
Overview reads nothing more from the store; it is made again when the data changes; a store
that cannot be read is one line in the log, never a stopped server."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from app_support import warm_up
from app_support.serve import MADE
from graph_model.store import MemoryStore
from tests.app.conftest import OpenApp, count_calls, figures
from tests.conftest import ROOT

# every read of the embedded store (its public methods but the writes)
READS = sorted(
    name
    for name in dir(MemoryStore)
    if not name.startswith("_")
    and callable(getattr(MemoryStore, name))
    and name not in {"apply", "apply_stream", "clear", "close", "save"}
)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Calls of the embedded store's reads (a wrapper around each method), and its opens."""
    return count_calls(monkeypatch, [*READS, "__init__"])


def test_reads_are_counted() -> None:
    assert {"graph_facts", "nodes", "names", "subtree"} <= set(READS)


def _cached_bytes() -> Counter[str]:
    """The bytes each cached function holds (Streamlit's own cache statistics, as its
    ``/_stcore/metrics`` shows them): a new entry anywhere adds some."""
    from streamlit.runtime.caching.cache_data_api import _data_caches
    from streamlit.runtime.caching.cache_resource_api import _resource_caches

    held: Counter[str] = Counter()
    for caches in (_data_caches, _resource_caches):
        for stats in caches.get_stats().values():
            for stat in stats:
                held[stat.cache_name] += stat.byte_length
    return held


def test_after_it_a_first_visit_makes_and_reads_nothing(app: OpenApp, reads: Counter[str]) -> None:
    assert warm_up.overview(date.today().isoformat())
    # the store opened, its whole graph read once
    assert (reads["__init__"], reads["graph_facts"]) == (1, 1)
    made = _cached_bytes()
    assert made["app_support.cached_answers.by_month"], made
    reads.clear()
    at = app("overview")  # today, no filter, the default language: the default view
    assert not at.exception
    assert figures(at), "the page shows its figures"
    assert _cached_bytes() == made  # every answer the page asked for was there
    # the five fragile posts shown are named when shown (a read of five nodes)
    assert set(reads) <= {"nodes"}, reads
    assert reads["nodes"] <= 1


def test_a_visit_without_it_reads_the_whole_graph(app: OpenApp, reads: Counter[str]) -> None:
    # the other side of the test above: what the warm-up spares the first visitor
    at = app("overview")
    assert not at.exception
    assert (reads["__init__"], reads["graph_facts"]) == (1, 1)


@pytest.mark.usefixtures("_private_home")
def test_an_empty_store_is_not_warmed() -> None:
    assert not warm_up.overview(date.today().isoformat())


def _keep_warm_until(
    lines: Callable[[], str], wanted: int, poll_s: float = 0.05, lifetime_s: float = 600
) -> str:
    """Run ``keep_warm`` until what ``lines`` gave (the log's new text at each call) holds
    ``wanted`` of its lines, or ~30 s; all it gave."""
    stop = threading.Event()
    thread = threading.Thread(
        target=warm_up.keep_warm, args=(stop, poll_s, lifetime_s), daemon=True
    )
    thread.start()
    try:
        said = ""
        for _ in range(600):
            said += lines()
            if said.count("accgraph: today's Overview") >= wanted:
                return said
            stop.wait(0.05)
        return said + lines()
    finally:
        stop.set()
        thread.join(timeout=60)
        assert not thread.is_alive()


def test_it_is_made_again_when_the_data_changes(
    sample_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def lines() -> str:
        new = capsys.readouterr().err
        if MADE in new:  # made: now a load from elsewhere changes the store file, and with
            path = sample_home / "graph.json"  # it the cache keys
            path.write_bytes(path.read_bytes())
        return new

    said = _keep_warm_until(lines, 2)
    assert said.count(MADE) == 2, said
    assert "not made" not in said


@pytest.mark.usefixtures("sample_home")
def test_it_is_made_again_once_the_cache_has_dropped_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    said = _keep_warm_until(lambda: capsys.readouterr().err, 1, lifetime_s=0.3)
    assert said.count(MADE) == 1
    # nothing changed: made again only because its lifetime ran out
    assert _keep_warm_until(lambda: capsys.readouterr().err, 2, lifetime_s=0.3).count(MADE) >= 2


def test_nothing_changed_nothing_made_again(
    sample_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=warm_up.keep_warm, args=(stop, 0.02), daemon=True)
    thread.start()
    stop.wait(1.0)  # ~50 looks at the data and the day
    stop.set()
    thread.join(timeout=60)
    assert capsys.readouterr().err.count(MADE) == 1


def test_a_store_that_cannot_be_read_is_one_line(
    sample_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_home / "graph.json").write_bytes(b"\xff\xfe not a graph")
    stop = threading.Event()
    thread = threading.Thread(target=warm_up.keep_warm, args=(stop, 0.02), daemon=True)
    thread.start()
    stop.wait(1.0)  # tried again at each of ~50 looks, said once
    stop.set()
    thread.join(timeout=60)
    said = capsys.readouterr().err
    (line,) = [ln for ln in said.splitlines() if ln.startswith("accgraph:")]
    assert line.startswith("accgraph: today's Overview not made ahead (")
    assert "Traceback" not in said


def test_making_the_overview_imports_no_chart_library(sample_home: Path) -> None:
    """The Overview draws its charts as SVG: making it imports no Altair (a third of the
    imports of a first visit); the swim lanes import it when they draw."""
    code = (
        "import sys, logging; logging.disable(logging.WARNING)\n"
        "from app_support import warm_up\n"
        "made = warm_up.overview('2019-06-30')\n"
        "print(made, 'altair' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ, "ACCGRAPH_HOME": str(sample_home)},
    )
    assert done.stdout.split() == ["True", "False"], done.stderr[-2000:]
