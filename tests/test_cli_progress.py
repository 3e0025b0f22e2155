"""The load's progress bar: drawn on stderr when it is a terminal, never in a pipe, never
with JSON output."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from accgraph.progress_bar import ProgressBar
from loaders.load import Stage
from tests.conftest import DATA, ROOT
from tests.terminal import run_on_terminal

BAR_END = "100% writing"


def run_load(home: Path, *args: str, terminal: bool) -> tuple[str, str]:
    env = {**os.environ, "ACCGRAPH_HOME": str(home)}
    command = [sys.executable, "-m", "accgraph", "load", str(DATA / "tiny"), *args]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        return done.stdout, done.stderr
    done = run_on_terminal(command, env, ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


def test_a_terminal_gets_a_bar(tmp_path: Path) -> None:
    out, err = run_load(tmp_path, terminal=True)
    assert BAR_END in err
    assert "\r[" in err
    assert "loaded" in out
    assert "[" not in out  # stdout stays the summary


def test_a_pipe_gets_no_bar(tmp_path: Path) -> None:
    out, err = run_load(tmp_path, terminal=False)
    assert "%" not in err
    assert "\r" not in err
    assert "loaded" in out


def test_json_output_gets_no_bar(tmp_path: Path) -> None:
    out, err = run_load(tmp_path, "--format", "json", terminal=True)
    assert json.loads(out)["applied"]["nodes_created"] > 0
    assert BAR_END not in err


def test_each_stage_shows_its_first_frame_and_steps() -> None:
    """Frames are throttled, but never a new stage's first one: the importer's "step 1/3"
    came right after a full "writing" bar and was dropped."""
    out = io.StringIO()
    bar = ProgressBar(out)
    bar(Stage.WRITE, 10, 10)
    bar(Stage.IMPORT, 0, 3)  # at once: a new stage
    bar(Stage.IMPORT, 1, 3)  # at once, same stage, not done: may be dropped
    bar(Stage.IMPORT, 3, 3)
    frames = [f.replace("\x1b[K", "") for f in out.getvalue().split("\r") if f]
    assert frames[0].endswith("100% writing 10/10 records")
    assert frames[1].endswith("  0% importing step 1/3")
    assert frames[-1].endswith("100% importing step 3/3")
    assert len(frames) == 3
