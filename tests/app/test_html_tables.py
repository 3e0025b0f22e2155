"""Tables drawn as HTML (``app_support.html_tables``): what a row shows, read back as the page
shows it; links that carry the language and only ever lead into the app; hostile text kept as
text."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd

from app_support import html_tables
from tests.app.conftest import read_tables


def draw(frame: pd.DataFrame, **options: object) -> str:
    return html_tables.table(frame, "t", open_text="Open →", language="zh", **options)  # type: ignore[arg-type]


def test_cells_shares_links_and_hidden_columns() -> None:
    frame = pd.DataFrame(
        {
            "Region": ["Jinzhou", "Lüshun"],
            "id": ["R-005", "R-006"],
            "Enterprises": [3, 0],
            "Supervised": [0.666, None],
            "Link": ["./hazard?hazard=HZ-1&as_of=2019-06-30", None],
        }
    )
    block = draw(frame, link="Link", shares=("Supervised",), hide=("id",), row_id="id")
    shown = read_tables(block)["t"]
    assert list(shown.columns) == ["Region", "Enterprises", "Supervised", "Link", "data-id"]
    assert shown.to_dict("records") == [
        {
            "Region": "Jinzhou",
            "Enterprises": "3",
            "Supervised": "66.6%",
            "Link": "./hazard?hazard=HZ-1&as_of=2019-06-30&lang=zh",
            "data-id": "R-005",
        },
        # no share is a dash, not 0 %; no link is an empty cell
        {"Region": "Lüshun", "Enterprises": "0", "Supervised": "—", "Link": "", "data-id": "R-006"},
    ]
    assert "width:66.6%" in block  # the bar
    assert "R-005" not in block.replace("data-id='R-005'", "")  # hidden, only the row's id
    assert "<td class='acc-n'>3</td>" in block  # numbers right-aligned


def test_shares_stay_within_their_bar_and_missing_values_are_empty() -> None:
    frame = pd.DataFrame({"s": [1.7, -0.2, math.nan], "n": [math.nan, None, 2.5]})
    block = draw(frame, shares=("s",))
    shown = read_tables(block)["t"]
    assert list(shown["s"]) == ["100%", "0%", "—"]
    assert list(shown["n"]) == ["", "", "2.5"]
    assert "width:100.0%" in block
    assert "width:0.0%" in block


def test_a_share_never_rounds_to_a_whole_it_is_not() -> None:
    shown = [html_tables.share_text(s) for s in (0.0, 1.0, 0.996, 0.9999, 0.0004, 0.125, 0.5)]
    assert shown == ["0%", "100%", "99.6%", "99.9%", "<0.1%", "12.5%", "50.0%"]


def test_any_value_shows_as_text_a_reader_expects() -> None:
    frame = pd.DataFrame(
        {
            "v": [
                0.1 + 0.2,
                pd.Timestamp("2019-06-30"),
                pd.NaT,
                Decimal("NaN"),
                np.float32("nan"),
                "a\nb",
            ],
            "s": [math.inf, Decimal("NaN"), None, 0.5, np.float32(0.25), "x"],
        },
        dtype=object,
    )
    block = draw(frame, shares=("s",))
    shown = read_tables(block)["t"]
    assert list(shown["v"]) == ["0.3", "2019-06-30", "", "", "", "a b"]
    assert list(shown["s"]) == ["—", "—", "—", "50.0%", "25.0%", "—"]
    assert "nan" not in block.lower()
    assert "inf" not in block.lower()


def test_a_link_keeps_one_language_and_never_leaves_the_app() -> None:
    assert (
        html_tables.with_language("./gaps?kind=x&lang=en&as_of=2019-06-30", "zh")
        == "./gaps?kind=x&as_of=2019-06-30&lang=zh"
    )
    for outside in (
        "https://example.com/x",
        "javascript:alert(1)",
        "//example.com/x",
        "/hazard?hazard=HZ-1",
        "",
    ):
        assert html_tables.with_language(outside, "en") == ""
    frame = pd.DataFrame({"Link": ["javascript:alert(1)", "https://example.com"]})
    block = draw(frame, link="Link")
    assert "<a" not in block
    assert list(read_tables(block)["t"]["Link"]) == ["", ""]


def test_hostile_text_stays_text() -> None:
    evil = "<img src=x onerror=alert(1)>"
    frame = pd.DataFrame(
        {
            evil: ["<script>alert(1)</script>"],
            "id": ["R'><script>alert(2)</script>"],
            "Link": ["./hazard?hazard=HZ-1'><script>alert(3)</script>"],
        }
    )
    block = html_tables.table(
        frame, "k'><b>", open_text="<b>Open</b>", language="en", link="Link", row_id="id"
    )
    for markup in ("<img", "<script>", "<b>"):
        assert markup not in block
    (shown,) = read_tables(block).values()
    assert list(shown.columns) == [evil, "id", "Link", "data-id"]
    assert shown.iloc[0][evil] == "<script>alert(1)</script>"
    assert shown.iloc[0]["data-id"] == "R'><script>alert(2)</script>"
    assert shown.iloc[0]["Link"].startswith("./hazard?hazard=HZ-1%27%3E%3Cscript%3E")
