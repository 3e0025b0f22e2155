"""A progress bar for long loads, on stderr and only when stderr is a terminal: pipes, logs
and JSON output never see it."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from loaders.load import LoadProgress, Stage

WIDTH = 30
MIN_INTERVAL_S = 0.1  # a redraw at most this often (batches can be quick)

_WORDS = {Stage.VALIDATE: "validating", Stage.WRITE: "writing", Stage.IMPORT: "importing"}


class ProgressBar:
    """Draws ``[#####.....]  45% writing 12,345/27,000 records`` on one line, redrawn."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self._last = 0.0
        self._drawn = False
        self._stage: Stage | None = None

    def __call__(self, stage: Stage, done: int, total: int) -> None:
        now = time.monotonic()
        # a stage's first and last frames always show (its name is news), the rest throttled
        if stage is self._stage and done < total and now - self._last < MIN_INTERVAL_S:
            return
        self._last = now
        self._stage = stage
        share = done / total if total else 1.0
        filled = round(WIDTH * share)
        what = ""
        if stage is Stage.WRITE:
            what = f"{done:,}/{total:,} records"
        elif stage is Stage.IMPORT:
            what = f"step {min(done + 1, total)}/{total}"
        line = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {share:4.0%} {_WORDS[stage]} {what}"
        self.stream.write("\r" + line.rstrip() + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        """End the bar's line, so that what follows starts on its own."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def for_stderr(enabled: bool = True) -> ProgressBar | None:
    """A bar on stderr if it is a terminal (and ``enabled``), else None."""
    # The CLI escapes control characters on stderr (data may hold them); the bar's own
    # carriage return and erase-line go to the terminal underneath.
    stream = getattr(sys.stderr, "target", sys.stderr)
    isatty = getattr(stream, "isatty", None)
    if not enabled or isatty is None or not isatty():
        return None
    return ProgressBar(stream)


__all__ = ["LoadProgress", "ProgressBar", "for_stderr"]
