"""The ``accgraph`` command as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, SAMPLE, neo4j_uri


def accgraph(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "accgraph", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_load_then_stats_on_the_embedded_store(tmp_path: Path) -> None:
    env = {"ACCGRAPH_HOME": str(tmp_path)}
    first = accgraph("load", str(SAMPLE), env=env)
    assert first.returncode == 0, first.stderr
    assert "nodes 341 created" in first.stdout
    stats = json.loads(accgraph("stats", "--format", "json", env=env).stdout)
    again = accgraph("load", str(SAMPLE), env=env)
    assert "nodes 0 created, 0 changed; relationships 0 created, 0 changed, 0 removed" in (
        again.stdout
    )
    assert json.loads(accgraph("stats", "--format", "json", env=env).stdout) == stats
    assert (tmp_path / "graph.json").exists()
    history = (tmp_path / "load-history.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(history) == 2
    assert json.loads(history[0])["files"]["hazards.csv"]


def test_planted_errors_exit_1_and_report_every_error(tmp_path: Path) -> None:
    env = {"ACCGRAPH_HOME": str(tmp_path)}
    result = accgraph("load", str(DATA / "planted_errors"), env=env)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    for expected in (
        "accidents.csv:2: grade:",
        "accidents.csv:3: deaths:",
        "appointments.csv:3: end:",
        "appointments.csv:6: person_id:",
        "appointments.csv:7: position_id:",
        "enterprises.csv:2: uscc:",
        "hazards.csv:2: found_on:",
        "persons.csv:5: id:",
        "positions.csv:4: role:",
        "regions.csv:2: level:",
        "regions.csv:2: parent_id:",
        "sectors.csv:2: parent_id:",
    ):
        assert any(line.startswith(expected) for line in lines), (expected, lines)
    assert "nothing was loaded" in lines[-1]
    assert not (tmp_path / "graph.json").exists()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    env = {"ACCGRAPH_HOME": str(tmp_path)}
    result = accgraph("load", str(SAMPLE), "--dry-run", env=env)
    assert result.returncode == 0
    assert "dry run, nothing written" in result.stdout
    assert not (tmp_path / "graph.json").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("load", "does/not/exist"), "no such file or folder"),
        (("chain", "NOPE"), "no hazard, accident or enterprise with id 'NOPE'"),
        (("chain", "HZ-001", "--as-of", "2018-02-30"), "not a date on the calendar"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    args: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    data = () if args[0] == "load" else ("--data", str(SAMPLE))
    result = accgraph(*data, *args, env={"ACCGRAPH_HOME": str(tmp_path)})
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_neo4j_is_a_one_line_error(tmp_path: Path) -> None:
    result = accgraph(
        "--backend",
        "neo4j",
        "stats",
        env={"NEO4J_URI": "bolt://127.0.0.1:9", "ACCGRAPH_HOME": str(tmp_path)},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("accgraph: error: Neo4j unreachable at bolt://127.0.0.1:9")


def test_chain_table_shows_levels_vacancies_and_sources() -> None:
    result = accgraph("--data", str(SAMPLE), "chain", "HZ-011")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "industry_supervision · 行业监管" in out
    assert "!! POST_VACANT: POS-014" in out
    assert "sources: " in out


def test_gaps_csv_has_a_row_per_gap() -> None:
    result = accgraph("--data", str(SAMPLE), "gaps", "--as-of", "2019-06-30", "--format", "csv")
    report = json.loads(
        accgraph("--data", str(SAMPLE), "gaps", "--as-of", "2019-06-30", "--format", "json").stdout
    )
    rows = result.stdout.strip().splitlines()
    assert rows[0].startswith("as_of,kind,subject_id")
    assert len(rows) - 1 == len(report["gaps"]) == sum(report["counts"].values())


@pytest.mark.neo4j
def test_both_stores_print_identical_answers(neo4j_store: object, tmp_path: Path) -> None:
    """The issue's check: the same commands on --backend neo4j and on --data print the same."""
    uri = neo4j_uri()
    assert uri
    env = {"NEO4J_URI": uri, "ACCGRAPH_HOME": str(tmp_path)}
    assert accgraph("--backend", "neo4j", "load", str(SAMPLE), env=env).returncode == 0
    commands = [
        ("stats", "--format", "json"),
        ("chain", "HZ-011", "--format", "json"),
        ("chain", "ACC-001", "--format", "json"),
        ("chain", "HZ-006", "--as-of", "2018-05-01", "--format", "json"),
        ("gaps", "--as-of", "2019-06-30", "--format", "json"),
        ("gaps", "--as-of", "2018-03-15", "--format", "json"),
        ("person", "P-104", "--as-of", "2018-09-01", "--format", "json"),
        ("org", "ORG-014", "--as-of", "2018-09-01", "--format", "json"),
        ("vacancy", "POS-014", "--as-of", "2018-09-01", "--format", "json"),
    ]
    for command in commands:
        on_neo4j = accgraph("--backend", "neo4j", *command, env=env)
        embedded = accgraph("--data", str(SAMPLE), *command, env=env)
        assert on_neo4j.returncode == embedded.returncode == 0, on_neo4j.stderr
        assert on_neo4j.stdout == embedded.stdout, command


