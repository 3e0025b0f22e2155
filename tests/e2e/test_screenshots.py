"""Screenshots of every page at 1440x900 for docs/screenshots/, taken on the sample.

Each also checks that the page shows what it is about, so a broken page fails here too.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer, graph_frame, open_app, reveal, shoot

pytestmark = pytest.mark.e2e


def test_overview(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/?as_of=2019-06-30")
    expect(page.get_by_text("Enterprises with an industry supervisor").first).to_be_visible()
    shoot(page, "overview")
    reveal(page, ".st-key-ov_gap_counts")
    shoot(page, "overview-gaps-and-charts")


def test_action_list(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/?as_of=2019-06-30")
    expect(page.get_by_text("Needs action first").first).to_be_visible()
    reveal(page, "[data-testid='stHeading']:has-text('Needs action first')")
    shoot(page, "overview-action-list")


def test_overview_in_chinese(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/?as_of=2019-06-30&lang=zh")
    expect(page.get_by_text("优先处置事项").first).to_be_visible()
    reveal(page, "[data-testid='stHeading']:has-text('优先处置事项')")
    shoot(page, "overview-action-list-zh")


def test_hazard(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/hazard?hazard=HZ-011")
    graph_frame(page, "chain_graph")
    reveal(page, "[data-testid='stMain'] h3")
    shoot(page, "hazard-chain")
    reveal(page, ".st-key-chain_graph", offset=110)
    shoot(page, "hazard-chain-graph")
    reveal(page, "[data-testid='stHeading']:has-text('Basis of a link')")
    shoot(page, "hazard-basis-and-timeline")


def test_hazard_in_chinese(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/hazard?hazard=HZ-004&lang=zh")
    graph_frame(page, "chain_graph")
    expect(
        page.get_by_text("硝化工艺未按重点监管危险化工工艺要求实现自动化控制").first
    ).to_be_visible()
    reveal(page, "[data-testid='stMain'] h3")
    shoot(page, "hazard-chain-zh")


def test_accident(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/hazard?accident=ACC-001")
    graph_frame(page, "chain_graph")
    reveal(page, "[data-testid='stMain'] h3")
    shoot(page, "accident-chain")
    reveal(page, "[data-testid='stHeading']:has-text('Investigation findings')")
    shoot(page, "accident-findings")


def test_person(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/portfolio?person=P-110&as_of=2018-11-20")
    expect(page.get_by_text("Yang Moufeng").first).to_be_visible()
    shoot(page, "portfolio-person")


def test_organization(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/portfolio?org=ORG-013&as_of=2018-11-20")
    page.get_by_role("tab", name="Vacant posts (1)").click()
    shoot(page, "portfolio-organization")


def test_gaps(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/gaps?as_of=2019-06-30")
    expect(page.get_by_text("Hazard overdue · 8")).to_be_visible()
    shoot(page, "gaps")
    open_app(page, f"{sample_server.url}/gaps?position=POS-014&as_of=2018-09-01")
    expect(page.get_by_text("Would lose their accountable person").first).to_be_visible()
    shoot(page, "gaps-vacancy-impact")


def test_explore(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/explore?node=ORG-013&depth=2&cap=40")
    graph_frame(page, "explore_graph")
    reveal(page, "[data-testid='stSlider']", offset=150)
    shoot(page, "explore-neighbourhood")
    open_app(page, f"{sample_server.url}/explore?view=paths&links=any&from=HZ-011&to=P-001")
    graph_frame(page, "path_graph")
    shoot(page, "explore-path-finder")


def test_store_down_banner(page: Page, tmp_path_factory: pytest.TempPathFactory) -> None:
    server = AppServer(tmp_path_factory.mktemp("down"), {"NEO4J_URI": "bolt://127.0.0.1:9"})
    try:
        open_app(page, server.url)
        expect(page.get_by_text("The graph store is unavailable", exact=False)).to_be_visible()
        expect(page.get_by_text("bolt://127.0.0.1:9", exact=False).first).to_be_visible()
        shoot(page, "neo4j-unavailable")
    finally:
        server.stop()
