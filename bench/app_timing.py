"""Page times of the app in Chromium: the app served as ``scripts/run-app`` serves it, on an
embedded store, driven by Playwright with Debian's Chromium (``executable_path``, as the
browser tests do)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from app_support.serve import MADE
from bench.chromium import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_MS = 600_000  # a page that takes longer is a finding, not a hang
_CHARTS = "charts"  # a page done when its monthly charts are drawn, not a pyvis graph


class BrowserMissing(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def app_server(home: Path, script: Path | None = None, *, warmed: bool = False) -> Iterator[str]:
    """The app on a free loopback port, on the embedded store in ``home``, served as
    ``scripts/run-app`` serves it (``app_support.serve``: today's Overview made in the
    background as the server starts); or ``script`` by ``streamlit run``. Yields its URL
    once it answers; ``warmed``: once its log says today's Overview is made."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["ACCGRAPH_HOME"] = str(home)
    command = ["app_support.serve"] if script is None else ["streamlit", "run", str(script)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                *command,
                "--server.headless=true",
                "--server.address=127.0.0.1",
                f"--server.port={port}",
                "--server.fileWatcherType=none",
                "--browser.gatherUsageStats=false",
                "--global.developmentMode=false",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(process, url, log)
            if warmed:
                _wait_said(process, log, MADE)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_said(process: subprocess.Popen[bytes], log: IO[bytes], line: str) -> None:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        log.seek(0)
        if line.encode() in log.read():
            return
        if process.poll() is not None:
            raise RuntimeError("streamlit exited before it made today's Overview")
        time.sleep(0.2)
    raise RuntimeError(f"the app did not say {line!r} in {TIMEOUT_MS // 1000} s")


def _wait_healthy(process: subprocess.Popen[bytes], url: str, log: object) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("streamlit exited before it served the app")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy in 120 s")


def page_times(
    home: Path,
    hazard: str,
    as_of: str,
    only: Collection[str] | None = None,
    *,
    warmed: bool = False,
) -> dict[str, float]:
    """Seconds until each page is complete (script finished, no skeletons; for the hazard,
    the chain drawn; for ``overview_all`` its charts drawn too): first visit after the server
    started, then a next visit in a new tab. ``overview_all`` is the Overview done only when
    its monthly charts are drawn too, bars and all (its "first" visit comes after the
    Overview's, so only its next visit is a measure).
    ``bare``: a one-line Streamlit page on a server of its own (``bench/bare_page.py``),
    the floor under every page, timed between the others.
    ``only``: the pages to time, every page when ``None``. ``warmed``: the first visits
    once the server has made today's Overview (``app_support.warm_up``), not as soon as
    it answers."""
    from playwright.sync_api import sync_playwright

    pages: dict[str, tuple[str, str | None]] = {
        "overview": ("/overview", None),
        "overview_all": ("/overview", _CHARTS),
        "bare": ("/", None),
        "hazard": (f"/hazard?hazard={hazard}&as_of={as_of}", "chain_graph"),
    }
    if only is not None:  # checked before a server or a browser starts
        unknown = set(only) - pages.keys()
        if unknown:
            raise ValueError(
                f"no page named {', '.join(sorted(unknown))} (one of {', '.join(pages)})"
            )
        pages = {name: page for name, page in pages.items() if name in only}
    if not Path(CHROMIUM).exists():
        raise BrowserMissing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    out: dict[str, float] = {}
    with (
        app_server(home, warmed=warmed) as app_url,
        app_server(home, ROOT / "bench" / "bare_page.py") as bare_url,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=ARGS,  # no omnibox popup renderer beside the page (``bench.chromium``)
        )
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        try:
            for visit in ("first", "next"):
                for name, (path, graph) in pages.items():
                    tab = context.new_page()
                    start = time.perf_counter()
                    tab.goto((bare_url if name == "bare" else app_url) + path)
                    _wait_done(tab, graph)
                    out[f"{name}.{visit}"] = time.perf_counter() - start
                    tab.close()
        finally:
            context.close()
            browser.close()
    return out


def _wait_done(page: object, graph_key: str | None) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    app = "[data-testid='stApp']"
    page.wait_for_selector(f"{app}[data-test-connection-state='CONNECTED']")
    page.wait_for_selector(f"{app}[data-test-script-state='notRunning']")
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=TIMEOUT_MS)
    if graph_key == _CHARTS:
        # the bars of a chart (data with no accident draws no accident chart)
        page.locator("[class*='st-key-ov_chart_'] .acc-seg[title]").first.wait_for(state="attached")
        return
    if graph_key is not None:
        frame = page.locator(f".st-key-{graph_key} iframe").first
        frame.wait_for()
        handle = frame.element_handle().content_frame()
        assert handle is not None
        handle.wait_for_selector("body[data-drawn]")
