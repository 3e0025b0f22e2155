"""The store counts hazards and accidents by month (``month_counts``) and finds the newest day
(``newest_day``) where the data is, on both stores, with the answers the Overview drew from
a card of every node before: the same charts, the same day."""

from __future__ import annotations

from typing import Any

from app_support import overview_frames
from graph_model.schema import GraphBatch, Label, NodeRecord
from graph_model.store import GraphStore
from loaders import load_path
from tests.conftest import SAMPLE


def node(i: str, label: Label, **props: Any) -> NodeRecord:
    return NodeRecord(i, (label,), {"id": i, **props})


def put(store: GraphStore, *nodes: NodeRecord) -> None:
    store.apply(GraphBatch(list(nodes), [], []))


def test_counts_by_month_and_values(store: GraphStore) -> None:
    put(
        store,
        node("H1", Label.HAZARD, found_on="2024-03-01", grade="major", enterprise_id="E1"),
        node("H2", Label.HAZARD, found_on="2024-03-31", grade="major", enterprise_id="E2"),
        node("H3", Label.HAZARD, found_on="2024-03-02", grade="general", enterprise_id="E1"),
        node("H4", Label.HAZARD, found_on="2024-05-09", enterprise_id="E1"),  # no grade
        node("H5", Label.HAZARD, found_on="", grade="major"),  # no day: not counted
        node("H6", Label.HAZARD, grade="major"),
        node("A1", Label.ACCIDENT, occurred_on="2024-03-05", grade="major"),  # another label
    )
    assert store.month_counts("Hazard", "found_on", ("grade",)) == [
        ("2024-03", ("general",), 1),
        ("2024-03", ("major",), 2),
        ("2024-05", (None,), 1),
    ]
    assert store.month_counts("Hazard", "found_on", ("grade",), {"E1"}) == [
        ("2024-03", ("general",), 1),
        ("2024-03", ("major",), 1),
        ("2024-05", (None,), 1),
    ]
    assert store.month_counts("Hazard", "found_on", ("grade",), set()) == []
    assert store.month_counts("Hazard", "found_on", ()) == [
        ("2024-03", (), 3),
        ("2024-05", (), 1),
    ]


def test_a_label_or_key_not_in_the_data_counts_nothing(store: GraphStore) -> None:
    put(store, node("H1", Label.HAZARD, found_on="2024-03-01", grade="major"))
    assert store.month_counts("Hazard) DETACH DELETE (n", "found_on", ("grade",)) == []
    assert store.month_counts("Hazard", "no_such_key", ("grade",)) == []
    assert store.month_counts("Hazard", "found_on", ("no_such_field",)) == [("2024-03", (None,), 1)]
    assert store.stats().labels == {"Hazard": 1}


def test_the_chart_names_every_grade_from_the_counts(store: GraphStore) -> None:
    put(
        store,
        node("A1", Label.ACCIDENT, occurred_on="2024-03-01", grade="major", deaths=12),
        node("A2", Label.ACCIDENT, occurred_on="2024-03-02", deaths=3),  # by its figures
        node("A3", Label.ACCIDENT, occurred_on="2024-03-03", deaths=1, grade="general"),
        node("A4", Label.ACCIDENT, occurred_on="2024-03-04", deaths=0, serious_injuries=0),
        node("A5", Label.ACCIDENT, occurred_on="2024-03-05"),  # neither grade nor figure
        node("A6", Label.ACCIDENT, occurred_on="2024-05-06", direct_loss_cny=60_000_000),
    )
    counts = store.month_counts("Accident", "occurred_on", overview_frames.month_fields("Accident"))
    for language, names in (
        ("en", ["General", "Relatively large", "Major", "Not graded"]),
        ("zh", ["一般", "较大", "重大", "未定级"]),
    ):
        months = overview_frames.by_month(counts, "Accident", language)
        assert list(months.columns) == names
        assert list(months.index) == ["2024-03", "2024-04", "2024-05"]
        assert months.loc["2024-03"].tolist() == [2, 1, 1, 1]
        assert months.loc["2024-04"].tolist() == [0, 0, 0, 0]  # a month with none is shown
        assert months.loc["2024-05"].tolist() == [0, 0, 1, 0]
    assert overview_frames.by_month([], "Accident", "en").empty


def test_the_newest_day(store: GraphStore) -> None:
    assert store.newest_day(overview_frames.DATED_LABELS, overview_frames.DATE_KEYS) is None
    put(
        store,
        node("H1", Label.HAZARD, found_on="2024-03-01", closed_on="2024-06-30"),
        node("H2", Label.HAZARD, found_on="2024-03", deadline=20991231),  # neither a day
        node("S1", Label.SOURCE, date="2024-07-01T09:00:00"),  # a date-time: its day
        node("P1", Label.PERSON, date="2030-01-01"),  # not a dated kind
    )
    assert store.newest_day(overview_frames.DATED_LABELS, overview_frames.DATE_KEYS) == (
        "2024-07-01"
    )
    assert store.newest_day(("Hazard",), overview_frames.DATE_KEYS) == "2024-06-30"
    assert store.newest_day(("Hazard",), ("found_on",)) == "2024-03-01"
    assert store.newest_day(("Person",), ("date",)) == "2030-01-01"
    assert store.newest_day(("Nothing",), ("date",)) is None


def test_on_the_sample_as_from_every_card(store: GraphStore) -> None:
    """What the Overview reads from the store is what it worked out from every node's card."""
    load_path(SAMPLE, store)
    cards = {c.id: c.as_dict() for c in store.node_cards()}
    days = [
        v[:10]
        for c in cards.values()
        for k in overview_frames.DATE_KEYS
        if isinstance(v := c.get(k), str) and len(v) >= 10
    ]
    assert store.newest_day(overview_frames.DATED_LABELS, overview_frames.DATE_KEYS) == max(days)
    for label, key in (("Hazard", "found_on"), ("Accident", "occurred_on")):
        fields = overview_frames.month_fields(label)
        expected: dict[tuple[str, tuple[Any, ...]], int] = {}
        for c in cards.values():
            if label in c["labels"] and c.get(key):
                month_values = (c[key][:7], tuple(c.get(f) for f in fields))
                expected[month_values] = expected.get(month_values, 0) + 1
        got = store.month_counts(label, key, fields)
        assert {(m, v): n for m, v, n in got} == expected
        assert sum(n for _, _, n in got) == sum(1 for c in cards.values() if label in c["labels"])
