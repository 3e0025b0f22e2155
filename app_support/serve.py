"""``python -m app_support.serve [flags of streamlit run]``: the app, as ``streamlit run
app.py`` serves it, with today's Overview made in the background as the server starts and
kept made (``warm_up.keep_warm``). ``scripts/run-app`` starts the app this way."""

from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"
# the log's line once today's Overview is made (``warm_up``); the bench waits for it
MADE = "accgraph: today's Overview made"
_START_WAIT_S = 120.0


def _warm_after_start(stop: threading.Event) -> None:
    from streamlit.runtime import Runtime

    # The caches are the server's once its runtime exists: wait for it.
    deadline = time.monotonic() + _START_WAIT_S
    while not Runtime.exists():
        if time.monotonic() > deadline or stop.wait(0.1):
            return
    # This thread has no visit (no ScriptRunContext) by design: Streamlit's warning that
    # says so would be logged at every cached call.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    from app_support import warm_up

    warm_up.keep_warm(stop)


def main(argv: list[str]) -> int:
    from streamlit.web import cli

    stop = threading.Event()
    threading.Thread(
        target=_warm_after_start, args=(stop,), name="accgraph-warm-up", daemon=True
    ).start()
    sys.argv = ["streamlit", "run", str(APP), *argv]
    try:
        cli.main()  # click: exits the process with the server's status
    finally:
        stop.set()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
