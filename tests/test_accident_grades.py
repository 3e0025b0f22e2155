"""An accident the data gives no grade: shown under the grade its figures reach (said to be
by its figures where one accident is shown), under "not graded" when it has no figure either;
never under a blank name (the Overview's chart had a legend entry with no name, at M 18 of
100 accidents)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from app_support import i18n
from graph_model.schema import accident_grade_of
from tests.conftest import SAMPLE
from tests.test_cli import accgraph
from tests.test_dossier import meta, read_html


@pytest.mark.parametrize(
    ("props", "grade"),
    [
        ({"grade": "major", "deaths": 0}, "major"),  # given: as given (validated at load)
        ({"deaths": 3}, "relatively_large"),
        ({"deaths": 2, "missing": 1}, "relatively_large"),  # the missing count with the dead
        ({"serious_injuries": 100}, "especially_serious"),
        ({"direct_loss_cny": 50_000_000.0}, "major"),
        ({"deaths": 0, "grade": ""}, "general"),  # a blank grade is no grade
        ({"title": "no figure"}, None),
        ({"deaths": None, "direct_loss_cny": ""}, None),
        ({"deaths": "many"}, None),  # a store edited by hand: no grade, no traceback
    ],
)
def test_the_grade_of_an_accident(props: dict[str, object], grade: str | None) -> None:
    assert accident_grade_of(props) == grade


def test_the_grade_as_shown() -> None:
    assert i18n.accident_grade_name({"grade": "major"}, "en") == "Major"
    assert i18n.accident_grade_name({"deaths": 3}, "en") == "Relatively large (by its figures)"
    assert i18n.accident_grade_name({"deaths": 3}, "zh") == "较大（按伤亡和损失认定）"
    assert i18n.accident_grade_name({}, "en") == "Not graded"
    assert i18n.accident_grade_name({}, "zh") == "未定级"


def test_the_dossier_of_an_accident_given_no_grade(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    path = data / "accidents.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["id"] == "ACC-002":  # 2 dead, 1 missing: relatively large by its figures
            row["grade"] = ""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "ACC-002.html"
    result = accgraph("--data", str(data), "dossier", "ACC-002", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert meta(read_html(out.read_text(encoding="utf-8")))["Grade"] == (
        "Relatively large (by its figures)"
    )


def test_the_grade_of_a_chain_page_portfolio_row_or_dossier_subject() -> None:
    # one function for the three: a hazard's grade as given, an accident's by its figures
    assert i18n.subject_grade_name("hazard", "major", {}, "en") == "Major"
    assert i18n.subject_grade_name("hazard", None, {}, "en") == ""
    figures = {"deaths": 0, "direct_loss_cny": 12_000_000}
    assert i18n.subject_grade_name("accident", None, figures, "zh") == "较大（按伤亡和损失认定）"
    assert i18n.subject_grade_name("accident", "general", {}, "en") == "General"
