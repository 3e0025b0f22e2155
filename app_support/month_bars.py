"""Counts by month, stacked by grade, drawn as one block of HTML.

The Overview's two monthly charts were Vega-Lite charts, then SVG shown with ``st.markdown``
(``st.html`` sanitises to HTML only and drops SVG): the browser turned the SVG's few hundred
elements into React components one by one (bench/RESULTS.md, "The Overview's tables and
charts as HTML"). A stacked bar chart needs none of it: bars are boxes placed in percent of
the plot, gridlines are lines, a tooltip per bar is its ``title``. Every text drawn is
escaped (grade names can come from the data); a colour that is not a hex colour is drawn
grey, so no data reaches a style as anything but a number.
"""

from __future__ import annotations

import math
import re
from html import escape

import pandas as pd

PLOT_HEIGHT = 220  # px; the chart is as wide as its column
# month labels under the bars, at most (each ~45 px wide, in a column half the page wide);
# a tooltip names every month
MAX_LABELS = 8
GREY = "#607d8b"
_HEX = re.compile(r"#[0-9a-fA-F]{3,8}")

# in the app's one style sheet (app.py)
CSS = (
    ".acc-months{font-size:0.75rem;color:#5c6670;margin:0.25rem 0 1rem}"
    ".acc-months-legend{display:flex;flex-wrap:wrap;gap:0.3rem 1rem;color:#1d2731;"
    "margin-bottom:0.4rem}"
    ".acc-months-legend span{display:inline-flex;align-items:center;gap:0.3rem}"
    ".acc-months-legend i{display:inline-block;width:0.7rem;height:0.7rem}"
    # a grid: the count's name and axis left of the plot, the months and their name under it
    ".acc-months-grid{display:grid;grid-template-columns:auto 2.6rem 1fr;"
    "grid-template-rows:var(--acc-plot-h) 1.4rem auto}"
    ".acc-months-y{grid-row:1;grid-column:1;writing-mode:vertical-rl;transform:rotate(180deg);"
    "text-align:center;color:#1d2731;padding-left:0.2rem}"
    ".acc-months-ticks{grid-row:1;grid-column:2;position:relative}"
    ".acc-months-ticks span{position:absolute;right:0.35rem;transform:translateY(50%)}"
    ".acc-months-plot{grid-row:1;grid-column:3;position:relative}"
    ".acc-months-plot .acc-gl{position:absolute;left:0;right:0;border-top:1px solid #d5dae1}"
    ".acc-months-plot .acc-seg{position:absolute}"
    ".acc-months-x{grid-row:2;grid-column:3;position:relative}"
    ".acc-months-x span{position:absolute;top:0.2rem;transform:translateX(-50%);"
    "white-space:nowrap}"
    ".acc-months-xlabel{grid-row:3;grid-column:3;text-align:center;color:#1d2731}"
)


def nice_step(top: int, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` gridlines up to
    ``top``."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def html(
    frame: pd.DataFrame,
    colours: list[str],
    *,
    title: str,
    x_label: str,
    y_label: str,
) -> str:
    """The chart of ``frame`` (index: months ``YYYY-MM``; one column of counts per grade,
    stacked in column order, the first at the bottom), ``colours`` one per column. Places
    are percent of the plot: a segment's ``bottom`` and ``height`` of its height, a bar's
    ``left`` and ``width`` of its width."""
    months = [str(m) for m in frame.index]
    grades = [str(c) for c in frame.columns]
    fills = [c if isinstance(c, str) and _HEX.fullmatch(c) else GREY for c in colours]
    counts = frame.to_numpy(dtype="int64")
    totals = counts.sum(axis=1) if len(months) else []
    top = max((int(x) for x in totals), default=0)
    step = nice_step(top)
    y_max = max(step, math.ceil(top / step) * step)
    slot = 100 / max(len(months), 1)
    bar = min(slot * 0.8, 6.0)  # a few months: bars, not blocks

    legend = "".join(
        f"<span><i style='background:{fill}'></i>{escape(grade)}</span>"
        for grade, fill in zip(grades, fills, strict=True)
    )
    ticks, lines = [], []
    for value in range(0, y_max + 1, step):
        at = 100 * value / y_max
        ticks.append(f"<span style='bottom:{at:.2f}%'>{value}</span>")
        lines.append(f"<div class='acc-gl' style='bottom:{at:.2f}%'></div>")
    segments, labels = [], []
    every = max(1, math.ceil(len(months) / MAX_LABELS))
    for i, month in enumerate(months):
        left = i * slot + (slot - bar) / 2
        base = 0
        for j, grade in enumerate(grades):
            n = int(counts[i][j])
            if not n:
                continue
            tip = escape(f"{month} · {grade}: {n}", quote=True)
            segments.append(
                f"<div class='acc-seg' title='{tip}' style='left:{left:.3f}%;width:{bar:.3f}%;"
                f"bottom:{100 * base / y_max:.3f}%;height:{100 * n / y_max:.3f}%;"
                f"background:{fills[j]}'></div>"
            )
            base += n
        if i % every == 0:
            labels.append(f"<span style='left:{left + bar / 2:.2f}%'>{escape(month)}</span>")
    return (
        f"<div class='acc-months' role='img' aria-label='{escape(title, quote=True)}'>"
        f"<div class='acc-months-legend'>{legend}</div>"
        f"<div class='acc-months-grid' style='--acc-plot-h:{PLOT_HEIGHT}px'>"
        f"<div class='acc-months-y'>{escape(y_label)}</div>"
        f"<div class='acc-months-ticks'>{''.join(ticks)}</div>"
        f"<div class='acc-months-plot'>{''.join(lines)}{''.join(segments)}</div>"
        f"<div class='acc-months-x'>{''.join(labels)}</div>"
        f"<div class='acc-months-xlabel'>{escape(x_label)}</div></div></div>"
    )
