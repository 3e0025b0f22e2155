"""The Overview's first screen is what a manager acts on; the fragile posts and the charts by
month are drawn when asked (a toggle each, or ``?fragile=1`` / ``?charts=1`` in the address),
and nothing they need is computed before: the ranking walks every enterprise's chain again
and the two Vega charts were a third of a next visit's wait in the browser (M size)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from app_support import overview_frames
from graph_model import fragility
from tests.app.conftest import OpenApp


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Calls of the ranking of fragile posts and of the counts by month."""
    seen: Counter[str] = Counter()

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            seen[name] += 1
            return real(*args, **kwargs)

        return counted

    for module, name in (
        (fragility, "single_points_of_failure"),
        (fragility, "snapshot"),
        (overview_frames, "by_month"),
    ):
        monkeypatch.setattr(module, name, counting(name, getattr(module, name)))
    return seen


def fragile_tables(at: Any) -> list[Any]:
    """The table of the five most fragile posts (the one with a hidden ``position_id``)."""
    return [d for d in at.dataframe if "position_id" in d.value.columns]


def test_the_first_screen_computes_and_draws_neither(app: OpenApp, computed: Counter[str]) -> None:
    at = app("overview", as_of="2019-06-30")
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Hazard overdue"] == "8"  # the page is whole
    assert at.toggle(key="ov_show_fragile").value is False
    assert at.toggle(key="ov_show_charts").value is False
    assert len(at.get("vega_lite_chart")) == 0
    assert fragile_tables(at) == []
    assert computed == Counter()


def test_a_toggle_draws_its_part_and_the_address_keeps_it(
    app: OpenApp, computed: Counter[str]
) -> None:
    at = app("overview", as_of="2019-06-30")
    at.toggle(key="ov_show_fragile").set_value(True).run()
    assert not at.exception
    assert "POS-016" in set(fragile_tables(at)[0].value["position_id"])
    assert at.query_params["fragile"] == "1"
    assert len(at.get("vega_lite_chart")) == 0
    assert computed["by_month"] == 0

    at.toggle(key="ov_show_charts").set_value(True).run()
    assert len(at.get("vega_lite_chart")) == 2  # hazards and accidents by month
    assert at.query_params["charts"] == "1"

    at.toggle(key="ov_show_fragile").set_value(False).run()
    assert fragile_tables(at) == []
    assert "fragile" not in at.query_params


def test_a_deep_link_opens_both_parts_within_the_filter(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30", region="R-005", fragile="1", charts="1")
    assert not at.exception
    posts = set(fragile_tables(at)[0].value["position_id"])
    assert "POS-013" in posts
    assert "POS-016" not in posts
    assert len(at.get("vega_lite_chart")) == 2


def test_the_toggles_speak_chinese(app: OpenApp) -> None:
    at = app("overview", as_of="2019-06-30", lang="zh")
    assert at.toggle(key="ov_show_fragile").label == "计算最脆弱的岗位排名"
    assert at.toggle(key="ov_show_charts").label == "显示按月统计图"
