"""Person and organization page on the sample."""

from __future__ import annotations

import colorsys
import json

from app_support import i18n
from tests.app.conftest import OpenApp


def _reddish(colour: str) -> bool:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, _, saturation = colorsys.rgb_to_hls(r, g, b)
    return saturation > 0.35 and (hue < 0.05 or hue > 0.93)


def test_person_portfolio(app: OpenApp) -> None:
    at = app("portfolio", person="P-110", as_of="2018-11-20")
    assert not at.exception
    assert at.radio(key="pf_kind").value == "person"
    assert at.selectbox(key="pf_subject|person|en").value == "P-110"
    assert "Yang Moufeng" in at.subheader[0].value
    tiles = {m.label: m.value for m in at.metric}
    # EMB director until 2018-12-31, culture & tourism director from 2019-01-01
    assert tiles["Posts held"] == "1 / 2"
    # his own bureau is what he heads, not a 分管 assignment
    assert tiles["Heads"] == "1"
    assert tiles["In charge of (assigned)"] == "0"
    posts = at.dataframe[0].value
    assert set(posts["position_id"]) == {"POS-010", "POS-018"}
    # counts open their lists: the tabs carry the counts
    labels = [tab.label for tab in at.tabs]
    assert any(label.startswith("Posts held (2)") for label in labels)
    assert len(at.get("vega_lite_chart")) == 1  # the post history
    assert at.query_params["person"] == "P-110"


def test_links_onward(app: OpenApp) -> None:
    at = app("portfolio", person="P-110", as_of="2018-11-20")
    incidents = next(d.value for d in at.dataframe if "Overdue" in d.value)
    assert all(str(link).startswith("./hazard?") for link in incidents["Link"])
    enterprises = next(d.value for d in at.dataframe if "Sector" in d.value)
    assert all(str(link).startswith("./portfolio?org=") for link in enterprises["Link"])


def test_selecting_a_row_offers_an_in_app_link(app: OpenApp) -> None:
    at = app("portfolio", person="P-110", as_of="2018-11-20")
    at.session_state["tbl|pf_incidents"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    links = [link for link in at.get("page_link") if link.proto.page.endswith("hazard")]
    assert links
    assert "hazard=HZ-" in links[0].proto.query_string or "accident=" in links[0].proto.query_string


def test_organization_portfolio(app: OpenApp) -> None:
    at = app("portfolio", org="ORG-013", as_of="2018-11-20")
    assert not at.exception
    assert at.radio(key="pf_kind").value == "org"
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Vacant posts"] == "1"  # POS-014, vacant 2018-10-01..2019-01-31
    vacant = next(d.value for d in at.dataframe if d.key == "tbl|pf_vacant")
    assert "POS-014" in set(vacant["Id"])
    leaders = [tab.label for tab in at.tabs if tab.label.startswith("Leaders in charge")]
    assert leaders == ["Leaders in charge of it (1)"]


def test_switching_kind_and_search(app: OpenApp) -> None:
    at = app("portfolio")
    at.radio(key="pf_kind").set_value("org").run()
    at.text_input(key="pf_search|org").input("应急管理局").run()
    options = at.selectbox(key="pf_subject|org|en").options
    assert options
    assert all("Emergency Management" in o for o in options)


def test_heads_and_assignments_apart(app: OpenApp) -> None:
    # P-110 directs the emergency management bureau (POS-010, its principal post): the bureau
    # is listed under what he heads, worded as such, and "In charge of" stays empty
    at = app("portfolio", person="P-110", as_of="2018-11-20")
    heads = next(d.value for d in at.dataframe if d.key == "tbl|pf_heads")
    assert list(heads["Id"]) == ["ORG-010"]
    assert list(heads["Basis"]) == ["Heads it"]
    assert "principal" not in set(heads["Basis"])
    assert [tab.label for tab in at.tabs if tab.label.startswith("In charge of")] == [
        "In charge of (assigned) (0)"
    ]
    at = app("portfolio", person="P-110", as_of="2018-11-20", lang="zh")
    heads = next(d.value for d in at.dataframe if d.key == "tbl|pf_heads")
    assert list(heads["依据"]) == ["主要负责"]


def test_red_is_recognised() -> None:
    assert _reddish("#d32f2f")  # the vacancy red
    assert _reddish("#e45756")  # Vega's default red
    assert not _reddish("#1565c0")
    assert not _reddish("#9a6700")


def test_post_history_draws_no_holder_in_red(app: OpenApp) -> None:
    # red is "vacant" in the swim lanes and the chain graph; a held post is never drawn so
    for subject in ({"person": "P-110"}, {"org": "ORG-013"}):
        at = app("portfolio", as_of="2018-11-20", **subject)
        (chart,) = at.get("vega_lite_chart")
        spec = json.loads(chart.proto.spec)
        bars = next(layer for layer in spec["layer"] if "color" in layer.get("encoding", {}))
        # without a range of its own the chart takes Vega's default, whose third colour is red
        palette = bars["encoding"]["color"].get("scale", {}).get("range")
        assert palette
        assert not [c for c in palette if _reddish(c)], palette


def test_roles_and_remit_kinds_are_worded(app: OpenApp) -> None:
    # the codes (principal, industry, territorial) were shown as they are stored
    at = app("portfolio", person="P-110", as_of="2018-11-20", lang="zh")
    posts = next(d.value for d in at.dataframe if d.key == "tbl|pf_posts")
    assert set(posts["职务类别"]) == {"主要负责人"}
    enterprises = next(d.value for d in at.dataframe if d.key == "tbl|pf_enterprises")
    assert set(enterprises["类型"]) <= {pair[1] for pair in i18n.REMIT_KINDS.values()}


def test_the_overdue_count_sits_under_the_open_count(app: OpenApp) -> None:
    # in the tile's value, a city's "4425 (3970 overdue)" was cut off at the tile's width
    at = app("portfolio", org="ORG-001", as_of="2019-06-30")
    tile = next(m for m in at.metric if m.label == "Open hazards and accidents")
    assert (tile.value, tile.proto.delta) == ("15", "8 overdue")
    at = app("portfolio", org="ENT-009", as_of="2019-06-30")
    tile = next(m for m in at.metric if m.label == "Open hazards and accidents")
    assert (tile.value, tile.proto.delta) == ("1", "")  # none overdue: nothing under it
