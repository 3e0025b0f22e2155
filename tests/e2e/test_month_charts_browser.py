"""The Overview's monthly charts in Chromium: the SVG reaches the page whole (``st.html``
sanitises what it shows), a bar and a tooltip for each month and grade, in either language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.app.test_overview import sample_months
from tests.e2e.conftest import AppServer, open_app, reveal

pytestmark = pytest.mark.e2e


def tooltips(page: Page, label: str) -> list[str]:
    chart = page.locator(f".st-key-ov_chart_{label} svg")
    expect(chart).to_have_count(1)
    return sorted(chart.locator("rect > title").all_text_contents())


def test_the_charts_reach_the_page_with_every_bar(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/?as_of=2019-06-30")
    reveal(page, ".st-key-ov_chart_hazard")
    assert tooltips(page, "hazard") == sample_months("hazards.csv", "found_on")
    assert tooltips(page, "accident") == sample_months("accidents.csv", "occurred_on")
    # drawn, not just present: the tallest bar has a height on the screen
    box = page.locator(".st-key-ov_chart_hazard svg").bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 120


def test_the_charts_speak_chinese(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/?as_of=2019-06-30&lang=zh")
    reveal(page, ".st-key-ov_chart_accident")
    chart = page.locator(".st-key-ov_chart_accident svg")
    expect(chart.locator("title").first).to_have_text("按月份和等级统计的事故")
    assert all("·" in t and ": " in t for t in tooltips(page, "accident"))
    assert "月份" in chart.text_content()
