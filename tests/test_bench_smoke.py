"""The benchmark harness at a tiny size (in CI): every row of the table, every figure a
finite number. Not a timing assertion: the figures of a tiny run mean nothing."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from bench.table import MEASURES
from tests.conftest import ROOT, _shared_neo4j, require_chromium

pytestmark = [pytest.mark.e2e, pytest.mark.neo4j]
SIZES = ("5", "10")


def test_every_row_has_a_finite_figure(tmp_path: Path) -> None:
    neo = _shared_neo4j()  # skips locally without Neo4j, fails under CI
    require_chromium()
    figures_file = tmp_path / "figures.json"
    argv = ["--sizes", ",".join(SIZES), "--rounds", "1", "--chains", "6"]
    argv += ["--neo4j", neo.settings.uri, "--json", str(figures_file)]
    # its own process, as a user runs it: the browser tests before it leave Playwright's
    # event loop running in this one, and a second sync Playwright cannot start inside it
    run = subprocess.run(
        [sys.executable, "-m", "bench", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    printed = run.stdout
    table = [line for line in printed.splitlines() if line.startswith("| ")]
    assert len(table) == 1 + len(MEASURES)
    for m in MEASURES:
        assert any(line.startswith(f"| {m.label} |") for line in table), m.label
    assert "FAILED" not in printed
    assert "not run" not in printed

    document = json.loads(figures_file.read_text(encoding="utf-8"))
    assert document["not_run"] == {size: {} for size in SIZES}
    for i, size in enumerate(SIZES):
        figures = document["sizes"][size]
        for m in MEASURES:
            # growth needs a previous size; per-row MERGE runs at the smallest size only
            expected = not (m.growth_of and i == 0) and not (m.first_size_only and i > 0)
            if expected:
                assert m.key in figures, (size, m.key)
                assert math.isfinite(figures[m.key]), (size, m.key)
                assert figures[m.key] >= 0, (size, m.key)
            else:
                assert m.key not in figures, (size, m.key)
    assert document["sizes"]["10"]["data.enterprises"] == 10
    # a size this small gets more rounds of loads than asked for: a median of one or two
    # 2-second loads is one slow round of the machine (bench.harness.load_rounds)
    assert {document["sizes"][size]["neo4j.load_rounds"] for size in SIZES} == {5}
    assert neo.stats().labels == {}  # the harness leaves the database as it found it: empty
