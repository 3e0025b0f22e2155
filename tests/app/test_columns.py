"""The column specification (app_support.columns): every table's headers are the interface's
wording in the page's language, and the ids a page keeps for styling and links are hidden by
the spec itself, on every page that shows the table."""

from __future__ import annotations

import json

import pytest

from app_support import frames, i18n
from app_support.columns import Column, hidden, table_frame
from tests.app.conftest import OpenApp

RAW = {"rel", "person_id", "position_id", "level_code", "start", "end", "label"}


def test_a_spec_names_each_column_once_in_both_languages() -> None:
    columns: list[Column[dict]] = [
        Column("person", lambda r: r["p"]),
        Column("from", lambda r: r["f"]),
        hidden("person_id", lambda r: r["i"]),
    ]
    rows = [{"p": "Li", "f": "2019-01-01", "i": "P-1"}]
    en, zh = table_frame(rows, columns, "en"), table_frame(rows, columns, "zh")
    assert list(en.columns) == [i18n.TEXT["person"][0], i18n.TEXT["from"][0], "person_id"]
    assert list(zh.columns) == [i18n.TEXT["person"][1], i18n.TEXT["from"][1], "person_id"]
    assert en.attrs["hidden"] == ("person_id",)
    # an empty table keeps its headers
    assert list(table_frame([], columns, "en").columns) == list(en.columns)


def _config(at, key: str) -> dict:
    frame = next(d for d in at.dataframe if d.key == key)
    return json.loads(frame.proto.columns or "{}")


@pytest.mark.parametrize(
    ("page", "params", "key"),
    [
        ("hazard", {"hazard": "HZ-011", "as_of": "2018-11-20"}, "tbl|chain"),
        ("portfolio", {"person": "P-110", "as_of": "2018-11-20"}, "tbl|pf_posts"),
        ("portfolio", {"org": "ORG-013", "as_of": "2018-11-20"}, "tbl|pf_posts"),
    ],
    ids=["chain", "person-posts", "org-posts"],
)
def test_raw_columns_are_hidden_or_named(app: OpenApp, page: str, params: dict, key: str) -> None:
    at = app(page, **params)
    frame = next(d.value for d in at.dataframe if d.key == key)
    config = _config(at, key)
    shown = [c for c in frame.columns if not config.get(c, {}).get("hidden")]
    assert not RAW & set(shown), shown
    assert set(frame.attrs.get("hidden", ())) <= set(frame.columns)


def test_table_builders_declare_their_columns_with_the_spec() -> None:
    # a builder that lists its columns by hand names each of them twice (issue 8, D5)
    import inspect

    for name, builder in inspect.getmembers(frames, inspect.isfunction):
        if name.endswith("_table") and "language" in inspect.signature(builder).parameters:
            source = inspect.getsource(builder)
            assert "columns=[" not in source, f"{name} lists its columns by hand"
