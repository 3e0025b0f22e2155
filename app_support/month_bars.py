"""Counts by month, stacked by grade, drawn as plain SVG.

The Overview's two monthly charts were Vega-Lite charts: each first visit loaded and compiled
Vega in the browser, and the page was not whole until Vega had drawn. A stacked bar chart
needs none of it: bars, an axis, a legend and a tooltip per bar (an SVG ``title``). Every
text drawn is escaped (grade names can come from the data). Shown with ``st.markdown``:
``st.html`` sanitises to HTML only and drops SVG."""

from __future__ import annotations

import math
from html import escape

import pandas as pd

WIDTH = 640  # the drawing's own units; it is scaled to the width of its column
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 30, 46
FONT = "font-family:sans-serif;font-size:11px"
MAX_LABELS = 12  # month labels under the bars, at most; a tooltip names every month


def nice_step(top: int, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` gridlines up to
    ``top``."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def svg(
    frame: pd.DataFrame,
    colours: list[str],
    *,
    title: str,
    x_label: str,
    y_label: str,
    height: int = 300,
) -> str:
    """The chart of ``frame`` (index: months ``YYYY-MM``; one column of counts per grade,
    stacked in column order, the first at the bottom), ``colours`` one per column."""
    months = [str(m) for m in frame.index]
    grades = [str(c) for c in frame.columns]
    counts = frame.to_numpy(dtype="int64")
    totals = counts.sum(axis=1) if len(months) else []
    top = max((int(x) for x in totals), default=0)
    step = nice_step(top)
    y_max = max(step, math.ceil(top / step) * step)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = height - TOP - BOTTOM
    slot = plot_w / max(len(months), 1)
    bar = min(max(slot * 0.8, 1.0), 36.0)  # a few months: bars, not blocks

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / y_max

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" style="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    # gridlines and the count axis
    for value in range(0, y_max + 1, step):
        at = y(value)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{at:.1f}" y2="{at:.1f}" '
            f'stroke="#d5dae1" stroke-width="{1 if value else 1.5}"/>'
            f'<text x="{LEFT - 6}" y="{at + 4:.1f}" text-anchor="end" fill="#5c6670">{value}'
            "</text>"
        )
    parts.append(
        f'<text transform="translate(11 {TOP + plot_h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle" fill="#1d2731">{escape(y_label)}</text>'
    )
    # the bars, one stacked segment per grade with a count
    every = max(1, math.ceil(len(months) / MAX_LABELS))
    for i, month in enumerate(months):
        x = LEFT + i * slot + (slot - bar) / 2
        base = 0
        for j, grade in enumerate(grades):
            n = int(counts[i][j])
            if not n:
                continue
            parts.append(
                f'<rect x="{x:.2f}" y="{y(base + n):.2f}" width="{bar:.2f}" '
                f'height="{y(base) - y(base + n):.2f}" fill="{escape(colours[j])}">'
                f"<title>{escape(month)} · {escape(grade)}: {n}</title></rect>"
            )
            base += n
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h + 15}" text-anchor="middle" '
                f'fill="#5c6670">{escape(month)}</text>'
            )
    parts.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" '
        f'fill="#1d2731">{escape(x_label)}</text>'
    )
    # the legend, above the bars: a swatch and a name per grade
    at: float = LEFT
    for grade, colour in zip(grades, colours, strict=True):
        parts.append(
            f'<rect x="{at:.1f}" y="8" width="10" height="10" fill="{escape(colour)}"/>'
            f'<text x="{at + 14:.1f}" y="17" fill="#1d2731">{escape(grade)}</text>'
        )
        at += 26 + sum(11 if ord(ch) > 0x2E7F else 5.6 for ch in grade)  # CJK: a full em
    parts.append("</svg>")
    return "".join(parts)
