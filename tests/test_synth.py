"""The province generator: valid, shaped like a province, deterministic, streamed to disk."""

from __future__ import annotations

import csv
import statistics
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest

from accgraph.cli import main
from graph_model.accountability import gaps
from graph_model.store import MemoryStore
from loaders import load_path, validate_path
from synth import write_province
from synth.province import HORIZON, holder_on, iter_sizes


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(("enterprises", "seed"), [(40, 1), (40, 2), (250, 1), (250, 2)])
def test_passes_validation(tmp_path: Path, enterprises: int, seed: int) -> None:
    write_province(tmp_path, enterprises, seed)
    report, batch = validate_path(tmp_path)
    assert [str(p) for p in report.problems] == []
    assert report.rows["enterprises"] == enterprises
    assert batch.nodes


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("province")
    write_province(folder, 300, seed=5)
    return folder


def test_shaped_like_a_province(province: Path) -> None:
    levels = Counter(r["level"] for r in _rows(province, "regions"))
    assert levels["province"] == 1
    assert levels["city"] >= 3
    assert levels["district"] + levels["county"] > levels["city"]
    assert levels["zone"] >= levels["city"]
    assert levels["township"] > 0
    kinds = Counter(r["kind"] for r in _rows(province, "organizations"))
    for kind in ("party_committee", "government", "zone_committee", "department"):
        assert kinds[kind] > 0, kind
    # appointment histories: posts with several holders, persons rotated between posts
    appointments = _rows(province, "appointments")
    per_post = Counter(a["position_id"] for a in appointments)
    assert max(per_post.values()) >= 3
    posts_of_person = Counter(a["person_id"] for a in appointments)
    assert sum(1 for n in posts_of_person.values() if n > 1) > 10
    assert any(a["end"] for a in _rows(province, "assignments"))
    supervision = Counter(r["kind"] for r in _rows(province, "supervision"))
    assert set(supervision) == {"industry", "specialized", "comprehensive"}
    assert any(r["enterprise_id"] for r in _rows(province, "supervision"))


def test_enterprises_spread_unevenly(province: Path) -> None:
    enterprises = _rows(province, "enterprises")
    per_region = Counter(e["region_id"] for e in enterprises)
    counts = sorted(per_region.values(), reverse=True)
    # hub regions hold many times what a typical one holds
    assert counts[0] >= 5 * statistics.median(counts)
    per_sector = Counter(e["sector_id"] for e in enterprises)
    assert max(per_sector.values()) >= 4 * min(per_sector.values())


def test_hazards_mixed_and_accidents_found(province: Path) -> None:
    hazards = _rows(province, "hazards")
    assert 4 <= len(hazards) / 300 <= 6  # about five per enterprise
    assert {h["grade"] for h in hazards} == {"general", "major"}
    assert any(h["closed_on"] for h in hazards)
    assert any(not h["closed_on"] for h in hazards)
    accidents = _rows(province, "accidents")
    findings = _rows(province, "findings")
    assert accidents
    assert {f["accident_id"] for f in findings} <= {a["id"] for a in accidents}
    assert findings
    assert _rows(province, "drills")


def test_gaps_of_every_kind(province: Path) -> None:
    """Holes, overlaps, vacancies, incomplete and overdue hazards: each kind of gap occurs."""
    store = MemoryStore()
    load_path(province, store)
    counts = gaps(store, "2025-06-30").counts
    for kind in (
        "enterprise_unsupervised",
        "post_vacant",
        "department_no_leader_in_charge",
        "supervision_overlap",
        "major_hazard_incomplete",
        "hazard_overdue",
        "plan_stale",
        "plan_not_drilled",
    ):
        assert counts[kind] > 0, kind


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_province(a, 120, seed=9)
    write_province(b, 120, seed=9)
    write_province(c, 120, seed=10)
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert any((a / n).read_bytes() != (c / n).read_bytes() for n in names)


def _peak(folder: Path, enterprises: int) -> int:
    tracemalloc.start()
    try:
        write_province(folder, enterprises, seed=1)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat(tmp_path: Path) -> None:
    """Rows go to disk as they are made: ten times the enterprises, about the same peak."""
    small = _peak(tmp_path / "small", 200)
    large = _peak(tmp_path / "large", 2_000)
    assert large < 1.5 * small, (small, large)


def test_holder_on() -> None:
    from synth.province import Term

    terms = [Term("A", 10, 19), Term("B", 25, None)]
    assert [holder_on(terms, d) for d in (9, 10, 19, 20, 25, HORIZON)] == [
        None,
        "A",
        "A",
        None,
        "B",
        "B",
    ]


def test_sizes() -> None:
    assert list(iter_sizes("S, m,120")) == [("S", 500), ("M", 5_000), ("120", 120)]
    with pytest.raises(ValueError, match="size 'X'"):
        list(iter_sizes("S,X"))


# -- the command ---------------------------------------------------------------------------
def test_cli_writes_a_valid_province(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p"
    assert main(["synth", str(out), "--enterprises", "30", "--seed", "4"]) == 0
    said = capsys.readouterr().out
    assert "30 enterprises (seed 4)" in said
    assert validate_path(out)[0].ok


def test_cli_needs_no_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """synth writes files only: an unreadable store does not stop it."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "graph.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("ACCGRAPH_HOME", str(home))
    assert main(["synth", str(tmp_path / "p"), "--enterprises", "5"]) == 0


@pytest.mark.parametrize("count", ["0", "-3", "many"])
def test_cli_refuses_a_bad_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], count: str
) -> None:
    assert main(["synth", str(tmp_path / "p"), "--enterprises", count]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert not (tmp_path / "p").exists()


def test_cli_keeps_a_folder_that_has_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.csv").write_text("keep me", encoding="utf-8")
    assert main(["synth", str(tmp_path), "--enterprises", "5"]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.csv"]


def test_cli_reports_an_unwritable_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["synth", str(blocker / "sub"), "--enterprises", "5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("accgraph: error: ")
    assert "Traceback" not in err


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_title_is_in_chinese_too(province: Path) -> None:
    # a Chinese page of a generated province names posts, hazards and accidents in Chinese
    for table, column in (
        ("positions", "title_zh"),
        ("hazards", "title_zh"),
        ("accidents", "title_zh"),
        ("emergency_plans", "title_zh"),
        ("duties", "text_zh"),
    ):
        rows = _rows(province, table)
        assert rows, table
        assert all(_chinese(r[column]) for r in rows), (table, column)
    positions = _rows(province, "positions")
    titles = {(r["title"], r["title_zh"]) for r in positions}
    assert ("Secretary", "省委书记") in titles
    assert ("Head", "省长") in titles
    assert ("General Manager", "总经理") in titles
    # a government's deputies take its head's title: a city's 副市长, a district's 副区长
    heads = {r["org_id"]: r["title_zh"] for r in positions if r["id"].endswith("-GOV-P")}
    for r in positions:
        if r["title"] == "Deputy Head":
            assert r["title_zh"] == "副" + heads[r["org_id"]]
