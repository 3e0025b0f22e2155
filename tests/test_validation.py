"""Every validation rule, each with an input that breaks it, reported as file:line: column."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from graph_model.store import MemoryStore
from loaders import InvalidDataset, Severity, load_path, validate_path
from tests.conftest import DATA

TINY = DATA / "tiny"
Rows = list[list[str]]


def _edit(folder: Path, table: str, change: Callable[[Rows], None]) -> None:
    path = folder / f"{table}.csv"
    rows = list(csv.reader(path.open(encoding="utf-8"))) if path.exists() else []
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _set(row: int, column: str, value: str) -> Callable[[Rows], None]:
    def change(rows: Rows) -> None:
        rows[row - 1][rows[0].index(column)] = value

    return change


def _append(*new: list[str]) -> Callable[[Rows], None]:
    return lambda rows: rows.extend(new)


def _accidents(*rows: list[str]) -> Callable[[Rows], None]:
    header = [
        "id",
        "enterprise_id",
        "occurred_on",
        "deaths",
        "missing",
        "serious_injuries",
        "direct_loss_cny",
        "grade",
    ]
    return lambda r: r.extend([header, *rows])


# (table, change, expected line prefix "file:line: column:", a word of the message)
CASES = {
    "date_not_iso": (
        "hazards",
        _set(2, "found_on", "01/05/2017"),
        "hazards.csv:2: found_on:",
        "YYYY-MM-DD",
    ),
    "date_not_on_calendar": (
        "hazards",
        _set(2, "deadline", "2017-02-30"),
        "hazards.csv:2: deadline:",
        "calendar",
    ),
    "enum": ("regions", _set(3, "level", "metropolis"), "regions.csv:3: level:", "one of"),
    "enum_role": ("positions", _set(2, "role", "boss"), "positions.csv:2: role:", "principal"),
    "count_type": (
        "accidents",
        _accidents(["A-1", "E-1", "2018-01-01", "three", "", "", "", ""]),
        "accidents.csv:2: deaths:",
        "whole number",
    ),
    "amount_type": ("hazards", _set(2, "funds_cny", "lots"), "hazards.csv:2: funds_cny:", "amount"),
    "required": ("positions", _set(3, "org_id", ""), "positions.csv:3: org_id:", "required"),
    "name_required": (
        "persons",
        lambda r: (_set(2, "name", "")(r), _set(2, "name_zh", "")(r)),
        "persons.csv:2: name:",
        "required",
    ),
    "duplicate_id": (
        "persons",
        _set(3, "id", "R-C"),
        "persons.csv:3: id:",
        "already used at regions.csv:3",
    ),
    "duplicate_id_same_table": (
        "persons",
        _append(["P-1", "Again", ""]),
        "persons.csv:6: id:",
        "persons.csv:2",
    ),
    "missing_reference": (
        "appointments",
        _append(["P-404", "POS-MAYOR", "", "", ""]),
        "appointments.csv:6: person_id:",
        "'P-404'",
    ),
    "reference_to_wrong_kind": (
        "appointments",
        _append(["P-1", "P-2", "", "", ""]),
        "appointments.csv:6: position_id:",
        "is a person",
    ),
    "missing_source": (
        "enterprises",
        _set(2, "source_id", "S-404"),
        "enterprises.csv:2: source_id:",
        "'S-404'",
    ),
    "region_cycle": (
        "regions",
        _set(2, "parent_id", "R-D"),
        "regions.csv:2: parent_id:",
        "R-P -> R-D -> R-C -> R-P",
    ),
    "sector_cycle": (
        "sectors",
        _set(2, "parent_id", "SEC-CHEM-STORE"),
        "sectors.csv:2: parent_id:",
        "cycle",
    ),
    "organization_cycle": (
        "organizations",
        _set(2, "parent_id", "EMB-C"),
        "organizations.csv:2: parent_id:",
        "cycle",
    ),
    "self_parent": (
        "regions",
        _set(2, "parent_id", "R-P"),
        "regions.csv:2: parent_id:",
        "R-P -> R-P",
    ),
    "end_before_start": (
        "appointments",
        _set(3, "end", "2015-01-01"),
        "appointments.csv:3: end:",
        "before start",
    ),
    "assignment_end_before_start": (
        "assignments",
        _set(2, "end", "2015-01-01"),
        "assignments.csv:2: end:",
        "before start",
    ),
    "closed_before_found": (
        "hazards",
        _set(2, "closed_on", "2017-04-01"),
        "hazards.csv:2: closed_on:",
        "before it was found",
    ),
    "uscc_check_digit": (
        "enterprises",
        _set(2, "uscc", "91350100M000100Y44"),
        "enterprises.csv:2: uscc:",
        "expected '3'",
    ),
    "uscc_length": (
        "enterprises",
        _set(2, "uscc", "9135010"),
        "enterprises.csv:2: uscc:",
        "not 18",
    ),
    "uscc_alphabet": (
        "enterprises",
        _set(2, "uscc", "91350100M000100YO3"),
        "enterprises.csv:2: uscc:",
        "not allowed: O",
    ),
    "accident_grade": (
        "accidents",
        _accidents(["A-1", "E-1", "2018-06-05", "12", "2", "", "", "relatively_large"]),
        "accidents.csv:2: grade:",
        "'major'",
    ),
    "accident_grade_by_loss": (
        "accidents",
        _accidents(["A-1", "E-1", "2018-06-05", "0", "0", "0", "100000000", "major"]),
        "accidents.csv:2: grade:",
        "'especially_serious'",
    ),
    "enterprise_listed_twice_in_two_regions": (
        "organizations",
        _append(["E-1", "Chem Storage Co.", "enterprise", "R-C", ""]),
        "enterprises.csv:2: region_id:",
        "contradicts organizations.csv:6",
    ),
    "supervision_without_target": (
        "supervision",
        _append(["IND-C", "SEC-CHEM", "", "", "industry", "", "", ""]),
        "supervision.csv:4: region_id:",
        "required",
    ),
    "supervision_industry_without_sector": (
        "supervision",
        _append(["IND-C", "", "R-C", "", "industry", "", "", ""]),
        "supervision.csv:4: sector_id:",
        "comprehensive",
    ),
}


def _broken(tmp_path: Path, table: str, change: Callable[[Rows], None]) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(TINY, folder)
    _edit(folder, table, change)
    return folder


def test_tiny_dataset_is_valid() -> None:
    report, _ = validate_path(TINY)
    assert report.errors == []
    assert report.warnings == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_reports_file_line_and_column(case: str, tmp_path: Path) -> None:
    table, change, where, word = CASES[case]
    report, batch = validate_path(_broken(tmp_path, table, change))
    lines = [str(p) for p in report.errors]
    matching = [line for line in lines if line.startswith(where)]
    assert matching, f"no error at {where!r}; got {lines}"
    assert any(word in line for line in matching), matching
    assert batch.nodes == []  # an invalid dataset builds nothing


def test_overlapping_principal_appointments_warn_and_load(tmp_path: Path) -> None:
    folder = _broken(
        tmp_path, "appointments", _append(["P-3", "POS-MAYOR", "2017-01-01", "2017-06-30", "S-1"])
    )
    store = MemoryStore()
    report = load_path(folder, store)
    assert [str(p) for p in report.warnings] == [
        "appointments.csv:6: start: warning: principal post 'POS-MAYOR' is also held by 'P-1' "
        "in the same period (appointments.csv:2)"
    ]
    assert store.stats().relationships["HOLDS"] == 5


def test_consecutive_appointments_do_not_warn(tmp_path: Path) -> None:
    folder = _broken(
        tmp_path,
        "appointments",
        lambda rows: (
            _set(2, "end", "2016-12-31")(rows),
            rows.append(["P-3", "POS-MAYOR", "2017-01-01", "", "S-1"]),
        ),
    )
    report, _ = validate_path(folder)
    assert report.problems == []


def test_unknown_file_and_extra_column_are_warnings(tmp_path: Path) -> None:
    folder = _broken(tmp_path, "persons", lambda rows: [r.append("x") for r in rows])
    (folder / "minutes.csv").write_text("a\n1\n", encoding="utf-8")
    report, _ = validate_path(folder)
    assert report.errors == []
    text = [str(p) for p in report.warnings]
    assert "minutes.csv: warning: unknown table; file ignored" in text
    assert any(t.startswith("persons.csv:1: warning: extra column") for t in text)


def test_dangling_plan_is_a_warning_not_an_error(tmp_path: Path) -> None:
    report, batch = validate_path(_broken(tmp_path, "hazards", _set(2, "plan_id", "PLAN-X")))
    assert report.errors == []
    assert [p.column for p in report.warnings] == ["plan_id"]
    hazard = next(n for n in batch.nodes if n.id == "H-1")
    assert hazard.props["plan_id"] == "PLAN-X"
    assert not any(r.type == "USES_PLAN" for r in batch.rels)


def test_all_errors_are_reported_at_once() -> None:
    """The committed planted-errors dataset: one of each rule, every one reported."""
    with pytest.raises(InvalidDataset) as caught:
        load_path(DATA / "planted_errors", MemoryStore())
    errors = {str(p) for p in caught.value.problems if p.severity is Severity.ERROR}
    expected_prefixes = [
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
    ]
    for prefix in expected_prefixes:
        assert any(e.startswith(prefix) for e in errors), prefix
    warnings = [str(p) for p in caught.value.problems if p.severity is Severity.WARNING]
    assert any("principal post 'POS-MAYOR'" in w for w in warnings)
