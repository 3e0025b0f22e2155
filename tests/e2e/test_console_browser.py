"""The read-only Cypher console on Neo4j, in Chromium: a write is refused with a clear
message; reads work; a saved query can be put in the console and run."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import _shared_neo4j
from tests.e2e.conftest import AppServer, open_app, reveal, shoot, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.neo4j]


def run_query(page: Page, cypher: str) -> None:
    box = page.get_by_label("Cypher", exact=True)
    box.fill(cypher)
    page.get_by_role("button", name="Run read-only").click()
    page.wait_for_timeout(300)
    wait_for_app(page)


def test_console_refuses_a_write(page: Page, neo4j_server: AppServer) -> None:
    open_app(page, f"{neo4j_server.url}/explore?view=console")
    run_query(page, "CREATE (n:Hazard {id: 'PWNED-BY-CONSOLE'}) RETURN n")
    expect(page.get_by_text("this console is read-only", exact=False)).to_be_visible()
    expect(page.get_by_text("Refused:", exact=False)).to_be_visible()
    neo = _shared_neo4j()
    assert neo.run_read("MATCH (n {id: 'PWNED-BY-CONSOLE'}) RETURN count(n) AS n")[0]["n"] == 0


def test_saved_query_runs(page: Page, neo4j_server: AppServer) -> None:
    open_app(page, f"{neo4j_server.url}/explore?view=console")
    title = "Major hazards open on a day, with their owner"
    expander = page.get_by_test_id("stExpander").filter(has_text=title)
    expander.get_by_text(title).click()
    # the button of *this* query, once its expander is open (not the first in the page)
    button = expander.get_by_role("button", name="Put in the console")
    expect(button).to_be_visible()
    box = page.get_by_label("Cypher", exact=True)
    # The query must be in the box before Run is pressed: a form submitted while the rerun
    # of "Put in the console" is still on its way sends the box as the browser shows it
    # (empty), and that overwrites what the button put there (CI lost this race once).
    # A click can also come to nothing on a loaded machine: in one CI run of ~20 the box
    # stayed empty for 30 s (not reproduced here in 14 runs, 8 of them beside three busy
    # loops; a click while the expander is still opening is one way to miss). So a click
    # that brought nothing in 10 s is made again, at most three times: a button that never
    # works still fails the test.
    for attempt in range(3):
        # the callback reaches the app only from a session that is idle
        wait_for_app(page)
        button.click()
        wait_for_app(page)
        try:
            expect(box).to_have_value(re.compile(r"MATCH \(h:Hazard"), timeout=10_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    wait_for_app(page)
    page.get_by_role("button", name="Run read-only").click()
    page.wait_for_timeout(300)
    wait_for_app(page)
    expect(page.locator(".st-key-csv_ex_result button")).to_be_visible(timeout=30_000)
    reveal(page, "[data-testid='stForm']")
    shoot(page, "explore-cypher-console")
