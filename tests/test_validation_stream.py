"""The streaming validation reports what rule-by-rule validation reported, in the same
order: problems of one line follow the order of the rules; a reference to an id defined in
a table read later is judged at the end like any other; a long tree is walked once."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from loaders import validate_path
from tests.conftest import DATA

TINY = DATA / "tiny"


def _append(path: Path, *rows: list[str]) -> None:
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(TINY, folder)
    return folder


def test_problems_of_one_line_come_in_the_order_of_the_rules(tmp_path: Path) -> None:
    """A cell error, a repeated id, a reference to nowhere, then a bad interval: one row."""
    folder = _copy(tmp_path)
    # id, enterprise_id, title, grade, found_on, deadline, closed_on, owner_person_id, ...
    _append(
        folder / "hazards.csv",
        ["H-1", "E-NONE", "x", "severe", "2017-05-01", "2017-04-01", "", "P-NONE", "", "", "", ""],
    )
    report, _ = validate_path(folder)
    line = 1 + sum(1 for _ in (folder / "hazards.csv").open(encoding="utf-8")) - 1
    here = [str(p) for p in report.errors if p.file == "hazards.csv" and p.line == line]
    assert [h.split(":")[2].strip() for h in here] == [
        "grade",  # cells first
        "id",  # then unique ids
        "enterprise_id",  # references, in column order
        "owner_person_id",
        "deadline",  # intervals
    ], here


def test_a_reference_to_a_later_table_is_judged_by_its_kind(tmp_path: Path) -> None:
    """Positions are read before hazards: an org_id naming a hazard is found at the end
    and called a hazard; a parent naming an enterprise (read after organizations) is fine."""
    folder = _copy(tmp_path)
    _append(folder / "positions.csv", ["POS-X", "H-1", "Clerk", "deputy"])
    _append(folder / "organizations.csv", ["DEPT-X", "Dept", "department", "R-C", "E-1"])
    report, _ = validate_path(folder)
    errors = [str(p) for p in report.errors]
    assert any(
        e.startswith("positions.csv:") and "org_id: 'H-1' is a hazard, not an organization" in e
        for e in errors
    ), errors
    assert not any(e.startswith("organizations.csv:") for e in errors), errors


def test_a_cycle_at_the_far_end_of_a_long_chain_is_found_once(tmp_path: Path) -> None:
    """The walk up a tree stops at nodes walked from before (a chain of 3,000 regions is
    walked once, not once per start), yet a cycle above them is found, and reported once."""
    folder = _copy(tmp_path)
    rows = [[f"R-{i}", f"Region {i}", "", "township", f"R-{i + 1}"] for i in range(3000)]
    rows.append(["R-3000", "Top", "", "township", "R-2998"])  # closes a cycle at the top
    _append(folder / "regions.csv", *rows)
    report, _ = validate_path(folder)
    cycles = [str(p) for p in report.errors if "tree has a cycle" in p.message]
    assert len(cycles) == 1, cycles
    assert "R-2998 -> R-2999 -> R-3000 -> R-2998" in cycles[0]
