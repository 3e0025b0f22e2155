"""Overview page on the sample: coverage tiles, gap counts (README §4), charts, filters."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from tests.app.conftest import OpenApp, figures, open_page, shown_cards, shown_tables
from tests.app.test_month_bars import Chart, read

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"

# docs: data/sample/README.md, "Coverage gaps as of 2019-06-30"
EXPECTED_COUNTS = {
    "Enterprise without industry supervision": 1,
    "Enterprise principal vacant": 1,
    "Principal post vacant": 4,
    "Department without a leader in charge": 2,
    "Overlapping industry supervision": 1,
    "Major hazard lacking the five implementations": 6,
    "Hazard overdue": 8,
    "Duty nobody holds": 1,
    "Emergency plan not revised": 5,
    "Emergency plan not drilled": 6,
}


def metrics(at) -> dict[str, str]:
    return figures(at)


def gap_links(at) -> list[str]:
    """The addresses of the gap-count cards' links (a kind with no gap has none)."""
    return [c.href for c in shown_cards(at) if "kind=" in c.href]


def month_charts(at) -> list[Chart]:
    """The monthly charts drawn (HTML blocks, ``app_support.month_bars``), read back."""
    return [
        read(b.proto.body)
        for b in at.get("html")
        if b.proto.body.startswith("<div class='acc-months'")
    ]


def bar_tooltips(chart: Chart) -> list[str]:
    return [tip for tip, _ in chart.segments]


def sample_months(file: str, day: str) -> list[str]:
    """``month · grade: count`` of each month and grade of a sample file, by the csv module."""
    grades = {"general": "General", "relatively_large": "Relatively large", "major": "Major"}
    grades["especially_serious"] = "Especially serious"
    with (SAMPLE / file).open(encoding="utf-8") as f:
        counts = Counter((row[day][:7], grades[row["grade"]]) for row in csv.DictReader(f))
    return sorted(f"{month} · {grade}: {n}" for (month, grade), n in counts.items())


