"""The app as ``scripts/run-app`` serves it (``python -m app_support.serve``): today's Overview
is made as the server starts, said in one line of its log; the first visit then draws it, and
the log has no traceback and none of Streamlit's warnings about the background thread."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from app_support.serve import MADE
from tests.conftest import SAMPLE
from tests.e2e.conftest import AppServer, _home_with, open_app


def test_the_overview_is_made_before_the_first_visit(
    tmp_path_factory: pytest.TempPathFactory, page: Page
) -> None:
    server = AppServer(_home_with(SAMPLE, tmp_path_factory), served=True)
    try:
        deadline = time.monotonic() + 120
        while MADE not in server.output() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert MADE in server.output(), server.output()
        open_app(page, f"{server.url}/overview")
        expect(page.locator(".st-key-ov_tiles .acc-card").first).to_be_visible()
        log = server.output()
        assert "Traceback" not in log, log
        assert "ScriptRunContext" not in log, log
        assert log.count(MADE) == 1, log  # made once: nothing changed since
    finally:
        server.stop()
