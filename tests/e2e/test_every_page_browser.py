"""Every page by its address, in Chromium: ``/overview`` is the Overview (not "Page not
found"), a day that does not exist and an id that does not exist are said in the right words,
and every page drawn in Chinese (tables, gap details, tabs and expanders included) carries no
English sentence. Each address's cost is recorded for the summary (``conftest.timed``)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer, open_app, timed, wait_for_app

pytestmark = pytest.mark.e2e

# three or more English words in a row: a sentence (or a header) that was not translated
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'’-]+[A-Za-z]{2,}){2,}\b")


def test_overview_has_its_own_address(page: Page, sample_server: AppServer) -> None:
    timed(
        "deep link (/overview)",
        lambda: open_app(page, f"{sample_server.url}/overview?as_of=2019-06-30&region=R-005"),
    )
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    # the address keeps its filters, and the page applies them (Jinzhou's three posts)
    assert "region=R-005" in page.url
    posts = page.locator(".st-key-ov_fragile tbody tr")
    expect(posts).to_have_count(3)
    expect(posts.first).to_have_attribute("data-id", "POS-013")
    expect(page.locator(".st-key-ov_fragile tr[data-id='POS-016']")).to_have_count(0)


def test_a_day_that_does_not_exist_is_said(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/overview?as_of=2018-13-45")
    alert = page.get_by_test_id("stAlert").filter(has_text="2018-13-45")
    expect(alert).to_contain_text("is not a day (YYYY-MM-DD)")
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_an_unknown_hazard_id_is_said(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/hazard?hazard=HZ-999")
    alert = page.get_by_test_id("stAlert").filter(has_text="HZ-999")
    expect(alert).to_contain_text("No hazard or accident has this id")
    expect(alert).not_to_contain_text("enterprise")


ZH_ADDRESSES = [
    "/overview?as_of=2019-06-30",
    "/hazard?hazard=HZ-011&as_of=2018-11-20",
    "/hazard?accident=ACC-002",
    "/portfolio?person=P-110&as_of=2018-11-20",
    "/portfolio?org=ORG-013&as_of=2018-11-20",
    "/gaps?as_of=2019-06-30",
    "/gaps?view=fragile&as_of=2019-06-30",
    "/gaps?position=POS-014&as_of=2018-11-20",
    "/explore?node=ORG-010",
    "/explore?view=paths&from=HZ-011&to=P-116&as_of=2019-03-01",
    "/data",
    "/documents",
]


def english_sentences(page: Page) -> list[str]:
    """Runs of English words in the page's text, hidden tabs, closed expanders and the
    tables' cells included (text_content reads the grid's accessible table)."""
    # the uploader's own instructions list file types (CSV, XLSX…): Streamlit's, not prose;
    # a style sheet's selectors are never shown
    text = page.locator("[data-testid='stMain']").evaluate(
        """main => {
            const copy = main.cloneNode(true);
            copy.querySelectorAll("[data-testid='stFileUploaderDropzoneInstructions'], style")
                .forEach(e => e.remove());
            return copy.textContent || "";
        }"""
    )
    return [m.group(0) for m in ENGLISH_RUN.finditer(text)]


def test_no_english_sentence_on_any_chinese_page(page: Page, sample_server: AppServer) -> None:
    found: dict[str, list[str]] = {}
    for address in ZH_ADDRESSES:
        sep = "&" if "?" in address else "?"
        timed(
            f"deep link ({address})",
            lambda a=address, s=sep: open_app(page, f"{sample_server.url}{a}{s}lang=zh"),
        )
        # open what is folded, so that its text is drawn
        for summary in page.locator("[data-testid='stExpander'] summary").all():
            summary.click()
        wait_for_app(page)
        english = english_sentences(page)
        if english:
            found[address] = sorted(set(english))
    assert not found, found


def test_page_switches(page: Page, sample_server: AppServer) -> None:
    """Page cost of the top navigation, recorded for the summary."""
    open_app(page, f"{sample_server.url}/?as_of=2019-06-30")
    for name in ("Hazard / accident", "Gaps", "Person & organization", "Overview"):
        link = page.get_by_role("link", name=name, exact=True).first
        timed(f"page switch (-> {name})", lambda lk=link: (lk.click(), wait_for_app(page)))
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
