"""Every page on Neo4j with the sample loaded: the same answers as on the embedded store
(the stores' browsing reads, graph_model.browse, included)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph_model.store.neo4j_store import Neo4jStore
from loaders import load_path
from tests.app.conftest import figures, open_page, srcdoc
from tests.conftest import SAMPLE, _shared_neo4j

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def loaded_neo4j() -> Iterator[Neo4jStore]:
    neo = _shared_neo4j()  # skips locally without Neo4j, fails under CI
    neo.clear()
    load_path(SAMPLE, neo)
    yield neo
    neo.clear()


@pytest.fixture
def sample_neo4j(
    _private_home: None, loaded_neo4j: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> Neo4jStore:
    monkeypatch.setenv("NEO4J_URI", loaded_neo4j.settings.uri)
    return loaded_neo4j


@pytest.mark.usefixtures("sample_neo4j")
def test_overview_counts() -> None:
    at = open_page("overview", as_of="2019-06-30")
    assert not at.exception
    found = figures(at)
    assert found["Hazard overdue"] == "8"
    assert found["Enterprises with an industry supervisor"] == "94%"
    assert found["Principal posts filled"] == "89%"


@pytest.mark.usefixtures("sample_neo4j")
def test_chain_and_graph() -> None:
    at = open_page("hazard", hazard="HZ-011")
    assert not at.exception
    assert set(at.dataframe[0].value["person_id"]) == {
        "P-221", "P-222", "P-110", "P-118", "P-102", "P-104", "P-001", "P-138",
    }  # fmt: skip
    assert '"gap_subject": "POS-014"' in srcdoc(at)
    assert len(at.get("vega_lite_chart")) == 1  # the timeline, from Neo4j's appointments


@pytest.mark.usefixtures("sample_neo4j")
def test_portfolio_and_gaps() -> None:
    at = open_page("portfolio", person="P-110", as_of="2018-11-20")
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Posts held"] == "1 / 2"
    at = open_page("gaps", as_of="2019-06-30")
    assert not at.exception
    tables = {d.key: d.value for d in at.dataframe}
    assert set(tables["tbl|gap_post_vacant"]["Id"]) == {"POS-001", "POS-035", "POS-050", "POS-051"}


@pytest.mark.usefixtures("sample_neo4j")
def test_neighbourhood_and_paths_through_cypher() -> None:
    at = open_page("explore", node="ORG-013", depth="2", cap="25")
    assert not at.exception
    nodes = at.dataframe[0].value
    assert len(nodes) == 25
    assert "ORG-013" in set(nodes["Id"])
    at = open_page("explore", view="paths", links="any", **{"from": "HZ-011", "to": "P-001"})
    assert not at.exception
    assert "holds" in set(at.dataframe[0].value["Link"])
