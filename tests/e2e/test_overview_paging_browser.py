"""The Overview's paged action list in Chromium (five rows a page on the sample's 13): the
pager moves to page 2 and back, the CSV download holds every row with its link, in both
languages, and a row shown opens its hazard, in the page's language."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SAMPLE, AppServer, _home_with, open_app, wait_for_app

pytestmark = pytest.mark.e2e

DAY = "2019-06-30"


@pytest.fixture(scope="module")
def paged_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    server = AppServer(_home_with(SAMPLE, tmp_path_factory), {"ACCGRAPH_PAGE_ROWS": "5"})
    yield server
    server.stop()


def actions(page: Page):
    return page.locator(".st-key-ov_actions")


def step(page: Page, direction: str) -> None:
    """Press the pager's + or − (Streamlit's number input buttons)."""
    test_id = "stNumberInputStepUp" if direction == "+" else "stNumberInputStepDown"
    actions(page).get_by_test_id(test_id).click()
    page.wait_for_timeout(300)
    wait_for_app(page)


def downloaded_rows(page: Page) -> list[dict[str, str]]:
    with page.expect_download(timeout=60_000) as info:
        actions(page).get_by_test_id("stDownloadButton").get_by_role("button").click()
    text = info.value.path().read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("lang", "rows_of", "link"),
    [("en", "Rows {} of 13", "Link"), ("zh", "第 {} 行，共 13 行", "链接")],
)
def test_pages_and_the_whole_csv(
    page: Page, paged_server: AppServer, lang: str, rows_of: str, link: str
) -> None:
    open_app(page, f"{paged_server.url}/overview?as_of={DAY}&lang={lang}")
    expect(actions(page)).to_contain_text(rows_of.format("1–5"))
    expect(actions(page)).to_contain_text("HZ-005")  # the first row of the whole list
    step(page, "+")
    expect(actions(page)).to_contain_text(rows_of.format("6–10"))
    expect(actions(page)).not_to_contain_text("HZ-005")
    step(page, "-")
    expect(actions(page)).to_contain_text(rows_of.format("1–5"))
    expect(actions(page)).to_contain_text("HZ-005")

    rows = downloaded_rows(page)
    assert len(rows) == 13  # every row, not the page
    assert rows[0][link] == f"./hazard?hazard=HZ-005&as_of={DAY}"
    assert all(r[link].startswith("./hazard?hazard=HZ-") for r in rows)
    assert len({r[link] for r in rows}) == 13


def test_a_row_shown_opens_its_hazard(page: Page, paged_server: AppServer) -> None:
    """The first row of page 2 is the sixth of the whole list (the CSV's order), and its own
    link opens that hazard."""
    open_app(page, f"{paged_server.url}/overview?as_of={DAY}")
    sixth = downloaded_rows(page)[5]["Link"]
    step(page, "+")
    expect(actions(page)).to_contain_text("Rows 6–10 of 13")
    opener = actions(page).locator("table tbody tr").first.get_by_role("link")
    expect(opener).to_have_text("Open →")
    assert opener.get_attribute("href") == f"{sixth}&lang=en"
    with page.expect_navigation():
        opener.click()
    wait_for_app(page)
    hazard = re.search(r"hazard=(HZ-\d+)", sixth)
    assert hazard is not None
    expect(page).to_have_url(re.compile(rf"/hazard\?hazard={hazard[1]}&as_of={DAY}&lang=en$"))
    expect(page.get_by_role("heading", name=re.compile(rf"^{hazard[1]} · "))).to_be_visible()


def test_a_row_opens_its_hazard_in_the_language_of_the_page(
    page: Page, paged_server: AppServer
) -> None:
    open_app(page, f"{paged_server.url}/overview?as_of={DAY}&lang=zh")
    opener = actions(page).locator("table tbody tr").first.get_by_role("link")
    expect(opener).to_have_text("打开 →")
    with page.expect_navigation():
        opener.click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(rf"/hazard\?hazard=HZ-005&as_of={DAY}&lang=zh$"))
    expect(page.get_by_role("heading", name=re.compile(r"^HZ-005 · "))).to_be_visible()
    expect(page.get_by_text("责任链", exact=False).first).to_be_visible()
