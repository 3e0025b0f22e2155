"""What ``accgraph gaps`` writes, made the fast way at a province's size: ``Gap.to_json`` is
what ``dataclasses.asdict`` gave, the JSON is the report's with one gap per line (the same
whatever ``--lang``), and ``--lang zh`` names every node a detail names."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

from accgraph.queries import write_gaps_json
from graph_model import gap_wording
from graph_model.accountability import gaps
from graph_model.results import GapReport
from graph_model.store import GraphStore, MemoryStore
from loaders import load_path
from synth import write_province
from tests.conftest import SAMPLE
from tests.test_cli import accgraph

DAYS = ("2018-03-15", "2019-06-30")


def _reports(tmp_path: Path) -> list[GapReport]:
    sample = MemoryStore(tmp_path / "sample.json")
    load_path(SAMPLE, sample)
    province = MemoryStore(tmp_path / "province.json")
    write_province(tmp_path / "province", 12)
    load_path(tmp_path / "province", province)
    return [gaps(sample, day) for day in DAYS] + [gaps(province, "2025-06-30")]


def test_gap_json_is_what_asdict_gave_and_a_copy(tmp_path: Path) -> None:
    kinds = set()
    for report in _reports(tmp_path):
        for gap in report.gaps:
            expected = dataclasses.asdict(gap)
            expected["missing"] = list(gap.missing)
            assert gap.to_json() == expected
            assert list(gap.to_json()) == list(expected), "the keys in the same order"
            kinds.add(gap.kind)
            data = gap.to_json()
            for value in data["facts"].values():
                if isinstance(value, list):
                    value.append("changed")
            data["facts"]["added"] = 1
            assert gap.to_json() == expected, "the gap's facts are not the JSON's"
    assert len(kinds) >= 8, kinds


def test_the_json_writer_gives_the_report_one_gap_a_line(tmp_path: Path) -> None:
    for report in [*_reports(tmp_path), GapReport("2020-01-01", ())]:
        out = io.StringIO()
        write_gaps_json(report, out)
        text = out.getvalue()
        assert json.loads(text) == report.to_json()
        gap_lines = [line for line in text.splitlines() if line.startswith('    {"kind": ')]
        assert len(gap_lines) == len(report.gaps)
        assert text.endswith("}\n")
        if not report.gaps:
            assert '"gaps": []' in text


def test_the_cli_json_is_the_report_in_either_language() -> None:
    args = ("--data", str(SAMPLE), "gaps", "--as-of", DAYS[1], "--format", "json")
    en, zh = accgraph(*args).stdout, accgraph(*args, "--lang", "zh").stdout
    assert en == zh, "JSON keeps English details and names"
    data = json.loads(en)
    assert data["as_of"] == DAYS[1]
    assert len(data["gaps"]) == sum(data["counts"].values()) > 0


def test_every_id_a_detail_names_is_looked_up(tmp_path: Path) -> None:
    """``gap_names`` fetches the Chinese names of ``named_in(facts)``: the ids ``describe``
    asks its namer for are among them, for every gap of every kind."""
    asked_for = 0
    for report in _reports(tmp_path):
        for gap in report.gaps:
            asked: list[str] = []

            def name_of(node_id: str, asked: list[str] = asked) -> str:
                asked.append(node_id)
                return node_id

            gap_wording.describe(gap.kind, gap.facts, "zh", name_of)
            assert set(asked) <= set(gap_wording.named_in(gap.facts)), gap
            asked_for += len(asked)
    assert asked_for, "some detail names a node"


def test_an_unheld_duty_gives_its_posts_chinese_title(store: GraphStore) -> None:
    """The facts of a ``duty_unheld`` gap carry its post's ``title_zh`` (they carried a
    ``name_zh`` that posts never have: always null), on both stores, whatever path."""
    load_path(SAMPLE, store)
    for report in (gaps(store, DAYS[1]), gaps(store, DAYS[1], facts=store.graph_facts(DAYS[1]))):
        (duty,) = [g for g in report.gaps if g.kind == "duty_unheld"]
        assert duty.facts["position_id"] == "POS-001"
        assert duty.facts["position_name_zh"] == "中共大连市委书记"
        assert "中共大连市委书记" in gap_wording.describe(duty.kind, duty.facts, "zh")
