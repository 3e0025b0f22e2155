"""The load lock: one load at a time per data folder, across processes, the app and the CLI.

An OS lock (``fcntl.flock``) on ``<folder>/load.lock``, held while a load re-reads the store,
validates against it, applies and records its history. The OS drops the lock when its holder
exits however it exits (even ``kill -9``), so a crashed load never leaves a stale lock behind.
The file says who holds it (pid, host, since when, what), for the message of whoever waits.

What it covers: every process of this machine that uses the same folder (the same
``ACCGRAPH_HOME``), for both stores. What it does not: another machine loading into the same
Neo4j server; there each load is still all or nothing (``graph_model.store.neo4j_load``), but
two loads may interleave between validation and apply.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from graph_model.store.base import LoadBusy, StoreUnavailable

LOCK_NAME = "load.lock"
LOAD_WAIT_S = 600.0  # how long a load waits for another one to finish, by default
POLL_S = 0.1

# Locks this thread holds already: taking one again (a load restoring a backup) is a no-op.
# Other threads, like other processes, wait: each opens the file itself, and flock treats
# separate opens as separate owners.
_held = threading.local()


def _held_here() -> set[str]:
    if not hasattr(_held, "paths"):
        _held.paths = set()
    return _held.paths  # type: ignore[no-any-return]


class LoadLock:
    """The lock of one data folder."""

    def __init__(self, home: Path):
        self.path = home / LOCK_NAME

    @contextmanager
    def held(
        self,
        what: str,
        *,
        timeout_s: float,
        on_wait: Callable[[str], None] | None = None,
    ) -> Iterator[None]:
        """Hold the lock for the block. If another load holds it: call ``on_wait`` once with
        who holds it, and wait up to ``timeout_s`` (0: don't wait), then raise ``LoadBusy``."""
        key = str(self.path.absolute())
        if key in _held_here():
            yield
            return
        fd = self._open()
        try:
            self._acquire(fd, timeout_s, on_wait)
            _held_here().add(key)
            try:
                self._write_holder(fd, what)
                yield
            finally:
                _held_here().discard(key)
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def holder(self) -> str:
        """Who holds the lock, in words (the file may be empty or from an older holder)."""
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
            since = datetime.fromisoformat(info["since"]).astimezone().strftime("%H:%M:%S")
            where = "" if info["host"] == socket.gethostname() else f" on {info['host']}"
            return f"running since {since} by pid {info['pid']}{where} ({info['what']})"
        except (OSError, ValueError, KeyError, TypeError):
            return f"holding {self.path}"

    def _open(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot create the load lock {self.path}: {exc.strerror or exc}"
            ) from exc

    def _acquire(self, fd: int, timeout_s: float, on_wait: Callable[[str], None] | None) -> None:
        deadline = time.monotonic() + timeout_s
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            if time.monotonic() >= deadline:
                raise LoadBusy(
                    f"another load is {self.holder()}; gave up after waiting {timeout_s:g} s"
                )
            if not told and on_wait is not None:
                on_wait(f"waiting for another load, {self.holder()}…")
                told = True
            time.sleep(POLL_S)

    def _write_holder(self, fd: int, what: str) -> None:
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
            "what": what,
        }
        data = json.dumps(info, ensure_ascii=False).encode("utf-8")
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
        except OSError:
            pass  # who holds it is only for the message of a waiter; the lock itself holds
