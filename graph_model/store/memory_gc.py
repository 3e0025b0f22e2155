"""Pausing Python's cyclic garbage collector while the embedded store builds a graph.

Reading a store file or indexing a graph allocates about ten long-lived objects per record
and frees none of them; each pass of the collector walks the whole growing heap, so at the
M size (244k records) the passes cost more than the build itself (open + index 33 s with
them, 8-12 s without, measured interleaved). Nothing built there can be a garbage cycle
until the build is over, so the pause loses nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after it
    (a caller that had disabled it keeps it disabled).

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def heap_frozen() -> Iterator[None]:
    """Everything alive as the block starts (an opened store's graph) left out of the
    collector's passes until it ends (``gc.freeze``), then given back (``gc.unfreeze``).

    A command of the CLI opens the store, then works: each full pass of the collector walked
    the whole graph again. At L (940k records) that was 1.2-1.3 s of a one-chain command's
    6.7-7.1 s (alternated, 2026-12-04). Nothing is frozen when someone else froze first
    (the app's answers): their freeze is theirs to undo.

    >>> import gc
    >>> before = gc.get_freeze_count()
    >>> with heap_frozen():
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count() == before
    True
    """
    mine = gc.get_freeze_count() == 0
    if mine:
        gc.freeze()
    try:
        yield
    finally:
        if mine:
            gc.unfreeze()
