"""The three deep links issue 10 makes part of the contract, in Chromium.

- ``/gaps?as_of=2019-06-30&dept=ORG-013``: the gaps within ORG-013's remit (ENT-012's vacant
  principal post and HZ-012 overdue among them), not an empty page;
- ``/hazard?hazard=HZ-011`` then 中文 → English → 中文 → English: the chain stays;
- ``/gaps?as_of=2019-06-30&lang=zh``: no English sentence on the page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer, open_app, wait_for_app

pytestmark = pytest.mark.e2e

# three or more English words in a row: a sentence (or a header) that was not translated
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'’-]+[A-Za-z]{2,}){2,}\b")


def switch_language(page: Page, name: str) -> None:
    page.get_by_role("radio", name=name).click()
    page.wait_for_timeout(300)
    wait_for_app(page)


def gap_section(page: Page, kind: str):
    return page.locator(f".st-key-gap_{kind}")


def test_department_filter_shows_its_remit(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/gaps?as_of=2019-06-30&dept=ORG-013")
    expect(gap_section(page, "enterprise_no_principal")).to_contain_text("ENT-012")
    expect(gap_section(page, "hazard_overdue")).to_contain_text("HZ-012")
    # a department outside the remit of ORG-013 is not in its tables
    expect(gap_section(page, "hazard_overdue")).not_to_contain_text("HZ-011")


def test_language_switches_keep_the_chain(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/hazard?hazard=HZ-011")
    heading = page.get_by_role("heading", name=re.compile(r"^HZ-011 · "))
    expect(heading).to_be_visible()
    for name in ("中文", "English", "中文", "English"):
        switch_language(page, name)
        expect(heading).to_be_visible()
        if name == "English":
            expect(heading).to_contain_text("Loading arm")
        expect(page.get_by_test_id("stAlert")).to_have_count(0)
        assert "hazard=HZ-011" in page.url


def english_sentences(page: Page) -> list[str]:
    """Runs of English words in the visible text of a page (ids, codes and file names aside)."""
    # text_content, not inner_text: table cells live in the grid's hidden accessible table
    text = page.locator("[data-testid='stMain']").text_content() or ""
    return [m.group(0) for m in ENGLISH_RUN.finditer(text)]


def test_chinese_gaps_page_has_no_english_sentence(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/gaps?as_of=2019-06-30&lang=zh")
    expect(gap_section(page, "hazard_overdue")).to_contain_text("HZ-012")
    found = english_sentences(page)
    assert not found, found
