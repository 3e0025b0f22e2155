"""Large read-only answers built once and kept out of Python's cyclic collector.

``built_whole(build)`` runs ``build`` with the collector paused while it allocates (hundreds
of thousands of long-lived objects, none freed), then freezes (``gc.freeze``: everything
alive then is left out of later collections). Without it each collection pass walks the
whole heap, the open graph included: at the M size (100k nodes) that was about half of the
Overview's first visit (measured with the collector on, off, and frozen after each answer).

What freezing costs: a garbage cycle alive at that moment is never collected. The graph, its
index and our answers hold none; a script run's own frames may: a small loss per answer
built (per load and day asked), not per visit.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from graph_model.store.memory_gc import collector_paused

P = ParamSpec("P")
R = TypeVar("R")


def built_whole(build: Callable[P, R]) -> Callable[P, R]:
    """``build`` with the cyclic collector paused, and what it built frozen."""

    @wraps(build)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            answer = build(*args, **kwargs)
            gc.freeze()
        return answer

    return paused
