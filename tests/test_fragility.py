"""Single points of failure and load per person: against ``vacancy_impact`` for every post,
hand-worked on the sample, identical on both stores, and the ``accgraph spof`` command.

Hand-worked ranking on 2019-06-30 (from data/sample, not from running the code):
  Open that day (hazards.csv: found <= D, closed blank or later): HZ-002 (ENT-001), HZ-003
  (ENT-002), HZ-004 and HZ-021 (ENT-003), HZ-005 (ENT-004), HZ-006 (ENT-017), HZ-007
  (ENT-011), HZ-008 (ENT-014), HZ-010 (ENT-006), HZ-012 (ENT-012), HZ-013 (ENT-010), HZ-017
  (ENT-005), HZ-022 (ENT-013): 13, all at Dalian enterprises.
  A post loses an enterprise (and its open hazards) at a level where it is the only post
  with entries:
  - POS-010 (ORG-010 director, P-111 since 2019-01-01): comprehensive (ORG-010 over R-002,
    the only post because ORG-018 has none, and R-006/R-007/R-008 have no district bureau)
    for ENT-001, 002, 003, 006, 007, 008, 009, 010, 013, 014; industry (ORG-010 for SEC-001,
    alone) for ENT-001, 002, 003. Ten enterprises + 1+1+2+1+0+0+0+1+1+1 hazards = 18;
    industry: 3 + 4 hazards = 7, comprehensive: 18.
  - POS-016 (ORG-014 director, P-118): specialized (ORG-014 for SEC-001 from 2019-01-01, and
    by enterprise for ENT-009, ENT-010) for ENT-001, 002, 003, 004, 009, 010; industry
    (ORG-014 for SEC-060) for ENT-015. Seven enterprises + 1+1+2+1+0+1+0 hazards = 13.
  - POS-012 (ORG-011, specialized for SEC-020) for ENT-006, 007, 008 + HZ-010 = 4.
  - POS-018 (ORG-016, industry for SEC-022/023/070) for ENT-007, 008, 010 + HZ-013 = 4.
  - then five posts with 2 (POS-007: leadership for ENT-014, whose industry department
    ORG-017 has no assignment; POS-013, POS-014, POS-019 by industry; POS-124, ENT-012's
    safety manager while its principal post is vacant since 2019-05-01): POS-007 first by id.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path

import pytest

from graph_model.accountability import chain, vacancy_impact
from graph_model.fragility import LoadReport, person_load, single_points_of_failure, snapshot
from graph_model.schema import Label
from graph_model.store import GraphStore, MemoryStore
from graph_model.store.neo4j_store import Neo4jStore
from loaders import load_path
from tests.conftest import SAMPLE
from tests.generated import generate, write_dataset
from tests.test_cli import accgraph


@pytest.fixture
def sample(store: GraphStore) -> GraphStore:
    load_path(SAMPLE, store)
    return store


def _positions(store: GraphStore) -> list[str]:
    return store.ids_with_label(Label.POSITION)


def _agrees_with_vacancy(store: GraphStore, day: str) -> int:
    """spof's count for every post equals the subjects vacancy_impact lists; returns how
    many posts lose something."""
    report = single_points_of_failure(store, day)
    listed = {p.position_id: p for p in report.positions}
    for post in _positions(store):
        impact = vacancy_impact(store, post, day)
        lost = {(x.subject_id, x.level) for x in impact.lost}
        assert report.lost_by(post) == len({s for s, _ in lost}), (post, day)
        if post in listed:
            assert set(listed[post].lost) == lost, (post, day)
    return len(report.positions)


def test_spof_agrees_with_vacancy_for_every_post_of_the_sample(sample: GraphStore) -> None:
    assert _agrees_with_vacancy(sample, "2019-06-30") == 10
    assert _agrees_with_vacancy(sample, "2018-09-01") > 0


def test_top_five_on_2019_06_30_by_hand(sample: GraphStore) -> None:
    report = single_points_of_failure(sample, "2019-06-30", top=5)
    assert [(p.position_id, p.subjects_lost, p.by_level) for p in report.positions] == [
        ("POS-010", 18, {"industry_supervision": 7, "comprehensive_supervision": 18}),
        ("POS-016", 13, {"industry_supervision": 1, "specialized_supervision": 12}),
        ("POS-012", 4, {"specialized_supervision": 4}),
        ("POS-018", 4, {"industry_supervision": 4}),
        ("POS-007", 2, {"leadership_in_charge": 2}),
    ]
    assert report.positions[0].holders == ("P-111",)
    assert report.positions[3].holders == ("P-110",)  # moved from ORG-010 to ORG-016 in 2019


@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_spof_agrees_with_vacancy_on_generated_data(seed: int, tmp_path: Path) -> None:
    tables = generate(seed, "small")
    store = MemoryStore()
    load_path(write_dataset(tables, tmp_path / "data"), store)
    day = random.Random(seed).choice(["2016-06-30", "2017-12-31", "2018-09-01", "2019-06-30"])
    _agrees_with_vacancy(store, day)


def test_an_enterprise_that_supervises_is_counted_as_vacancy_counts_it(tmp_path: Path) -> None:
    """An enterprise listed among the organizations may hold a supervision row (valid data):
    ENT-001 over ENT-002, specialized. On 2018-09-01 its general manager's post POS-101 is
    then the only specialized post for ENT-002, but ``vacancy_impact`` checks an enterprise
    post's own enterprise only (and what the departments it is in charge of cover); the
    ranking counts the same subjects."""
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    with (folder / "organizations.csv").open("a", encoding="utf-8") as fh:
        fh.write('ENT-001,"Hengrun Petrochemical",恒润石化,enterprise,R-003,,SRC-010\n')
    with (folder / "supervision.csv").open("a", encoding="utf-8") as fh:
        fh.write("ENT-001,,,ENT-002,specialized,2016-01-01,,SRC-012\n")
    store = MemoryStore()
    load_path(folder, store)
    assert any(
        e.position_id == "POS-101"
        for e in chain(store, "ENT-002", "2018-09-01").entries
        if e.level == "specialized_supervision"
    )
    assert single_points_of_failure(store, "2018-09-01").lost_by("POS-101") == len(
        {x.subject_id for x in vacancy_impact(store, "POS-101", "2018-09-01").lost}
    )
    _agrees_with_vacancy(store, "2018-09-01")


def test_load_counts_the_chains_a_person_is_in(sample: GraphStore) -> None:
    """Each person's subjects are exactly the enterprises and open hazards in whose chain
    they are on the day (checked by chaining every hazard, which the ranking avoids)."""
    day = "2019-06-30"
    snap = snapshot(sample, day)
    expected: dict[str, set[str]] = {}
    by_level: dict[tuple[str, str], set[str]] = {}
    subjects = list(snap.entries) + [h for hs in snap.open_hazards.values() for h in hs]
    for subject in subjects:
        for e in chain(sample, subject, day).entries:
            expected.setdefault(e.person_id, set()).add(subject)
            by_level.setdefault((e.person_id, e.level), set()).add(subject)
    report = person_load(sample, day, snap=snap)
    assert {p.person_id: set(p.subjects) for p in report.persons} == expected
    for p in report.persons:
        assert p.by_level == {lv: len(s) for (pid, lv), s in by_level.items() if pid == p.person_id}
    # asg.: POS-007 (P-102) in charge of ORG-010 and ORG-012; ORG-010 covers every Dalian
    # enterprise comprehensively: 16 enterprises + 13 open hazards = 29, two departments
    first = report.persons[0]
    assert (first.person_id, len(first.subjects), first.departments) == (
        "P-102",
        29,
        ("ORG-010", "ORG-012"),
    )


# -- both stores -----------------------------------------------------------------------------
@pytest.mark.neo4j
@pytest.mark.parametrize("seed", [4, 7])
def test_stores_give_identical_rankings(seed: int, neo4j_store: Neo4jStore, tmp_path: Path) -> None:
    tables = generate(seed, "small")
    mem = MemoryStore()
    folder = write_dataset(tables, tmp_path / "data")
    for s in (mem, neo4j_store):
        load_path(folder, s)
    for day in ("2017-06-30", "2019-06-30"):
        assert (
            single_points_of_failure(mem, day).to_json()
            == single_points_of_failure(neo4j_store, day).to_json()
        )
        assert person_load(mem, day).to_json() == person_load(neo4j_store, day).to_json()


@pytest.mark.parametrize("seed", [4, 7])
def test_the_top_of_a_ranking_is_the_head_of_the_whole_ranking(seed: int, tmp_path: Path) -> None:
    """Only the posts and persons kept are named and their subjects sorted: ``top`` gives the
    first ``top`` of the ranking made without it, field for field."""
    store = MemoryStore()
    load_path(write_dataset(generate(seed, "small"), tmp_path / "data"), store)
    day = "2019-06-30"
    posts, persons = single_points_of_failure(store, day), person_load(store, day)
    assert posts.positions  # not an empty comparison
    assert persons.persons
    for top in (1, 3, len(persons.persons) + 5):
        assert single_points_of_failure(store, day, top).positions == posts.positions[:top]
        assert person_load(store, day, top).persons == persons.persons[:top]


# -- the command -----------------------------------------------------------------------------
def test_spof_command_formats() -> None:
    base = ("--data", str(SAMPLE), "spof", "--as-of", "2019-06-30", "--top", "5")
    data = json.loads(accgraph(*base, "--format", "json").stdout)
    assert data["as_of"] == "2019-06-30"
    assert [p["position_id"] for p in data["positions"]] == [
        "POS-010",
        "POS-016",
        "POS-012",
        "POS-018",
        "POS-007",
    ]
    assert {"position_title", "org_id", "holders", "subjects_lost", "by_level"} <= set(
        data["positions"][0]
    )
    rows = accgraph(*base, "--format", "csv").stdout.splitlines()
    assert len(rows) == 6
    assert rows[1].startswith("2019-06-30,1,POS-010,")
    persons = json.loads(accgraph(*base, "--persons", "--format", "json").stdout)
    assert persons["persons"][0]["person_id"] == "P-102"
    assert "POS-010" in accgraph(*base).stdout


@pytest.mark.parametrize("persons", [False, True])
def test_spof_json_is_the_report_one_item_a_line(persons: bool, sample: GraphStore) -> None:
    """The JSON is the report's ``to_json()``, each post (or person) on a line of its own:
    written by json's C encoder as it goes, not indented in Python (535k persons at P)."""
    day = "2019-06-30"
    extra = ("--persons",) if persons else ()
    text = accgraph("--data", str(SAMPLE), "spof", "--as-of", day, *extra, "--format", "json")
    report = person_load(sample, day) if persons else single_points_of_failure(sample, day)
    listed = report.persons if isinstance(report, LoadReport) else report.positions
    assert json.loads(text.stdout) == report.to_json()
    key = '"person_id": ' if persons else '"position_id": '
    lines = [line for line in text.stdout.splitlines() if line.startswith("    {" + key)]
    assert len(lines) == len(listed) > 3


@pytest.mark.parametrize("top", ["0", "x", "-3"])
def test_spof_command_rejects_a_bad_top(top: str) -> None:
    result = accgraph("--data", str(SAMPLE), "spof", "--top", top)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_spof_csv_neutralises_formulas(tmp_path: Path) -> None:
    """A post title a spreadsheet would run as a formula starts with ``'`` in the CSV."""
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    positions = (folder / "positions.csv").read_text(encoding="utf-8")
    positions = positions.replace(
        '"Director, Dalian Emergency Management Bureau"', '"=HYPERLINK(""http://x"",""y"")"', 1
    )
    (folder / "positions.csv").write_text(positions, encoding="utf-8")
    result = accgraph("--data", str(folder), "spof", "--as-of", "2019-06-30", "--format", "csv")
    assert result.returncode == 0, result.stderr
    row = next(r for r in csv.reader(io.StringIO(result.stdout)) if r[2:3] == ["POS-010"])
    assert row[3] == '\'=HYPERLINK("http://x","y")'