def test_gaps_in_chinese_and_the_facts_behind_the_details() -> None:
    # issue 10, defect 4: details worded in either language from structured facts
    args = ("--data", str(SAMPLE), "gaps", "--as-of", "2019-06-30", "--kind", "hazard_overdue")
    table = accgraph(*args, "--lang", "zh").stdout
    assert "整改期限 2019-06-20，已逾期 10 天" in table  # HZ-012
    assert "days overdue" not in table
    report = json.loads(accgraph(*args, "--format", "json").stdout)
    hz012 = next(g for g in report["gaps"] if g["subject_id"] == "HZ-012")
    assert hz012["detail"] == "deadline 2019-06-20, 10 days overdue"  # the contract: English
    assert hz012["facts"] == {"deadline": "2019-06-20", "days_overdue": 10}


def test_gaps_in_chinese_name_what_they_name_in_chinese() -> None:
    # issue 10, defect 4: `--lang zh` gave English subject names and kind codes
    args = ("--data", str(SAMPLE), "gaps", "--as-of", "2019-06-30")
    table = accgraph(*args, "--lang", "zh").stdout
    assert "企业主要负责人空缺 (1)" in table
    assert "ENT-012            大连安运危险货物运输有限公司" in table  # enterprises.csv name_zh
    assert "Dalian Anyun" not in table
    # an overlap: its region and sector, and the organizations its detail lists
    assert "大连市·工贸" in table
    assert "大连市应急管理局（ORG-010）" in table
    rows = list(csv.reader(io.StringIO(accgraph(*args, "--lang", "zh", "--format", "csv").stdout)))
    ent012 = next(r for r in rows if r[2] == "ENT-012")
    assert ent012[3] == "大连安运危险货物运输有限公司"
    english = accgraph(*args).stdout
    assert "Dalian Anyun Dangerous Goods Transport" in english
    assert "enterprise_no_principal (1)" in english


def test_a_command_runs_with_the_opened_graph_frozen_and_gives_it_back() -> None:
    # every full pass of the collector walked the opened graph again: 1.2 s of a chain at L.
    # In a process of its own: answers built in this one (the app's tests) may be frozen.
    script = """
import gc, sys
from accgraph import cli
seen = []
cli.COMMANDS["stats"] = lambda args, store: seen.append(gc.get_freeze_count()) or 0
before = gc.get_freeze_count()
code = cli.main(["--data", sys.argv[1], "stats"])
print(before, code, seen, gc.get_freeze_count())
"""
    run = subprocess.run(
        [sys.executable, "-c", script, str(SAMPLE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    before, code, seen, after = run.stdout.split(" ", 3)
    assert (before, code) == ("0", "0")
    frozen = json.loads(seen)
    assert len(frozen) == 1
    assert frozen[0] > 1000  # the sample's graph, out of the passes
    assert after.strip() == "0"  # given back: an in-process caller's heap as it was
