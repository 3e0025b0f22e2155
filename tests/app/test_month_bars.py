"""The Overview's monthly charts, drawn as HTML: bars as tall as their counts, stacked in
grade order, every month in a tooltip, round gridlines, and no markup or style from the
data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pandas as pd
import pytest

from app_support.month_bars import GREY, MAX_LABELS, html, nice_step


@dataclass
class Chart:
    """A chart read back as the browser gets it: its name, each segment's tooltip and place,
    the gridlines' labels and places, the month labels, the legend and the axes' names."""

    label: str = ""
    segments: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    ticks: list[tuple[str, float]] = field(default_factory=list)
    lines: list[float] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    axes: list[str] = field(default_factory=list)


def style(text: str | None) -> dict[str, str]:
    return {
        k.strip(): v.strip() for k, v in (p.split(":", 1) for p in (text or "").split(";") if p)
    }


def percent(value: str) -> float:
    assert value.endswith("%"), value
    return float(value[:-1])


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chart = Chart()
        self.stack: list[str] = []  # the class of each open element
        self.swatch = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        css = found.get("class") or ""
        place = style(found.get("style"))
        if css == "acc-months":
            self.chart.label = found.get("aria-label") or ""
        elif css == "acc-seg":
            self.chart.segments.append((found.get("title") or "", place))
        elif css == "acc-gl":
            self.chart.lines.append(percent(place["bottom"]))
        elif tag == "i":
            self.swatch = place["background"]
        elif tag == "span" and self.stack and self.stack[-1] == "acc-months-ticks":
            self.chart.ticks.append(("", percent(place["bottom"])))
        if tag not in ("i",):
            self.stack.append(css or tag)

    def handle_endtag(self, tag: str) -> None:
        if tag != "i" and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        where = self.stack[-2] if len(self.stack) > 1 else ""
        here = self.stack[-1] if self.stack else ""
        if where == "acc-months-ticks":
            label, at = self.chart.ticks[-1]
            self.chart.ticks[-1] = (label + data, at)
        elif where == "acc-months-x":
            self.chart.months.append(data)
        elif where == "acc-months-legend":
            self.chart.legend.append((data, self.swatch))
        elif here in ("acc-months-y", "acc-months-xlabel"):
            self.chart.axes.append(data)


def read(block: str) -> Chart:
    reader = _Reader()
    reader.feed(block)
    return reader.chart


def frame(rows: dict[str, list[int]], grades: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=grades)


def draw(df: pd.DataFrame, colours: list[str] | None = None) -> Chart:
    colours = colours or ["#111111", "#222222", "#333333"][: len(df.columns)]
    return read(html(df, colours, title="Hazards by month", x_label="Month", y_label="Count"))


def test_bars_are_as_tall_as_their_counts_and_stacked_in_grade_order() -> None:
    df = frame({"2024-01": [3, 1], "2024-02": [0, 4], "2024-03": [6, 2]}, ["General", "Major"])
    chart = draw(df, ["#aaaaaa", "#bb0000"])
    assert chart.label == "Hazards by month"
    assert chart.axes == ["Count", "Month"]
    assert chart.legend == [("General", "#aaaaaa"), ("Major", "#bb0000")]
    tips = [tip for tip, _ in chart.segments]
    # a segment per non-zero count; the zero one is not drawn
    assert tips == [
        "2024-01 · General: 3",
        "2024-01 · Major: 1",
        "2024-02 · Major: 4",
        "2024-03 · General: 6",
        "2024-03 · Major: 2",
    ]
    unit = percent(chart.segments[0][1]["height"]) / 3
    for tip, place in chart.segments:
        assert percent(place["height"]) == pytest.approx(unit * int(tip.rsplit(" ", 1)[1]), 0.01)
    # the first grade at the bottom: the second starts where the first ends
    (_, general), (_, major) = chart.segments[:2]
    assert percent(major["bottom"]) == pytest.approx(
        percent(general["bottom"]) + percent(general["height"]), abs=0.01
    )
    assert percent(general["bottom"]) == 0
    assert (general["background"], major["background"]) == ("#aaaaaa", "#bb0000")
    # the months side by side, left to right, none wider than its share of the plot
    lefts = [percent(p["left"]) for _, p in chart.segments]
    assert lefts[0] == lefts[1] < lefts[2] < lefts[3] == lefts[4]
    assert all(percent(p["left"]) + percent(p["width"]) <= 100 for _, p in chart.segments)


def test_the_tallest_bar_reaches_the_top_gridline() -> None:
    chart = draw(frame({"2024-01": [17], "2024-02": [40]}, ["General"]))
    assert [label for label, _ in chart.ticks] == ["0", "10", "20", "30", "40"]
    assert [at for _, at in chart.ticks] == chart.lines == [0, 25, 50, 75, 100]
    tops = [percent(p["bottom"]) + percent(p["height"]) for _, p in chart.segments]
    assert max(tops) == pytest.approx(100)  # 40 of 40


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1), (3, 1), (7, 2), (17, 5), (40, 10), (99, 50), (1234, 500)]
)
def test_nice_steps(top: int, step: int) -> None:
    assert nice_step(top) == step


def test_month_labels_thin_out_but_every_month_has_a_tooltip() -> None:
    months = pd.period_range("2020-01", periods=60, freq="M").astype(str)
    chart = draw(pd.DataFrame({"General": range(1, 61)}, index=months))
    assert all(re.fullmatch(r"\d{4}-\d\d", m) for m in chart.months)
    assert 1 < len(chart.months) <= MAX_LABELS
    assert chart.months[0] == "2020-01"
    assert len(chart.segments) == 60


def test_markup_in_the_data_is_text_and_a_colour_no_more_than_a_colour() -> None:
    hostile = "<script>alert(1)</script>\"'&"
    df = frame({"2024-01": [2]}, [hostile])
    text = html(
        df, ["red;background:url(javascript:x)"], title="<b>t</b>", x_label="<i>", y_label="&"
    )
    for markup in ("<script>", "<b>", "<i>", "url(", "javascript"):
        assert markup not in text
    chart = read(text)
    assert chart.legend == [(hostile, GREY)]  # not a hex colour: drawn grey
    assert chart.segments[0][0] == f"2024-01 · {hostile}: 2"
    assert chart.label == "<b>t</b>"
    assert chart.axes == ["&", "<i>"]


def test_one_month_is_one_bar_and_no_count_draws_no_bar() -> None:
    (only,) = draw(frame({"2024-05": [7]}, ["General"])).segments
    assert only[0] == "2024-05 · General: 7"
    assert percent(only[1]["left"]) + percent(only[1]["width"]) <= 100
    assert percent(only[1]["bottom"]) + percent(only[1]["height"]) <= 100
    zero = draw(frame({"2024-05": [0, 0], "2024-06": [0, 0]}, ["General", "Major"]))
    assert zero.segments == []
    assert zero.months == ["2024-05", "2024-06"]
    assert [label for label, _ in zero.ticks] == ["0", "1"]  # an axis, not a division by 0


def test_a_colour_that_is_not_text_is_grey() -> None:
    chart = read(
        html(frame({"2024-01": [1]}, ["General"]), [None], title="t", x_label="x", y_label="y")  # type: ignore[list-item]
    )
    assert chart.legend == [("General", GREY)]


def test_an_empty_frame_draws_an_empty_chart() -> None:
    chart = draw(pd.DataFrame(columns=["General"], dtype="int64"))
    assert chart.segments == []
    assert chart.months == []
