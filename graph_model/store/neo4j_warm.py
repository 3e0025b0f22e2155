"""``python -m graph_model.store.neo4j_warm``: the gap report's reads run once on the server
of ``NEO4J_URI``, their rows dropped (``neo4j_plans.warm_after_start``).

A server that has just started has a cold JVM and an empty page cache: the first gap report
on a province took 17.7 s, the next 8.5 s (2026-12-04). ``scripts/neo4j-local start`` runs
this once the server answers, so that the first report a user asks for is a warm one.
Nothing depends on it: a server it cannot warm is said in one line, and the start goes on.
"""

from __future__ import annotations

import logging
import sys
import time

from graph_model.store.neo4j_settings import Neo4jSettings

PREFIX = "neo4j-local"
WAIT_S = 10.0  # for a connection, and for its first answer


def main() -> int:
    """0 once warmed, 1 with a one-line reason when not (no traceback either way)."""
    settings = Neo4jSettings.from_env()
    if settings is None:
        return _say("not warmed: NEO4J_URI is not set", 1)
    started = time.monotonic()
    # the driver logs a failing connection to stderr itself: the one line below says it
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    logging.getLogger("neo4j").propagate = False
    try:
        # a bare driver, not a ``Neo4jStore``: opening a store may write (an unfinished load
        # undone, indexes made), and a start should only read
        from neo4j import GraphDatabase

        from graph_model.store import neo4j_plans
        from graph_model.store.neo4j_store import BOLT_SCHEMES

        scheme = settings.uri.split("://", 1)[0].lower() if "://" in settings.uri else ""
        if scheme not in BOLT_SCHEMES:
            return _say(f"not warmed: {settings.uri!r} is not a Bolt URI", 1)
        auth = (settings.user, settings.password or "") if settings.user else None
        with GraphDatabase.driver(
            settings.uri,
            auth=auth,
            notifications_min_severity="OFF",
            connection_timeout=WAIT_S,
            connection_acquisition_timeout=WAIT_S,  # a server that takes TCP but never answers
        ) as driver:
            driver.verify_connectivity()
            failure: Exception | None = neo4j_plans.warm_up_failure(driver, settings.database)
    except Exception as exc:  # no driver, no server, no answer: said, not raised
        failure = exc
    if failure is not None:
        return _say(f"not warmed: {_whole(failure)}", 1)
    return _say(f"warmed in {time.monotonic() - started:.1f} s (the gap report's reads, once)", 0)


def _whole(exc: Exception) -> str:
    """The reason of ``exc`` on one line, all of it (a driver's first line can end in ':')."""
    return " ".join(ln.strip() for ln in str(exc).splitlines() if ln.strip()) or type(exc).__name__


def _say(line: str, code: int) -> int:
    print(f"{PREFIX}: {line}", file=sys.stderr, flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
