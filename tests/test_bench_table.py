"""The benchmark's table: growth between sizes, and cells that say why a figure is missing."""

from __future__ import annotations

import math
from pathlib import Path

from bench.table import MEASURES, fill_growth, render
from bench.timing import interleave, percentile


def test_growth_is_each_size_over_the_previous() -> None:
    sizes = [{"embedded.chain_p95_ms": 2.0}, {"embedded.chain_p95_ms": 5.0}, {}]
    fill_growth(sizes)
    assert "embedded.chain_p95_growth" not in sizes[0]
    assert sizes[1]["embedded.chain_p95_growth"] == 2.5
    assert "embedded.chain_p95_growth" not in sizes[2]  # nothing measured, nothing invented


def test_cells_say_not_run_failed_or_the_figure() -> None:
    sizes = [{"embedded.gaps_s": 0.25, "data.enterprises": 500}, {"data.enterprises": 5000}]
    notes = [
        {"neo4j": "not run (no --neo4j)"},
        {"neo4j": "not run (no --neo4j)", "embedded": "FAILED: MemoryError: out of memory"},
    ]
    text = render(["S", "M"], sizes, notes)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines()}
    assert rows["embedded gap report"].endswith("| 0.250 s | FAILED |")
    assert rows["Neo4j chain p95 ÷ RETURN 1 p95"].endswith(
        "| not run (no --neo4j) | not run (no --neo4j) |"
    )
    assert "M, embedded: FAILED: MemoryError: out of memory" in text
    assert "M, neo4j" not in text  # a part not run is no failure
    assert len([r for r in text.splitlines() if r.startswith("| ")]) == 1 + len(MEASURES)


def test_interleave_alternates_each_first_in_turn() -> None:
    calls: list[str] = []
    times = interleave({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, 3)
    assert calls == ["a", "b", "b", "a", "a", "b"]
    assert [len(v) for v in times.values()] == [3, 3]


def test_a_warm_up_round_runs_every_contender_once_untimed() -> None:
    calls: list[str] = []
    cleared: list[int] = []
    times = interleave(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")},
        2,
        before=lambda: cleared.append(1),
        warm_up=True,
    )
    assert calls == ["a", "b", "a", "b", "b", "a"]  # the warm-up round, then the timed ones
    assert len(cleared) == 6  # each run, the warm-up's too, starts from the same state
    assert [len(v) for v in times.values()] == [2, 2]


def test_percentile_of_nothing_is_nan() -> None:
    assert math.isnan(percentile([], 95))


def test_chain_figures_are_medians_over_sets_of_every_subject(tmp_path: Path) -> None:
    """One slow chain in one set moves that set's p95, not the figure."""
    from bench.harness import CHAIN_SETS, _chain_times, set_median
    from graph_model.store import MemoryStore
    from loaders import load_path
    from tests.conftest import SAMPLE

    hiccup = [1.0] * 19 + [100.0]
    assert percentile(hiccup, 95) > 5
    assert set_median([hiccup, [1.0] * 20, [1.0] * 20], 95) == 1.0
    store = MemoryStore(tmp_path / "graph.json")
    load_path(SAMPLE, store)
    sets = _chain_times(store, ["HZ-001", "HZ-004", "ACC-001"])
    assert CHAIN_SETS >= 3
    assert [len(s) for s in sets] == [3] * CHAIN_SETS
    assert all(t > 0 for s in sets for t in s)


def test_chain_growth_interleaves_the_sizes_sets(tmp_path: Path, monkeypatch: object) -> None:
    """A set at each size in turn, ``CHAIN_SETS`` times; the growth is each later size's."""
    import pytest

    from bench import harness
    from graph_model.store import MemoryStore
    from loaders import load_path
    from tests.conftest import SAMPLE

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    kept = []
    for size in ("a", "b", "c"):
        path = tmp_path / size / "graph.json"
        path.parent.mkdir()
        load_path(SAMPLE, MemoryStore(path))
        kept.append(({}, path, ["HZ-001", "HZ-004"]))
    calls: list[str] = []
    real = harness.chain

    def recorded(store: MemoryStore, subject: str) -> object:
        calls.append(store.path.parent.name)
        return real(store, subject)

    monkeypatch.setattr(harness, "chain", recorded)
    harness.chain_growth(kept, [f for f, _, _ in kept])  # type: ignore[arg-type]
    timed = calls[3 * min(harness.WARM_UP, 2) :]  # after each store's untimed chains
    sets = [timed[i : i + 2] for i in range(0, len(timed), 2)]
    assert [s[0] for s in sets] == ["a", "b", "c"] * harness.CHAIN_SETS
    assert all(s[0] == s[1] for s in sets)
    assert "embedded.chain_p95_growth" not in kept[0][0]
    for figures, _, _ in kept[1:]:
        assert figures["embedded.chain_p95_growth"] > 0


def test_chain_growth_only_between_sizes_next_to_each_other(tmp_path: Path) -> None:
    """A size whose embedded part did not run (failed, or above ``--max-embedded``) breaks
    the pairs: the size after it gets no ratio over the one before it."""
    from bench import harness
    from graph_model.store import MemoryStore
    from loaders import load_path
    from tests.conftest import SAMPLE

    path = tmp_path / "graph.json"
    load_path(SAMPLE, MemoryStore(path))
    results: list[dict[str, float]] = [{}, {}, {"embedded.chain_p95_growth": 9.0}]
    kept = [(results[0], path, ["HZ-001"]), (results[2], path, ["HZ-001"])]
    harness.chain_growth(kept, results)
    assert "embedded.chain_p95_growth" not in results[2]


def test_small_sizes_get_at_least_five_rounds_of_loads() -> None:
    from bench.harness import SMALL_LOAD, load_rounds

    assert load_rounds(2, 500) == 5  # S: a median of two 2-second loads means little
    assert load_rounds(7, 500) == 7  # more asked for: more given
    assert load_rounds(2, SMALL_LOAD + 1) == 2  # M and up: as asked


def test_page_times_are_medians_over_servers_started_afresh(
    tmp_path: Path, monkeypatch: object
) -> None:
    # one server start gave one first visit: the hour's luck (7.5 to 10.9 s at L)
    import pytest

    from bench import app_timing, harness

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    firsts = iter([9.0, 3.0, 4.0])  # three servers, three first visits
    warmed = iter([2.0, 8.0, 1.0])
    started: list[bool] = []

    def page_times(
        home: Path, hazard: str, as_of: str, only: object = None, **kw: object
    ) -> dict[str, float]:
        started.append(bool(kw.get("warmed")))
        if kw.get("warmed"):
            return {"overview.first": next(warmed)}
        first = next(firsts)
        return {"overview.first": first, "overview.next": first / 2, "bare.next": 1.0,
                "overview_all.first": 0.0, "overview_all.next": 1.0}  # fmt: skip

    monkeypatch.setattr(app_timing, "page_times", page_times)
    out = harness._pages(tmp_path, "HZ-001", 3)
    assert started == [False] * 3 + [True] * 3  # six servers, each started for its visits
    assert out["app.overview.first"] == 4.0
    assert out["app.overview.next"] == 2.0
    assert out["app.overview_next_vs_bare"] == 2.0
    assert out["app.overview.first_warmed"] == 2.0
    assert "app.overview_all.first" not in out


def test_rounds_below_one_are_refused(capsys: object) -> None:
    import pytest

    from bench import harness

    assert isinstance(capsys, pytest.CaptureFixture)
    with pytest.raises(SystemExit) as exited:
        harness.main(["--rounds", "0"])
    assert exited.value.code == 2
    assert "--rounds must be at least 1" in capsys.readouterr().err
