"""Screenshots of the pages of issue 11 (swim lanes and two-day comparison, fragile posts,
the Overview's top five) at 1440x900 for docs/screenshots/, taken on the sample; each checks
that what it shows is there."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer, open_app, reveal, shoot

pytestmark = pytest.mark.e2e


def test_hazard_timeline_lanes(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/hazard?hazard=HZ-004&compare=2019-05-31&tl_to=2019-12-31")
    lanes = page.locator(".st-key-timeline_lanes canvas, .st-key-timeline_lanes svg").first
    expect(lanes).to_be_visible(timeout=30_000)
    reveal(page, "[data-testid='stHeading']:has-text('Accountability over time')")
    shoot(page, "hazard-timeline-lanes")
    reveal(page, "[data-testid='stHeading']:has-text('What changed between two days')")
    expect(page.get_by_text("added 5, removed 2, gaps opened 0, closed 2")).to_be_visible()
    shoot(page, "hazard-two-days")


def test_hazard_timeline_lanes_in_chinese(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/hazard?hazard=HZ-004&lang=zh&tl_to=2019-12-31")
    expect(page.locator(".st-key-timeline_lanes").first).to_be_visible(timeout=30_000)
    reveal(page, "[data-testid='stHeading']:has-text('责任链时间线')")
    shoot(page, "hazard-timeline-lanes-zh")


def test_fragile_posts(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/gaps?view=fragile&as_of=2019-06-30")
    expect(page.locator(".st-key-fragile_posts").first).to_be_visible()
    shoot(page, "gaps-fragile-posts")


def test_overview_top_five(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/?as_of=2019-06-30")
    reveal(page, "[data-testid='stHeading']:has-text('Top five fragile posts')")
    expect(page.locator(".st-key-ov_fragile").first).to_be_visible()
    shoot(page, "overview-fragile-posts")
