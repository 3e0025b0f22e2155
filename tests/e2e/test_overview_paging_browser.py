"""The Overview's paged action list in Chromium (five rows a page on the sample's 13): the
pager moves to page 2 and back, the CSV download holds every row with its link, in both
languages, and a row shown still opens its hazard."""

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
    open_app(page, f"{paged_server.url}/overview?as_of={DAY}")
    step(page, "+")
    grid = actions(page).get_by_test_id("stDataFrame")
    box = grid.bounding_box()
    assert box is not None
    # the selection box of the first row of page 2 (a header of ~35 px, rows of ~35 px)
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)
    wait_for_app(page)
    opener = actions(page).get_by_test_id("stPageLink")
    expect(opener).to_contain_text("Open →")
    opener.click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/hazard\?hazard=HZ-\d+&as_of=2019-06-30"))
    expect(page.get_by_role("heading", name=re.compile(r"^HZ-\d+ · "))).to_be_visible()


def test_a_selection_does_not_follow_to_the_next_page(page: Page, paged_server: AppServer) -> None:
    """A row selected on page 1 offers its hazard; on page 2 nothing is selected (the same
    place on page 2 is another hazard, and its link must not appear unasked)."""
    open_app(page, f"{paged_server.url}/overview?as_of={DAY}")
    grid = actions(page).get_by_test_id("stDataFrame")
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)  # the first row of page 1
    wait_for_app(page)
    expect(actions(page).get_by_test_id("stPageLink")).to_contain_text("Open →")
    step(page, "+")
    expect(actions(page)).to_contain_text("Rows 6–10 of 13")
    expect(actions(page).get_by_test_id("stPageLink")).to_have_count(0)
