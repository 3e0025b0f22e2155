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
