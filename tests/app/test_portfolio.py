"""Person and organization page on the sample."""

from __future__ import annotations

from tests.app.conftest import OpenApp


def test_person_portfolio(app: OpenApp) -> None:
    at = app("portfolio", person="P-110", as_of="2018-11-20")
    assert not at.exception
    assert at.radio(key="pf_kind").value == "person"
    assert at.selectbox(key="pf_subject|person|en").value == "P-110"
    assert "Yang Moufeng" in at.subheader[0].value
    tiles = {m.label: m.value for m in at.metric}
    # EMB director until 2018-12-31, culture & tourism director from 2019-01-01
    assert tiles["Posts held"] == "1 / 2"
    assert tiles["In charge of"] == "1"
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
