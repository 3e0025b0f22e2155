"""Timing helpers: interleaved runs (A B A B ...) and their medians and percentiles."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleave(
    runs: dict[str, Callable[[], Any]],
    rounds: int,
    before: Callable[[], Any] | None = None,
    warm_up: bool = False,
) -> dict[str, list[float]]:
    """Seconds of each run, ``rounds`` times, one after the other in turn, every other round
    in the reverse order: A B, B A, A B ...

    Interleaving spreads the machine's own drift (other processes, caches, the JIT of a
    server) over every contender, so that their ratio means something on a busy machine.
    Reversing every other round spreads a drift that only goes one way too: a server still
    warming up favours whoever runs second in every round (our Neo4j load ÷ UNWIND at S,
    ours always first: 1.08 in the bench; the two alone, six rounds in one process: 0.91).
    ``before`` runs before each run and is not timed (e.g. emptying the database).
    ``warm_up``: one untimed round first. A server just started compiles its code paths
    and plans on its first runs, and whoever runs first pays for it: with two rounds that
    one cold run is half of the contender's median.
    """
    out: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(1 if warm_up else 0):
        for fn in runs.values():
            if before is not None:
                before()
            fn()
    for round_ in range(rounds):
        order = list(runs.items())
        for name, fn in order if round_ % 2 == 0 else reversed(order):
            if before is not None:
                before()
            out[name].append(timed(fn))
    return out


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0-100) by linear interpolation; NaN for no values.

    >>> percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50)
    3.0
    >>> percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95)
    4.8
    """
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratio(a: float, b: float) -> float:
    return a / b if b else math.nan
