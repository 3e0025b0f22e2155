"""What keeps the Overview fast at a city's size, on the sample: a first visit reads the
whole graph's facts once and the appointments once (the gap report, the coverage figures,
the action list and the fragile posts share them; the appointments come with the facts), a
next visit reads nothing; and a
filtered visit does not change what the next, unfiltered one shows (the cached figures are
shared by every visit, never changed)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.app.conftest import OpenApp, count_calls, figures, shown_cards

COUNTED = ("graph_facts", "all_appointments", "subject_facts", "chain_heads")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Calls of the embedded store's whole-graph reads (a wrapper around each method)."""
    return count_calls(monkeypatch, COUNTED)


def test_a_visit_reads_the_whole_graph_once(app: OpenApp, calls: Counter[str]) -> None:
    at = app("overview", as_of="2019-06-30")
    assert not at.exception
    assert figures(at)["Hazard overdue"] == "8"
    # no chain per subject, and the appointments valid on the day come with the facts
    assert calls == Counter(graph_facts=1)

    calls.clear()
    again = app("overview", as_of="2019-06-30")
    assert not again.exception
    assert sum(calls.values()) == 0
    assert figures(again) == figures(at)


def tiles(at: Any) -> list[str]:
    """The coverage cards' ``part / whole`` captions."""
    return [c.caption for c in shown_cards(at) if " / " in c.caption]


def test_a_filtered_visit_leaves_the_cached_figures_whole(app: OpenApp) -> None:
    whole = app("overview", as_of="2019-06-30")
    assert "16 / 17" in tiles(whole)
    filtered = app("overview", as_of="2019-06-30", region="R-003")
    assert not filtered.exception
    assert "16 / 17" not in tiles(filtered)  # the filter reached the tiles
    after = app("overview", as_of="2019-06-30")
    assert tiles(after) == tiles(whole)
