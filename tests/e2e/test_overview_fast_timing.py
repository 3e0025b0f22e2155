"""``bench.app_timing.page_times`` can time one page (``only``): the Overview alone, first and
next visit, in Chromium on the sample, as soon as the server answers or once it has made
today's Overview; a page it does not know is said before anything starts."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from bench import app_timing
from tests.conftest import ROOT
from tests.e2e.conftest import _home_with

pytestmark = pytest.mark.e2e

SAMPLE = ROOT / "data" / "sample"


def test_an_unknown_page_is_said_before_a_server_starts(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no page named charts"):
        app_timing.page_times(tmp_path / "no-home", "HZ-001", "2019-06-30", only=["charts"])


@pytest.mark.parametrize(
    ("page", "warmed"), [("overview", False), ("overview", True), ("overview_all", False)]
)
def test_the_overview_alone(
    tmp_path_factory: pytest.TempPathFactory, page: str, warmed: bool
) -> None:
    # warmed: the first visit once the server's log says today's Overview is made;
    # overview_all: done once its monthly charts' bars are in the page
    home = _home_with(SAMPLE, tmp_path_factory)
    code = (
        "import json, sys; from pathlib import Path; from bench import app_timing; "
        "print(json.dumps(app_timing.page_times("
        f"Path(sys.argv[1]), 'HZ-011', '2019-06-30', only=[{page!r}], warmed={warmed})))"
    )
    # its own process: the browser tests leave Playwright's event loop running in this one
    run = subprocess.run(
        [sys.executable, "-c", code, str(home)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    times = json.loads(run.stdout.strip().splitlines()[-1])
    assert sorted(times) == [f"{page}.first", f"{page}.next"]
    assert all(math.isfinite(v) and v > 0 for v in times.values())
