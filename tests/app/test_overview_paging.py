"""The Overview's action list is paged (a city's list is tens of thousands of rows: only one
page reaches the browser and gets its deep links), in the order of the whole list; and the
page reads only the kinds of node it names, not a catalog entry for every node."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_support import overview_frames
from app_support.i18n import TEXT
from graph_model.store import MemoryStore
from tests.app.conftest import OpenApp, shown_tables

DAY = "2019-06-30"
WHOLE = 13  # open hazards needing action in the sample on DAY (test_overview.py)


def action_table(at: AppTest, lang: str) -> pd.DataFrame:
    frame = shown_tables(at)["actions"]
    assert TEXT["act_supervisor"][0 if lang == "en" else 1] in frame.columns
    return frame


def same_rows(shown: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(shown.reset_index(drop=True), expected.reset_index(drop=True))


def pager(at: AppTest) -> Any:
    return at.number_input(key="page|actions")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pages_one_two_and_back_in_the_order_of_the_whole_list(
    app: OpenApp, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    whole = action_table(app("overview", as_of=DAY, lang=lang), lang)
    assert len(whole) == WHOLE
    assert not [n for n in app("overview", as_of=DAY, lang=lang).number_input if n.key]

    monkeypatch.setenv("ACCGRAPH_PAGE_ROWS", "5")
    at = app("overview", as_of=DAY, lang=lang)
    assert not at.exception
    assert pager(at).label == TEXT["page"][0 if lang == "en" else 1]
    rows_of = TEXT["page_rows"][0 if lang == "en" else 1]
    assert rows_of.format(first=1, last=5, rows=WHOLE, pages=3) in [c.value for c in at.caption]
    first = action_table(at, lang)
    same_rows(first, whole.iloc[0:5])

    pager(at).set_value(2).run()
    assert not at.exception
    second = action_table(at, lang)
    same_rows(second, whole.iloc[5:10])
    assert rows_of.format(first=6, last=10, rows=WHOLE, pages=3) in [c.value for c in at.caption]

    pager(at).set_value(3).run()
    assert len(action_table(at, lang)) == 3  # the last page holds what is left

    pager(at).set_value(1).run()
    same_rows(action_table(at, lang), first)


def test_a_filter_that_shrinks_the_list_goes_back_to_page_one(
    app: OpenApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCGRAPH_PAGE_ROWS", "2")
    at = app("overview", as_of=DAY)
    pager(at).set_value(7).run()
    at.query_params["region"] = "R-005"  # Jinzhou: three rows, two pages
    at.run()
    assert not at.exception
    assert pager(at).value == 1
    ids = [h.split(" · ")[0] for h in action_table(at, "en")["Hazard"]]
    assert ids == ["HZ-007", "HZ-017"]


def test_rows_are_linked_only_on_the_page_shown() -> None:
    frame = pd.DataFrame({"Hazard": ["a", "b"], "hazard_id": ["HZ-1", "HZ 2"]})
    frame.attrs["as_of"] = DAY
    shown = overview_frames.with_links(frame.iloc[1:], "en")
    assert list(shown.columns) == ["Hazard", "Link"]
    assert list(shown["Link"]) == [f"./hazard?hazard=HZ+2&as_of={DAY}"]
    assert list(frame.columns) == ["Hazard", "hazard_id"]  # the cached frame is left whole


@pytest.mark.parametrize("value", ["0", "-3", "many", "", "100001"])
def test_a_bad_page_size_setting_falls_back(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ACCGRAPH_PAGE_ROWS", value)
    assert overview_frames.page_rows() == overview_frames.PAGE_ROWS == 100
    assert overview_frames.overview_page_rows() == overview_frames.OVERVIEW_PAGE_ROWS == 25


def test_the_overview_shows_a_shorter_page_than_the_gaps_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ACCGRAPH_PAGE_ROWS", raising=False)
    assert (overview_frames.overview_page_rows(), overview_frames.page_rows()) == (25, 100)
    monkeypatch.setenv("ACCGRAPH_PAGE_ROWS", "7")  # the setting sets both
    assert (overview_frames.overview_page_rows(), overview_frames.page_rows()) == (7, 7)


@pytest.fixture
def card_reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The label sets of every ``node_cards`` call of the embedded store."""
    seen: list[tuple[str, ...]] = []
    real: Callable[..., Any] = MemoryStore.node_cards

    def counted(self: MemoryStore, labels: Any = ()) -> Any:
        seen.append(tuple(labels))
        return real(self, labels)

    monkeypatch.setattr(MemoryStore, "node_cards", counted)
    return seen


def test_the_overview_builds_no_catalog_of_every_node(
    app: OpenApp, card_reads: list[tuple[str, ...]]
) -> None:
    at = app("overview", as_of=DAY, region="R-003")
    assert not at.exception
    assert card_reads  # the page does read names...
    assert () not in card_reads  # ...never every node's (an empty label set is all nodes)
    read = Counter(label for labels in card_reads for label in labels)
    assert not {"Person", "Position", "Duty", "Organization"} & set(read)
    # the hazards and accidents it charts are counted by the store, not read as cards (a
    # province has 1.2M of them)
    assert not {"Hazard", "Accident", "Source"} & set(read)


def test_the_check_above_can_fail(sample_home: Any, card_reads: list[tuple[str, ...]]) -> None:
    # a read of every node's card is what the fixture records as ()
    MemoryStore(sample_home / "graph.json").node_cards()
    assert () in card_reads


@pytest.mark.parametrize("page", [2, 5, 100])
def test_the_action_list_words_only_the_rows_of_the_page_shown(
    app: OpenApp, monkeypatch: pytest.MonkeyPatch, page: int
) -> None:
    """A province's list is 323k items: only the rows shown are named and worded (all 13 fit
    on a page of 100, where the same check sees the whole list worded)."""
    monkeypatch.setenv("ACCGRAPH_PAGE_ROWS", str(page))
    worded: list[int] = []
    real: Callable[..., Any] = overview_frames.action_frame

    def counted(items: Any, *args: Any) -> Any:
        items = list(items)
        worded.append(len(items))
        return real(items, *args)

    monkeypatch.setattr(overview_frames, "action_frame", counted)
    at = app("overview", as_of=DAY)
    assert not at.exception
    assert len(action_table(at, "en")) == min(page, WHOLE)
    assert worded == [min(page, WHOLE)]
