"""The Overview's monthly charts, drawn as SVG: bars as tall as their counts, stacked in
grade order, every month in a tooltip, round gridlines, and no markup from the data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from app_support.month_bars import MAX_LABELS, nice_step, svg

NS = {"s": "http://www.w3.org/2000/svg"}


def frame(rows: dict[str, list[int]], grades: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=grades)


def draw(df: pd.DataFrame, colours: list[str] | None = None) -> ET.Element:
    colours = colours or ["#111111", "#222222", "#333333"][: len(df.columns)]
    text = svg(df, colours, title="Hazards by month", x_label="Month", y_label="Count")
    return ET.fromstring(text)  # well-formed XML, or this raises


def segments(root: ET.Element) -> list[tuple[str, float, float, str]]:
    """(tooltip, top, height, fill) of each bar segment: the rects with a tooltip."""
    out = []
    for rect in root.iterfind(".//s:rect", NS):
        tip = rect.find("s:title", NS)
        if tip is not None:
            top, height = float(rect.get("y", "nan")), float(rect.get("height", "nan"))
            out.append((tip.text or "", top, height, rect.get("fill", "")))
    return out


def test_bars_are_as_tall_as_their_counts_and_stacked_in_grade_order() -> None:
    df = frame({"2024-01": [3, 1], "2024-02": [0, 4], "2024-03": [6, 2]}, ["General", "Major"])
    parts = segments(draw(df, ["#aaaaaa", "#bb0000"]))
    tips = [p[0] for p in parts]
    # a segment per non-zero count; the zero one is not drawn
    assert tips == [
        "2024-01 · General: 3",
        "2024-01 · Major: 1",
        "2024-02 · Major: 4",
        "2024-03 · General: 6",
        "2024-03 · Major: 2",
    ]
    unit = parts[0][2] / 3
    for tip, _, height, _ in parts:
        assert height == pytest.approx(unit * int(tip.rsplit(" ", 1)[1]), abs=0.02)
    # the first grade at the bottom: the second starts where the first ends
    (_, top_general, _, fill_general), (_, top_major, h_major, fill_major) = parts[:2]
    assert top_major + h_major == pytest.approx(top_general, abs=0.02)
    assert (fill_general, fill_major) == ("#aaaaaa", "#bb0000")


def test_the_tallest_bar_fits_under_the_top_gridline() -> None:
    df = frame({"2024-01": [17], "2024-02": [40]}, ["General"])
    root = draw(df)
    labels = [t.text for t in root.iterfind(".//s:text", NS) if (t.text or "").isdigit()]
    assert labels == ["0", "10", "20", "30", "40"]
    tops = [p[1] for p in segments(root)]
    lines = sorted(float(line.get("y1")) for line in root.iterfind(".//s:line", NS))
    assert min(tops) >= lines[0] - 0.01  # the top gridline (40) is the tallest bar's top


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1), (3, 1), (7, 2), (17, 5), (40, 10), (99, 50), (1234, 500)]
)
def test_nice_steps(top: int, step: int) -> None:
    assert nice_step(top) == step


def test_month_labels_thin_out_but_every_month_has_a_tooltip() -> None:
    months = pd.period_range("2020-01", periods=60, freq="M").astype(str)
    df = pd.DataFrame({"General": range(1, 61)}, index=months)
    root = draw(df)
    texts = [t.text or "" for t in root.iterfind(".//s:text", NS)]
    shown = [t for t in texts if re.fullmatch(r"\d{4}-\d\d", t)]
    assert 1 < len(shown) <= MAX_LABELS
    assert shown[0] == "2020-01"
    assert len(segments(root)) == 60


def test_markup_in_the_data_is_text() -> None:
    hostile = '<script>alert(1)</script>"&'
    df = frame({"2024-01": [2]}, [hostile])
    text = svg(df, ['"/><script>x</script>'], title="<b>t</b>", x_label="<i>", y_label="&")
    for markup in ("<script>", "<b>", "<i>"):
        assert markup not in text
    root = ET.fromstring(text)
    assert any(t.text == hostile for t in root.iterfind(".//s:text", NS))


def test_an_empty_frame_draws_an_empty_chart() -> None:
    root = draw(pd.DataFrame(columns=["General"], dtype="int64"))
    assert segments(root) == []
