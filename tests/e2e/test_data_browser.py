"""The Data page in Chromium: a bad upload shows its validation report and loads nothing;
a good one loads and appears in the load history."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import DATA
from tests.e2e.conftest import AppServer, open_app, shoot, wait_for_app

pytestmark = pytest.mark.e2e


def upload(page: Page, folder_name: str) -> None:
    files = sorted(str(p) for p in (DATA / folder_name).glob("*.csv"))
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(files)
    page.wait_for_timeout(500)
    wait_for_app(page)


def test_bad_upload_shows_the_report_and_loads_nothing(page: Page, upload_home: AppServer) -> None:
    open_app(page, f"{upload_home.url}/data")
    upload(page, "planted_errors")
    report = page.locator(".st-key-dt_report")
    expect(report.get_by_text("errors: fix them and upload again", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Load into the store")).to_have_count(0)
    shoot(page, "data-validation-report")
    with page.expect_download() as info:
        page.locator(".st-key-csv_dt_problems button").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == ["Severity", "File", "Line", "Column", "Message"]
    found = {(r["File"], r["Line"], r["Column"]) for r in rows}
    assert ("appointments.csv", "3", "end") in found
    assert ("accidents.csv", "3", "deaths") in found
    assert any("'three' is not a whole number" in r["Message"] for r in rows)
    expect(page.get_by_text("Nothing has been loaded from here yet.")).to_be_visible()


def test_good_upload_loads_and_is_in_the_history(page: Page, upload_home: AppServer) -> None:
    open_app(page, f"{upload_home.url}/data")
    upload(page, "tiny")
    expect(page.get_by_text("No errors: the dataset can be loaded.")).to_be_visible()
    page.get_by_role("button", name="Load into the store").click()
    wait_for_app(page)
    expect(page.get_by_text("Loaded. Added:", exact=False)).to_be_visible()
    with page.expect_download() as info:
        page.locator(".st-key-csv_dt_history button").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1
    assert "persons.csv" in rows[0]["Files (sha256)"]
    # the new data is there: the tiny dataset's hazard opens
    open_app(page, f"{upload_home.url}/hazard?hazard=H-1")
    expect(page.get_by_text("Tank level alarm broken", exact=False).first).to_be_visible()
