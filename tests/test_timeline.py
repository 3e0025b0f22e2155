"""Timelines: hand-worked on the sample, day by day against ``chain`` on generated datasets,
identical on both stores, and the ``accgraph timeline`` command.

The sample expectations were worked out by hand from data/sample (not by running the code):
  HZ-004 (hazards.csv): ENT-003, found 2018-11-15, deadline 2019-05-31, never closed, owner
  P-209. ENT-003 (enterprises.csv): sector SEC-002 (-> SEC-001), region R-003 (-> R-002 ->
  R-001). "app." = appointments.csv, "sup." = supervision.csv, "asg." = assignments.csv.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from graph_model.accountability import SubjectNotFound, chain
from graph_model.store import GraphStore, MemoryStore
from graph_model.store.neo4j_store import Neo4jStore
from graph_model.timeline import Timeline, timeline
from loaders import load_path
from tests.conftest import SAMPLE
from tests.generated import generate, write_dataset
from tests.test_cli import accgraph

ENT, OWN, IND, SPE, COM, LIC, PRI = (
    "enterprise",
    "hazard_owner",
    "industry_supervision",
    "specialized_supervision",
    "comprehensive_supervision",
    "leadership_in_charge",
    "principal_leadership",
)


@pytest.fixture
def sample(store: GraphStore) -> GraphStore:
    load_path(SAMPLE, store)
    return store


def _periods(t: Timeline) -> set[tuple[str, str, str | None, str, str, str]]:
    return {
        (p.level, p.person_id, p.position_id, p.responsibility, p.start, p.end) for p in t.periods
    }


def test_hz004_by_hand(sample: GraphStore) -> None:
    t = timeline(sample, "HZ-004", "2018-11-15", "2019-06-30")
    end = "2019-06-30"
    assert _periods(t) == {
        # app.: POS-106 (ENT-003 safety manager) P-209 from 2016-01-01, open-ended
        (ENT, "P-209", "POS-106", "enterprise_management", "2018-11-15", end),
        # app.: POS-105 (ENT-003 principal) P-207 until 2018-09-30, P-208 from 2019-02-01
        (ENT, "P-208", "POS-105", "enterprise_first_responsible", "2019-02-01", end),
        # hazards.csv: owner P-209 (no post, no dates)
        (OWN, "P-209", None, "rectification", "2018-11-15", end),
        # sup.: ORG-010 industry SEC-001/R-002; app.: POS-010 P-110 to 2018-12-31, then P-111
        (IND, "P-110", "POS-010", IND, "2018-11-15", "2018-12-31"),
        (IND, "P-111", "POS-010", IND, "2019-01-01", end),
        # sup.: ORG-014 specialized SEC-001/R-002 from 2019-01-01; POS-016 held by P-118
        (SPE, "P-118", "POS-016", SPE, "2019-01-01", end),
        # sup.: ORG-010 comprehensive R-002 (same director); ORG-018 R-003 has no post
        (COM, "P-110", "POS-010", COM, "2018-11-15", "2018-12-31"),
        (COM, "P-111", "POS-010", COM, "2019-01-01", end),
        # asg.: POS-007 -> ORG-010 (found at comprehensive: leadership_safety), P-102 since
        # 2018-04-01; POS-008 -> ORG-014 (found only from 2019-01-01), P-104 since 2018-07-01
        (LIC, "P-102", "POS-007", "leadership_safety", "2018-11-15", end),
        (LIC, "P-104", "POS-008", "leadership_direct", "2019-01-01", end),
        # organizations.csv: ORG-002 POS-003 P-001; ORG-003 POS-006 P-003;
        # ORG-001 POS-001 nobody ever
        (PRI, "P-001", "POS-003", "leadership_first", "2018-11-15", end),
        (PRI, "P-003", "POS-006", "leadership_first", "2018-11-15", end),
    }
    assert [(g.level, g.reason, g.subject_id, g.start, g.end) for g in t.gaps] == [
        (ENT, "post_vacant", "POS-105", "2018-11-15", "2019-01-31"),  # between P-207 and P-208
        (SPE, "none_found", "ENT-003", "2018-11-15", "2018-12-31"),  # ORG-014 not yet
        (COM, "no_post", "ORG-018", "2018-11-15", end),  # positions.csv: ORG-018 has none
        (LIC, "no_assignment", "ORG-018", "2018-11-15", end),  # asg.: none to ORG-018
        (PRI, "post_vacant", "POS-001", "2018-11-15", end),
    ]
    assert [(m.what, m.day) for m in t.marks] == [
        ("found", "2018-11-15"),
        ("deadline", "2019-05-31"),
    ]
    # the chain changes on 2019-01-01 (P-111 and ORG-014's row start) and 2019-02-01 (P-208):
    # three chains computed, none for the days other posts change (e.g. P-135's 2019-05-15)
    assert t.stretches == 3
    # who held the principal post on the day the deadline passed (2019-06-01)
    held, _ = t.on("2019-06-01")
    assert {p.person_id for p in held if p.position_id == "POS-105"} == {"P-208"}


def test_default_ranges_and_marks(sample: GraphStore) -> None:
    # HZ-001: found 2018-09-20, deadline 2018-12-31, closed 2018-12-20 -> found to closed
    t = timeline(sample, "HZ-001")
    assert (t.start, t.end) == ("2018-09-20", "2018-12-20")
    assert [(m.what, m.day) for m in t.marks] == [
        ("found", "2018-09-20"),
        ("closed", "2018-12-20"),
        ("deadline", "2018-12-31"),
    ]
    # accidents.csv: ACC-001 occurred on 2018-06-05 -> the year before it, up to it
    accident = timeline(sample, "ACC-001")
    assert (accident.start, accident.end) == ("2017-06-05", "2018-06-05")
    assert [(m.what, m.day) for m in accident.marks] == [("occurred", "2018-06-05")]


def test_errors_are_one_reason(sample: GraphStore) -> None:
    with pytest.raises(SubjectNotFound):
        timeline(sample, "NO-SUCH")
    with pytest.raises(ValueError, match="empty"):
        timeline(sample, "HZ-004", "2019-06-30", "2019-01-01")


# -- day by day against chain(), on generated datasets ---------------------------------------
def _check_days(store: GraphStore, subject: str, t: Timeline, days: list[str]) -> None:
    for day in days:
        c = chain(store, subject, day)
        held, open_gaps = t.on(day)
        assert sorted(
            (p.level, p.person_id, p.position_id, p.responsibility) for p in held
        ) == sorted((e.level, e.person_id, e.position_id, e.responsibility) for e in c.entries), (
            subject,
            day,
        )
        assert sorted((g.level, g.reason, g.subject_id) for g in open_gaps) == sorted(
            (g.level, g.reason, g.subject_id) for g in c.gaps
        ), (subject, day)


def _random_days(rng: random.Random, t: Timeline, k: int) -> list[str]:
    first, last = date.fromisoformat(t.start), date.fromisoformat(t.end)
    span = (last - first).days
    days = {t.start, t.end, *(p.start for p in t.periods), *(p.end for p in t.periods)}
    days |= {(first + timedelta(days=rng.randint(0, span))).isoformat() for _ in range(k)}
    return sorted(days)


@pytest.mark.parametrize("seed", range(6))
def test_timeline_agrees_with_chain_day_by_day(seed: int, tmp_path: Path) -> None:
    """Random subjects, random days, and every period's first and last day (and so the days
    either side of each change): the periods covering D are the entries of chain(D)."""
    tables = generate(seed, "small")
    store = MemoryStore()
    load_path(write_dataset(tables, tmp_path / "data"), store)
    rng = random.Random(seed)
    subjects = [r["id"] for t in ("hazards", "accidents", "enterprises") for r in tables[t]]
    for subject in rng.sample(subjects, min(4, len(subjects))):
        start = f"{rng.randint(2015, 2019)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        end = (date.fromisoformat(start) + timedelta(days=rng.randint(0, 900))).isoformat()
        t = timeline(store, subject, start, end)
        assert t.stretches <= 1 + len(store.change_days(start, end))
        _check_days(store, subject, t, _random_days(rng, t, 12))
        # periods are maximal: the same entry never ends the day before it starts again
        runs = {}
        for p in sorted(t.periods, key=lambda p: p.start):
            key = (p.level, p.person_id, p.position_id, p.responsibility)
            if key in runs:
                gap_start = date.fromisoformat(runs[key]) + timedelta(days=1)
                assert gap_start.isoformat() < p.start, (subject, key)
            runs[key] = p.end


def test_change_days_include_the_day_after_an_end(tmp_path: Path) -> None:
    # app.: P-110 holds POS-010 until 2018-12-31 and P-111 from 2019-01-01: one change day;
    # P-135 holds POS-035 until 2019-05-14: the chain changes on 2019-05-15
    store = MemoryStore()
    load_path(SAMPLE, store)
    days = store.change_days("2018-12-01", "2019-06-30")
    assert "2019-01-01" in days
    assert "2019-05-15" in days
    assert "2019-05-14" not in days
    assert days == sorted(set(days))
    assert all("2018-12-01" < d <= "2019-06-30" for d in days)


# -- both stores -----------------------------------------------------------------------------
@pytest.mark.neo4j
@pytest.mark.parametrize("seed", [3, 7])
def test_stores_give_identical_timelines(
    seed: int, neo4j_store: Neo4jStore, tmp_path: Path
) -> None:
    tables = generate(seed, "small")
    mem = MemoryStore()
    folder = write_dataset(tables, tmp_path / "data")
    for s in (mem, neo4j_store):
        load_path(folder, s)
    assert mem.change_days("2014-01-01", "2021-12-31") == neo4j_store.change_days(
        "2014-01-01", "2021-12-31"
    )
    posts = [r["id"] for r in tables["positions"]][::3]
    orgs = [r["id"] for r in tables["organizations"]][::2]
    scoped = mem.change_days("2014-01-01", "2021-12-31", posts, orgs)
    assert scoped == neo4j_store.change_days("2014-01-01", "2021-12-31", posts, orgs)
    rng = random.Random(seed)
    subjects = [r["id"] for t in ("hazards", "accidents", "enterprises") for r in tables[t]]
    for subject in rng.sample(subjects, min(2, len(subjects))):
        a = timeline(mem, subject, "2017-01-01", "2019-12-31").to_json()
        b = timeline(neo4j_store, subject, "2017-01-01", "2019-12-31").to_json()
        assert a == b, subject


# -- the command -----------------------------------------------------------------------------
def test_timeline_command_json_and_table() -> None:
    result = accgraph(
        "--data", str(SAMPLE), "timeline", "HZ-004", "--to", "2019-06-30", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("2018-11-15", "2019-06-30")
    assert {"level", "person_id", "position_id", "responsibility", "start", "end"} <= set(
        data["periods"][0]
    )
    assert {"level", "reason", "subject_id", "start", "end"} <= set(data["gaps"][0])
    assert {"day": "2019-05-31", "what": "deadline"} in data["marks"]
    table = accgraph("--data", str(SAMPLE), "timeline", "HZ-004", "--to", "2019-06-30")
    assert "2018-11-15 – 2019-01-31  !! POST_VACANT  POS-105" in table.stdout
    assert "On the deadline day 2019-05-31:" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("timeline", "NO-SUCH"), "no hazard, accident or enterprise"),
        (("timeline", "HZ-004", "--from", "2019-06-30", "--to", "2019-01-01"), "empty"),
        (("timeline", "HZ-004", "--from", "2019-02-30"), "not a date on the calendar"),
    ],
)
def test_timeline_command_errors_are_one_line(args: tuple[str, ...], message: str) -> None:
    result = accgraph("--data", str(SAMPLE), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
