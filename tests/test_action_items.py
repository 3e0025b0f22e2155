"""The managers' action list (``graph_model.overview.action_items``) on the sample, on both
stores: which open hazards need action on a day and in which order (major before general,
then the most overdue), with the owner and the industry supervisor accountable."""

from __future__ import annotations

import pytest

from graph_model import accountability, overview
from graph_model.store import GraphStore
from loaders import load_path
from tests.conftest import SAMPLE

DAY = "2019-06-30"


@pytest.fixture
def items(store: GraphStore) -> tuple[overview.ActionItem, ...]:
    load_path(SAMPLE, store)
    return overview.action_items(store, DAY, accountability.gaps(store, DAY))


def test_major_first_then_most_overdue(items: tuple[overview.ActionItem, ...]) -> None:
    ids = [i.hazard_id for i in items]
    # overdue majors on 2019-06-30, by days past the deadline (hazards.csv): HZ-005 181,
    # HZ-007 91, HZ-017 51, HZ-004 30, HZ-008 30 (ties by id), HZ-013 15
    assert ids[:6] == ["HZ-005", "HZ-007", "HZ-017", "HZ-004", "HZ-008", "HZ-013"]
    grades = [i.grade for i in items]
    assert grades == sorted(grades, key=lambda g: g != "major")  # no major after a general
    assert ids.index("HZ-022") < ids.index("HZ-012")  # 354 days before 10
    late = {i.hazard_id: i.days_overdue for i in items}
    assert (late["HZ-005"], late["HZ-022"], late["HZ-012"]) == (181, 354, 10)


def test_only_open_items_that_need_action(items: tuple[overview.ActionItem, ...]) -> None:
    by_id = {i.hazard_id: i for i in items}
    assert "HZ-001" not in by_id  # closed 2018-12-20
    assert "HZ-009" not in by_id  # found after the day or closed
    assert "hazard_overdue" in by_id["HZ-012"].reasons
    assert "major_hazard_incomplete" in by_id["HZ-003"].reasons  # no owner
    assert by_id["HZ-003"].owner is None
    assert by_id["HZ-010"].days_overdue == 0  # its deadline is the day itself
    assert all(i.reasons for i in items)


def test_owner_and_supervisor_named(items: tuple[overview.ActionItem, ...]) -> None:
    by_id = {i.hazard_id: i for i in items}
    owner = by_id["HZ-005"].owner
    assert owner is not None
    assert owner.id == "P-211"
    assert owner.name
    assert owner.name_zh
    assert by_id["HZ-012"].enterprise_id == "ENT-012"
    assert (by_id["HZ-012"].region_id, by_id["HZ-012"].sector_id) == ("R-005", "SEC-041")
