"""Explore page: neighbourhood, path finder, and the read-only Cypher console (on Neo4j)."""

from __future__ import annotations

import pytest

from app_support.cypher_library import LIBRARY
from tests.app.conftest import OpenApp, open_page, srcdoc
from tests.conftest import _shared_neo4j


def test_neighbourhood_with_depth_and_cap(app: OpenApp) -> None:
    at = app("explore", node="ORG-010")
    assert not at.exception
    nodes = at.dataframe[0].value
    assert "ORG-010" in set(nodes["Id"])
    assert {"POS-010", "R-002"} <= set(nodes["Id"])
    html = srcdoc(at)
    assert '"id": "ORG-010"' in html
    at.slider(key="ex_depth").set_value(2).run()
    at.number_input(key="ex_cap").set_value(10).run()
    assert len(at.dataframe[0].value) == 10
    assert "capped" in at.warning[0].value


def test_relationship_filter(app: OpenApp) -> None:
    at = app("explore", node="ORG-010")
    at.multiselect(key="ex_types|en").set_value(["POST_OF"]).run()
    edges = at.dataframe[1].value
    # the links worded, not the graph's type names
    assert set(edges["Link"]) == {"post of"}
    assert {"Valid from", "Valid until"} <= set(edges.columns)
    at.segmented_control(key="lang").set_value("zh").run()
    assert at.multiselect(key="ex_types|zh").value == ["POST_OF"]
    assert set(at.dataframe[1].value["关系"]) == {"岗位所属"}


def test_path_finder(app: OpenApp) -> None:
    at = app("explore", view="paths", links="any")
    at.selectbox(key="ex_a|en").set_value("HZ-011").run()
    at.selectbox(key="ex_b|en").set_value("P-001").run()
    assert not at.exception
    html = srcdoc(at)
    assert '"id": "HZ-011"' in html
    assert '"id": "P-001"' in html
    assert at.query_params["from"] == "HZ-011"
    first = at.dataframe[0].value
    assert "holds" in set(first["Link"])
    # only appointments and posts: no path from a hazard
    at.multiselect(key="ex_path_types|en").set_value(["HOLDS", "POST_OF"]).run()
    assert "No path" in at.info[0].value


def test_accountability_path_on_a_day(app: OpenApp) -> None:
    at = app("explore", view="paths", **{"from": "HZ-011", "to": "P-116", "as_of": "2019-03-01"})
    assert not at.exception
    levels = [m.value for m in at.markdown if m.value.startswith("**1.")]
    assert levels
    assert "Industry supervision" in levels[0]
    first = at.dataframe[0].value
    assert "holds" in set(first["Link"])
    assert "subordinate to" not in set(first["Link"])
    # the day before P-116 took the post: no accountability, whatever the graph's proximity
    at = app("explore", view="paths", **{"from": "HZ-011", "to": "P-116", "as_of": "2018-11-20"})
    assert "neither node is accountable" in at.info[0].value


def test_console_needs_neo4j_but_shows_the_library(app: OpenApp) -> None:
    at = app("explore", view="console")
    assert not at.exception
    assert "Neo4j" in at.info[0].value
    shown = [c.value for c in at.code]
    for saved in LIBRARY:
        assert saved.cypher in shown


@pytest.fixture
def on_neo4j(_private_home: None, monkeypatch: pytest.MonkeyPatch) -> str:
    neo = _shared_neo4j()  # skips locally without Neo4j, fails under CI
    monkeypatch.setenv("NEO4J_URI", neo.settings.uri)
    return neo.settings.uri


@pytest.mark.neo4j
def test_console_refuses_a_write(on_neo4j: str) -> None:
    at = open_page("explore", view="console")
    assert not at.exception
    at.text_area(key="ex_cypher").input("CREATE (n:PwnedByConsole) RETURN n")
    at.button[0].click().run()
    assert not at.exception
    refusal = at.error[0].value.replace("\\", "")
    assert "read-only" in refusal
    assert "writes to the graph" in refusal  # the guard's one-line reason
    at.text_area(key="ex_cypher").input("MATCH (n:PwnedByConsole) RETURN count(n) AS n")
    at.button[0].click().run()
    assert at.dataframe[0].value["n"].tolist() == [0]


@pytest.mark.neo4j
def test_console_reads_with_a_row_limit(on_neo4j: str) -> None:
    at = open_page("explore", view="console")
    at.text_area(key="ex_cypher").input("UNWIND range(1, 50) AS i RETURN i")
    at.number_input(key="ex_limit").set_value(5)
    at.button[0].click().run()
    assert at.dataframe[0].value["i"].tolist() == [1, 2, 3, 4, 5]
    assert "limit" in at.warning[0].value


@pytest.mark.neo4j
def test_console_refuses_load_csv_with_its_reason(on_neo4j: str) -> None:
    at = open_page("explore", view="console")
    at.text_area(key="ex_cypher").input("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l")
    at.button[0].click().run()
    assert not at.exception
    refusal = at.error[0].value.replace("\\", "")
    assert "LOAD reads files or URLs on the server" in refusal
    assert "root:" not in refusal
    assert not at.dataframe


@pytest.mark.neo4j
def test_console_syntax_error_is_a_message(on_neo4j: str) -> None:
    at = open_page("explore", view="console")
    at.text_area(key="ex_cypher").input("MATCH (n RETURN n")
    at.button[0].click().run()
    assert not at.exception
    assert "query failed" in at.error[0].value


@pytest.mark.neo4j
def test_saved_query_goes_into_the_console(on_neo4j: str) -> None:
    at = open_page("explore", view="console")
    at.button(key=f"ex_use|{LIBRARY[0].key}").click().run()
    assert at.text_area(key="ex_cypher").value == LIBRARY[0].cypher
