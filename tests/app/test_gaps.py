"""Gaps page on the sample (README §4 for the expected gaps) and vacancy impact."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from app_support import frames
from tests.app.conftest import OpenApp


def tables_by_key(at) -> dict[str, object]:
    return {d.key: d.value for d in at.dataframe}


def test_one_table_per_kind(app: OpenApp) -> None:
    at = app("gaps", as_of="2019-06-30")
    assert not at.exception
    tables = tables_by_key(at)
    assert set(tables["tbl|gap_post_vacant"]["Id"]) == {"POS-001", "POS-035", "POS-050", "POS-051"}
    assert set(tables["tbl|gap_hazard_overdue"]["Id"]) == {
        "HZ-004",
        "HZ-005",
        "HZ-007",
        "HZ-008",
        "HZ-012",
        "HZ-013",
        "HZ-017",
        "HZ-022",
    }
    incomplete = tables["tbl|gap_major_hazard_incomplete"]
    missing = dict(zip(incomplete["Id"], incomplete["Missing"], strict=True))
    assert missing["HZ-008"] == "owner, funds"
    assert set(tables["tbl|gap_supervision_overlap"]["Id"]) == {"SEC-050|R-002"}
    # the organization concerned: for a hazard its enterprise (it was headed "Department"),
    # for a vacant post the organization of the post
    overdue = tables["tbl|gap_hazard_overdue"]
    assert "Department" not in overdue.columns
    shown = dict(zip(overdue["Id"], overdue["Organization"], strict=True))
    assert shown["HZ-004"] == "Dalian Changxing Island Haiyue Fine Chemical Co., Ltd."  # ENT-003
    # every row links to its subject
    links = tables["tbl|gap_hazard_overdue"]["Link"]
    assert all(str(link).startswith("./hazard?hazard=HZ-") for link in links)


def test_filters_from_the_url(app: OpenApp) -> None:
    at = app(
        "gaps",
        as_of="2019-06-30",
        kind="department_no_leader_in_charge,post_vacant",
        region="R-003",
    )
    tables = tables_by_key(at)
    assert set(tables) == {"tbl|gap_department_no_leader_in_charge"}  # no vacant post there
    assert set(tables["tbl|gap_department_no_leader_in_charge"]["Id"]) == {"ORG-018"}
    assert at.multiselect(key="gp_kinds|en").value == [
        "department_no_leader_in_charge",
        "post_vacant",
    ]


def test_department_filter(app: OpenApp) -> None:
    at = app("gaps", as_of="2019-06-30")
    at.selectbox(key="gp_dept|en").select("ORG-017").run()
    tables = tables_by_key(at)
    assert set(tables["tbl|gap_department_no_leader_in_charge"]["Id"]) == {"ORG-017"}
    assert at.query_params["dept"] == "ORG-017"


def test_department_filter_reaches_the_enterprises_it_supervises(app: OpenApp) -> None:
    # issue 10, defect 1: hazard rows carry the enterprise, not the department
    at = app("gaps", as_of="2019-06-30", dept="ORG-013")
    tables = tables_by_key(at)
    assert set(tables["tbl|gap_enterprise_no_principal"]["Id"]) == {"ENT-012"}
    overdue = set(tables["tbl|gap_hazard_overdue"]["Id"])
    assert "HZ-012" in overdue
    assert "HZ-004" not in overdue  # ENT-003 is not supervised by ORG-013


def test_another_day(app: OpenApp) -> None:
    at = app("gaps", as_of="2018-11-15", kind="enterprise_no_principal")
    assert set(tables_by_key(at)["tbl|gap_enterprise_no_principal"]["Id"]) == {"ENT-003"}


def test_vacancy_impact(app: OpenApp) -> None:
    at = app("gaps", position="POS-014", as_of="2018-09-01")
    assert not at.exception
    assert at.segmented_control(key="gaps_view").value == "vacancy"
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Holders on the day"] == "Xu Moujie"
    lost = tables_by_key(at)["tbl|vacancy"]
    assert len(lost) == int(tiles["Would lose their accountable person"]) >= 1
    assert "DUTY\\-012" in at.warning[0].value  # the Transport director's duty


def test_vacancy_of_a_post_nobody_depends_on(app: OpenApp) -> None:
    at = app("gaps", position="POS-025", as_of="2019-06-30")
    assert "Nothing would lose" in at.success[0].value


def test_each_kind_is_paged_and_named_only_on_the_page_shown(
    app: OpenApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province has 617k gaps: a table per kind shows a page of them, and only that page's
    gaps are named, worded and linked; the other pages hold the rest, in the report's order."""
    whole = tables_by_key(app("gaps", as_of="2019-06-30"))["tbl|gap_hazard_overdue"]
    assert len(whole) == 8
    monkeypatch.setenv("ACCGRAPH_PAGE_ROWS", "3")
    worded: list[int] = []
    real = frames.gaps_frame

    def counted(report: Any, catalog: Any, language: Any = None, gaps: Any = None) -> Any:
        worded.append(len(report.gaps if gaps is None else gaps))
        return real(report, catalog, language, gaps)

    monkeypatch.setattr(frames, "gaps_frame", counted)
    at = app("gaps", as_of="2019-06-30")
    assert not at.exception
    pager = at.number_input(key="page|gap_hazard_overdue")
    seen = []
    for page in (1, 2, 3):
        pager.set_value(page).run()
        assert not at.exception
        (shown,) = [
            d.value for d in at.dataframe if str(d.key).startswith("tbl|gap_hazard_overdue")
        ]
        assert len(shown) == (3 if page < 3 else 2)
        assert all(shown["Name"])
        assert all(shown["Detail"])
        assert all(str(link).startswith("./hazard?hazard=HZ-") for link in shown["Link"])
        seen.append(shown)
        pager = at.number_input(key="page|gap_hazard_overdue")
    assert worded
    assert max(worded) <= 3  # never more than a page worded at once
    together = pd.concat(seen).reset_index(drop=True)
    pd.testing.assert_frame_equal(together, whole.reset_index(drop=True))
