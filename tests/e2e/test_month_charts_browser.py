"""The Overview's monthly charts in Chromium: the HTML reaches the page whole (``st.html``
sanitises what it shows), a bar with a tooltip for each month and grade, drawn with a size on
the screen, in either language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.app.test_overview import sample_months
from tests.e2e.conftest import AppServer, open_app, reveal

pytestmark = pytest.mark.e2e


def chart(page: Page, label: str):
    found = page.locator(f".st-key-ov_chart_{label} .acc-months")
    expect(found).to_have_count(1)
    return found


def tooltips(page: Page, label: str) -> list[str]:
    bars = chart(page, label).locator(".acc-seg")
    return sorted(bars.evaluate_all("(bars) => bars.map(b => b.getAttribute('title'))"))


def test_the_charts_reach_the_page_with_every_bar(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/?as_of=2019-06-30")
    reveal(page, ".st-key-ov_chart_hazard")
    assert tooltips(page, "hazard") == sample_months("hazards.csv", "found_on")
    assert tooltips(page, "accident") == sample_months("accidents.csv", "occurred_on")
    # drawn, not just present: the chart and its bars have a size on the screen
    box = chart(page, "hazard").bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 200
    heights = (
        chart(page, "hazard")
        .locator(".acc-seg")
        .evaluate_all("(bars) => bars.map(b => b.getBoundingClientRect().height)")
    )
    assert min(heights) > 1
    assert max(heights) > 40  # the style sheet reached them: a segment of a 220 px plot


def test_the_charts_speak_chinese(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/?as_of=2019-06-30&lang=zh")
    reveal(page, ".st-key-ov_chart_accident")
    drawn = chart(page, "accident")
    expect(drawn).to_have_attribute("aria-label", "按月份和等级统计的事故")
    assert all("·" in t and ": " in t for t in tooltips(page, "accident"))
    expect(drawn).to_contain_text("月份")
