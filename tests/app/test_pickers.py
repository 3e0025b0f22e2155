"""The app's pickers: one subject picker (search and choose) on every page that opens a
subject, and one URL-bound node picker for the filters."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import OpenApp
from tests.conftest import ROOT


def test_pages_search_subjects_through_the_one_picker() -> None:
    for page in sorted(Path(ROOT, "app_pages").glob("*.py")):
        assert "browse.search(" not in page.read_text(encoding="utf-8"), page.name


def test_search_narrows_and_the_chosen_subject_stays(app: OpenApp) -> None:
    at = app("hazard", hazard="HZ-011", as_of="2018-11-20")
    at.text_input(key="chain_search").input("硝化").run()  # HZ-004's title, not HZ-011's
    picker = at.selectbox(key="chain_subject|en")
    assert picker.value == "HZ-011"
    assert "HZ-004" in picker.options[1]  # the match, after the subject kept in view
    at.text_input(key="chain_search").input("no such words anywhere").run()
    assert at.selectbox(key="chain_subject|en").value == "HZ-011"
    assert "Loading arm" in at.subheader[0].value


def test_filters_adopt_only_known_ids(app: OpenApp) -> None:
    at = app("gaps", as_of="2019-06-30", region="R-005", dept="NOT-AN-ORG")
    assert at.selectbox(key="gp_region|en").value == "R-005"
    assert at.selectbox(key="gp_dept|en").value is None
    assert "dept" not in at.query_params
