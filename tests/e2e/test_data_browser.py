"""The Data page in Chromium: a bad upload shows its validation report and loads nothing;
a good one loads and appears in the load history."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import DATA, SAMPLE
from tests.e2e.conftest import AppServer, _home_with, open_app, shoot, wait_for_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def upload_tmp_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A server of its own whose temporary folder the test can list."""
    home = _home_with(SAMPLE, tmp_path_factory)
    (home / "tmp").mkdir()
    server = AppServer(home, {"TMPDIR": str(home / "tmp")})
    yield server
    server.stop()
    shutil.rmtree(server.home, ignore_errors=True)


def uploads_left(server: AppServer) -> list[Path]:
    return sorted((server.home / "tmp").glob("accgraph-upload-*"))


def upload(page: Page, folder_name: str) -> None:
    files = sorted(str(p) for p in (DATA / folder_name).glob("*.csv"))
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(files)
    page.wait_for_timeout(500)
    wait_for_app(page)


def test_bad_upload_shows_the_report_and_loads_nothing(
    page: Page, upload_tmp_home: AppServer
) -> None:
    open_app(page, f"{upload_tmp_home.url}/data")
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
    assert uploads_left(upload_tmp_home) == []  # a rejected upload leaves no files behind


def test_bad_upload_in_chinese(page: Page, upload_tmp_home: AppServer) -> None:
    open_app(page, f"{upload_tmp_home.url}/data?lang=zh")
    upload(page, "planted_errors")
    report = page.locator(".st-key-dt_report")
    expect(report.get_by_text("个错误：请修正后重新上传", exact=False)).to_be_visible()
    with page.expect_download() as info:
        page.locator(".st-key-csv_dt_problems button").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    assert {r["级别"] for r in rows} <= {"错误", "警告"}
    assert any("不是大于等于 0 的整数" in r["问题"] for r in rows)
    assert not any(" is " in r["问题"] or "（原文）" in r["问题"] for r in rows)


def test_good_upload_loads_and_is_in_the_history(page: Page, upload_tmp_home: AppServer) -> None:
    upload_home = upload_tmp_home
    open_app(page, f"{upload_home.url}/data")
    upload(page, "tiny")
    expect(page.get_by_text("No errors: the dataset can be loaded.")).to_be_visible()
    assert len(uploads_left(upload_home)) == 1  # kept until it is loaded
    page.get_by_role("button", name="Load into the store").click()
    wait_for_app(page)
    expect(page.get_by_text("Loaded. Added:", exact=False)).to_be_visible()
    # the button is gone: the same upload cannot be loaded (or recorded) twice
    expect(page.get_by_role("button", name="Load into the store")).to_have_count(0)
    expect(page.get_by_text("This upload is loaded.", exact=False)).to_be_visible()
    assert uploads_left(upload_home) == []
    with page.expect_download() as info:
        page.locator(".st-key-csv_dt_history button").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1
    assert "persons.csv" in rows[0]["Files (sha256)"]
    # the new data is there: the tiny dataset's hazard opens
    open_app(page, f"{upload_home.url}/hazard?hazard=H-1")
    expect(page.get_by_text("Tank level alarm broken", exact=False).first).to_be_visible()
