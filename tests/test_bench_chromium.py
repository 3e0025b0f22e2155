"""Chromium as the bench and the browser tests start it (``bench.chromium``): a tab is the
only thing it renders; no omnibox popup WebUI takes a core from the page being timed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.chromium import ARGS, CHROMIUM
from tests.conftest import ROOT, require_chromium

pytestmark = [pytest.mark.e2e]

# The browser's targets (tabs and its own WebUI pages) once a tab has loaded, as JSON; its
# own process: a sync Playwright cannot start inside the browser tests' event loop.
_TARGETS = """
import json, sys, time
from playwright.sync_api import sync_playwright
with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path=sys.argv[1], args=json.loads(sys.argv[2]))
    browser.new_context().new_page().goto("data:text/html,<p>a tab")
    cdp = browser.new_browser_cdp_session()
    time.sleep(1.0)  # the omnibox popup, where it is on, is up well within this
    print(json.dumps([t["url"] for t in cdp.send("Target.getTargets")["targetInfos"]]))
    browser.close()
"""


def _targets(args: list[str]) -> list[str]:
    require_chromium()
    run = subprocess.run(
        [sys.executable, "-c", _TARGETS, CHROMIUM, json.dumps(args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return list(json.loads(run.stdout.strip().splitlines()[-1]))


def test_the_tab_is_all_it_renders() -> None:
    assert _targets(ARGS) == ["data:text/html,<p>a tab"]


def test_without_the_switch_the_omnibox_popup_renders_beside_it() -> None:
    # the check above can fail: the same browser, less the feature switch, has the popup
    urls = _targets([a for a in ARGS if not a.startswith("--disable-features=")])
    assert any(u.startswith("chrome://omnibox-popup") for u in urls), urls
