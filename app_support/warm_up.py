"""Today's Overview made before anyone asks for it.

The first visit to the Overview opens the store and works out the whole graph's figures for
the day; every later visit reads them from the cache. At a city's size (M) that first visit
is ~5 s of the server's work before the page is drawn, at L ~20 s. ``keep_warm`` runs beside
the server (``python -m app_support.serve``, which ``scripts/run-app`` starts) and makes
them as the server starts, and again when the data changes (a load, a write in the app), the
day does, or the cache has dropped them (``TTL``, ten minutes): the first visitor finds them
made.

``overview`` calls the very cached functions the Overview calls for its default view (today,
no filter), with the same arguments, so it fills the entries the page reads; a test renders
the page after it and counts the store's reads. Nothing here draws or changes anything.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import date

from app_support import cached_answers, i18n, overview_frames, timeline_view
from app_support.serve import MADE
from app_support.store import token

POLL_S = 10.0  # how often the data, the day and the answers' age are looked at (a stat)


def overview(day: str, language: str = i18n.DEFAULT_LANG) -> bool:
    """Make the Overview's answers for ``day`` (its default view). False: an empty store."""
    tok = token()
    if cached_answers.is_empty(tok):
        return False
    cached_answers.directory(tok, cached_answers.OVERVIEW_LABELS)
    cached_answers.ids_with(tok, "Region")
    cached_answers.ids_with(tok, "Sector")
    cached_answers.gap_counts(tok, day, None, None)
    cached_answers.coverage_frames(tok, day)
    cached_answers.newest_day(tok)
    listed = cached_answers.action_index(tok, day, None, None)  # and its first page, worded
    first = listed.rows.iloc[: overview_frames.overview_page_rows()]
    cached_answers.action_frame(tok, listed, day, language, first)
    for field in ("region_id", "sector_id"):
        cached_answers.coverage_breakdown(tok, day, field, language, None, None)
    timeline_view.fragile_posts(tok, day)
    for label, day_field in (("Hazard", "found_on"), ("Accident", "occurred_on")):
        cached_answers.by_month(tok, label, day_field, language, None, None)
    return True


def keep_warm(
    stop: threading.Event, poll_s: float = POLL_S, lifetime_s: float = cached_answers.TTL
) -> None:
    """Make today's Overview now, then again whenever the data or the day has changed or
    the answers have outlived ``lifetime_s`` (Streamlit drops a cached answer ``TTL``
    seconds after it was made), until ``stop``. A failure is one line in the log, said
    again only when the reason changes, and is tried again at the next look: the page itself
    says what is wrong with the store."""
    made: tuple[str, str] | None = None
    made_at = 0.0
    failed = ""
    while not stop.is_set():
        now = (token(), date.today().isoformat())
        if now != made or time.monotonic() - made_at >= lifetime_s:
            started = time.monotonic()
            try:
                if overview(now[1]):
                    _say(f"{MADE} for {now[1]} in {time.monotonic() - started:.1f} s")
                made, made_at, failed = now, started, ""
            except Exception as exc:  # any failure of the store: the page reports it
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                if reason != failed:
                    _say(f"accgraph: today's Overview not made ahead ({reason})")
                failed = reason
        stop.wait(poll_s)


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
