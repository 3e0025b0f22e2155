"""The pages of issue 11 on the sample: the swim lanes and the two-day comparison on the
hazard page, the fragile posts and load per person on the Gaps page, the top five on the
Overview; in both languages. Expected values are worked out by hand in
tests/test_timeline.py and tests/test_fragility.py."""

from __future__ import annotations

import json

import pyarrow as pa

from tests.app.conftest import OpenApp, shown_tables, texts


def _chart_specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _lane_data(at) -> list[dict]:
    """The rows behind the swim-lane chart (the dataset whose rows carry ``slot``)."""
    for c in at.get("vega_lite_chart"):
        for named in c.proto.datasets:
            frame = pa.ipc.open_stream(named.data.data).read_all().to_pandas()
            if "slot" in frame.columns:
                return frame.to_dict("records")
    return []


def _frames(at) -> dict[str, object]:
    return {d.key: d.value for d in at.dataframe}


def test_swim_lanes_of_a_hazard_that_passed_its_deadline(app: OpenApp) -> None:
    at = app("hazard", hazard="HZ-004")
    assert not at.exception
    rows = _lane_data(at)
    assert rows, "no swim-lane chart"
    bars = {(r["level_code"], r["kind"], r["slot_key"], r["start"]) for r in rows}
    # the principal post vacant until P-208 took it: one row of the enterprise lane
    assert ("enterprise", "gap", "POS-105", "2018-11-15") in bars
    assert ("enterprise", "person", "POS-105", "2019-02-01") in bars
    slot = {(r["slot_key"], r["kind"]): r["slot"] for r in rows if r["level_code"] == "enterprise"}
    assert slot[("POS-105", "gap")] == slot[("POS-105", "person")]
    # each person bar links to the person's page on the first day of the bar
    p208 = next(r for r in rows if r["person_id"] == "P-208")
    assert p208["url"] == "./portfolio?person=P-208&as_of=2019-02-01"
    # vacancies are red, marks are rules (found, deadline)
    spec = next(s for s in _chart_specs(at) if "layer" in s and "slot" in json.dumps(s))
    assert "#d32f2f" in json.dumps(spec)
    assert any(layer.get("mark", {}).get("type") == "rule" for layer in spec["layer"])
    assert "found" in json.dumps(spec)
    assert "deadline" in json.dumps(spec)


def test_the_range_follows_the_url(app: OpenApp) -> None:
    at = app("hazard", hazard="HZ-004", tl_from="2019-01-15", tl_to="2019-06-30")
    assert not at.exception
    rows = _lane_data(at)
    assert {r["start"] for r in rows} >= {"2019-01-15", "2019-02-01"}
    assert max(r["end"] for r in rows) == "2019-06-30"
    # P-110 left POS-010 on 2018-12-31: not in this range
    assert "P-110" not in {r["person_id"] for r in rows}


def test_comparison_with_a_second_day(app: OpenApp) -> None:
    # as of the day it was found (2018-11-15) against its deadline (2019-05-31, the default)
    at = app("hazard", hazard="HZ-004")
    assert at.date_input(key="chain_compare|HZ-004").value.isoformat() == "2019-05-31"
    changes = _frames(at)["tbl|compare"]
    added = set(changes.loc[changes["change_code"] == "cmp_added", "Person"])
    assert {"Hu Mouping", "Zhao Mouhua", "Zhu Moutao", "Liu Mouming"} <= added
    closed = changes.loc[changes["change_code"] == "cmp_gaps_closed", "Person"]
    assert any("POS-105" in str(x) for x in closed)
    # the second day follows the URL
    at = app("hazard", hazard="HZ-004", compare="2018-11-20")
    assert "tbl|compare" not in _frames(at)
    assert "No change in the chain between these two days." in texts(at)


def test_fragile_posts_on_the_gaps_page(app: OpenApp) -> None:
    at = app("gaps", view="fragile", as_of="2019-06-30")
    assert not at.exception
    frames = _frames(at)
    fragile = frames["tbl|fragile"]
    assert list(fragile["position_id"][:5]) == [
        "POS-010",
        "POS-016",
        "POS-012",
        "POS-018",
        "POS-007",
    ]
    assert list(fragile["Left with nobody"][:2]) == [18, 13]
    assert fragile["Link"][0] == "./gaps?position=POS-010&as_of=2019-06-30"
    load = frames["tbl|load"]
    assert load["person_id"][0] == "P-102"


def test_top_five_on_the_overview(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30")
    assert not at.exception
    top = shown_tables(at)["ov_fragile_table"].rename(columns={"data-id": "position_id"})
    assert list(top["position_id"]) == ["POS-010", "POS-016", "POS-012", "POS-018", "POS-007"]
    assert all(str(link).startswith("./gaps?position=POS-0") for link in top["Link"])
    # the top five only: their CSV is on the Gaps page the link below leads to, with them all
    assert "csv_ov_fragile_table" not in {b.key for b in at.get("download_button")}
    assert "csv_ov_regions" in {b.key for b in at.get("download_button")}


def test_in_chinese(app: OpenApp) -> None:
    at = app("hazard", hazard="HZ-004", lang="zh")
    assert not at.exception
    assert "责任链时间线" in texts(at)
    assert "两日之间责任链的变化" in texts(at)
    assert "新增" in set(_frames(at)["tbl|compare"]["变化"])
    at = app("gaps", view="fragile", as_of="2019-06-30", lang="zh")
    assert "将无人负责" in _frames(at)["tbl|fragile"].columns
    at = app("overview", as_of="2019-06-30", lang="zh")
    assert "最脆弱的五个岗位" in texts(at)


def test_top_five_follow_the_region_filter(app: OpenApp) -> None:
    # Jinzhou holds ENT-005 (HZ-017) and ENT-011, ENT-012 (HZ-012): of the city-wide
    # ranking only the posts that would leave one of those with nobody remain, counted there
    at = app("overview", as_of="2019-06-30", region="R-005")
    assert not at.exception
    top = shown_tables(at)["ov_fragile_table"].rename(columns={"data-id": "position_id"})
    assert list(top["position_id"]) == ["POS-013", "POS-014", "POS-124"]
    assert list(top["Left with nobody"]) == ["2", "2", "2"]
    # "all the fragile posts" keeps the filter, and the Gaps page applies it
    (see_all,) = [
        link.proto.query_string
        for link in at.get("page_link")
        if "view=fragile" in link.proto.query_string
    ]
    assert "region=R-005" in see_all
    at = app("gaps", view="fragile", as_of="2019-06-30", region="R-005")
    assert list(_frames(at)["tbl|fragile"]["position_id"]) == ["POS-013", "POS-014", "POS-124"]


def test_top_five_follow_the_sector_filter(app: OpenApp) -> None:
    # Crowded places (SEC-020, with malls, hotels and KTV below it): ENT-006, ENT-007, ENT-008
    # and HZ-010 (ENT-006). POS-012 and POS-010 would leave all four with nobody, POS-018 two
    # (ENT-007, ENT-008; its ENT-010 and HZ-013 are tourism), POS-115 its own ENT-008.
    at = app("overview", as_of="2019-06-30", sector="SEC-020")
    top = shown_tables(at)["ov_fragile_table"].rename(columns={"data-id": "position_id"})
    assert list(top["position_id"][:3]) == ["POS-010", "POS-012", "POS-018"]
    assert list(top["Left with nobody"][:3]) == ["4", "4", "2"]