def test_gap_counts_and_tiles(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30")
    assert not at.exception
    found = metrics(at)
    for label, count in EXPECTED_COUNTS.items():
        assert found[label] == str(count), label
    # 16 of 17 enterprises have an industry supervisor (ENT-006 has none)
    assert found["Enterprises with an industry supervisor"] == "94%"
    captions = {c.label: c.caption for c in shown_cards(at)}
    assert captions["Enterprises with an industry supervisor"] == "16 / 17"
    # every open hazard of the sample misses someone (POS-001 is vacant on every day)
    assert found["Open hazards with a complete chain"] == "0%"
    # open major hazards on the day: HZ-002..008, 010, 013, 017; complete: 002, 010, 013, 017
    assert found["Major hazards with all five implementations"] == "40%"
    assert captions["Major hazards with all five implementations"] == "4 / 10"


def test_breakdown_tables_and_charts(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30")
    tables = shown_tables(at)
    by_region, by_sector = tables["ov_regions"], tables["ov_sectors"]
    assert "Changxing Island Economic Zone" in set(by_region["Region"])
    row = by_region[by_region["data-id"] == "R-003"].iloc[0]
    assert row["Enterprises"] == "3"
    # shares as a bar and a percent: the island's three enterprises are all supervised
    assert row["Enterprises with an industry supervisor"] == "100%"
    assert "Dangerous chemicals" in set(by_sector["Sector"])
    hazards, accidents = month_charts(at)  # hazards and accidents by month
    assert hazards.label == "Hazards found, by month and grade"
    assert accidents.label == "Accidents, by month and grade"
    # a bar segment per month and grade, as counted straight from the sample's files
    assert sorted(bar_tooltips(hazards)) == sample_months("hazards.csv", "found_on")
    assert sorted(bar_tooltips(accidents)) == sample_months("accidents.csv", "occurred_on")


def test_gap_kinds_link_to_the_gaps_page(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30")
    # every gap kind has a card, and each with a gap links to the Gaps page, filtered
    cards = [c for c in shown_cards(at) if c.link]
    assert len(cards) == 10
    assert all(c.link == "See the gaps →" for c in cards)
    links = [c.href for c in cards]
    assert all(href.startswith("./gaps?kind=") for href in links)
    assert "./gaps?kind=hazard_overdue&as_of=2019-06-30&lang=en" in links
    # and one to all the fragile posts (the top five are above it)
    pages = at.get("page_link")
    assert all(link.proto.page.endswith("gaps") for link in pages)
    assert [link.proto.query_string for link in pages if "view=fragile" in link.proto.query_string]


def test_a_kind_with_no_gap_has_no_link(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30", region="R-003")
    cards = {c.label: c for c in shown_cards(at)}
    empty = cards["Overlapping industry supervision"]
    assert (empty.value, empty.href, empty.link) == ("0", "", "See the gaps →")
    assert cards["Hazard overdue"].href.startswith("./gaps?kind=hazard_overdue")


def test_gap_links_keep_the_language(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30", lang="zh")
    assert all(href.endswith("lang=zh") for href in gap_links(at))
    # a switch of language follows into the address that names one, and into the links
    at.segmented_control(key="lang").set_value("en").run()
    assert at.query_params["lang"] == "en"
    assert all(href.endswith("lang=en") for href in gap_links(at))


def test_region_filter(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30", region="R-003")
    found = metrics(at)
    # Changxing Island: ENT-001..003, all supervised
    assert found["Enterprises with an industry supervisor"] == "100%"
    assert {c.label: c.caption for c in shown_cards(at)}[
        "Enterprises with an industry supervisor"
    ] == "3 / 3"
    assert at.selectbox(key="ov_region|en").value == "R-003"


def test_chinese_labels(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30", lang="zh")
    assert at.title[0].value.endswith("总览")
    assert "隐患逾期未整改" in metrics(at)


@pytest.mark.usefixtures("_private_home")
def test_empty_store_says_what_to_do() -> None:
    at = open_page("overview")
    assert not at.exception
    assert "Load a dataset on the Data page" in at.info[0].value


def test_language_switch_in_the_header(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30")
    at.segmented_control(key="lang").set_value("zh").run()
    assert at.title[0].value == "总览"
    assert "隐患逾期未整改" in metrics(at)


def action_table(at):
    return shown_tables(at)["actions"]


def test_action_list_major_first_with_links(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30")
    assert not at.exception
    frame = action_table(at)
    ids = [h.split(" · ")[0] for h in frame["Hazard"]]
    assert ids[:3] == ["HZ-005", "HZ-007", "HZ-017"]
    assert list(frame["Days overdue"])[:3] == ["181", "91", "51"]
    # each row's own link, in the page's language (it opens a new run of the app)
    assert all(link.endswith("as_of=2019-06-30&lang=en") for link in frame["Link"])
    assert frame["Link"].iloc[0] == "./hazard?hazard=HZ-005&as_of=2019-06-30&lang=en"
    assert not [w for w in at.warning if "newest data" in w.value]  # the day is in the data


def test_action_list_follows_the_region_filter(app: OpenApp) -> None:
    whole = action_table(app("overview", as_of="2019-06-30"))
    assert len(whole) == 13  # every open hazard misses someone on the day
    part = action_table(app("overview", as_of="2019-06-30", region="R-005"))  # Jinzhou
    ids = [h.split(" · ")[0] for h in part["Hazard"]]
    assert ids == ["HZ-007", "HZ-017", "HZ-012"]


def test_a_day_far_past_the_data_says_so(app: OpenApp) -> None:
    at = app("overview", as_of="2026-01-01")
    notes = [w.value for w in at.warning if "newest data" in w.value]
    assert len(notes) == 1
    assert "2026-01-01" in notes[0]


def test_action_list_in_chinese(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30", lang="zh")
    frame = shown_tables(at)["actions"]
    assert "负责监管的责任人" in frame.columns
    assert all(link.endswith("lang=zh") for link in frame["链接"])
    assert "重大" in frame["等级"].iloc[0]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in why) for why in frame["原因"])


def test_region_filter_reaches_gaps_charts_and_links(app: OpenApp) -> None:
    # issue 10, defect 3: gap tiles, charts and "See the gaps" follow the region filter
    at = app("overview", as_of="2019-06-30", region="R-003")
    found = metrics(at)
    assert found["Hazard overdue"] == "1"  # HZ-004 only; city-wide there are eight
    assert found["Overlapping industry supervision"] == "0"  # SEC-050|R-002 is elsewhere
    # the "See the gaps" links of the tiles (the fragile-posts ranking is province-wide)
    # a link on each card with a gap in the island (five kinds), none on the others
    cards = [c for c in shown_cards(at) if c.link]
    assert [c.href != "" for c in cards] == [c.value != "0" for c in cards]
    links = gap_links(at)
    assert len(links) == 5
    assert all("region=R-003" in href for href in links)
    # no accident in Changxing Island: the accident chart is not drawn (the Benxi one was)
    (hazards,) = month_charts(at)
    assert hazards.label == "Hazards found, by month and grade"
    # the island's hazards only: fewer bars than city-wide
    assert 0 < len(bar_tooltips(hazards)) < len(sample_months("hazards.csv", "found_on"))
