"""What the app reads besides the contract's answers (``graph_model.browse`` and
``graph_model.overview``), on both stores: hand-derived answers on the tiny dataset, and
the two stores answering the same on the sample."""

from __future__ import annotations

import itertools

import pytest

from graph_model import accountability, browse, overview
from graph_model.browse import Appointment, Edge
from graph_model.store import GraphStore, MemoryStore, ReadOnlyViolation
from graph_model.store.neo4j_store import Neo4jStore
from loaders import load_path
from tests.conftest import DATA, SAMPLE

TINY = DATA / "tiny"


@pytest.fixture
def tiny(store: GraphStore) -> GraphStore:
    load_path(TINY, store)
    return store


def test_node_cards_carry_both_names(tiny: GraphStore) -> None:
    cards = {c.id: c for c in tiny.node_cards()}
    assert len(cards) == 24
    assert (cards["P-1"].name, cards["P-1"].name_zh) == ("Mayor One", "市长一")
    assert (cards["R-D"].name, cards["R-D"].name_zh) == ("District", "区")
    assert cards["H-1"].name == "Tank level alarm broken"  # a hazard's name is its title
    assert cards["E-1"].labels == ("Enterprise", "Organization")
    assert cards["E-1"].as_dict()["uscc"] == "91350100M000100Y43"


def test_node_cards_of_some_labels_in_id_order(tiny: GraphStore) -> None:
    assert [c.id for c in tiny.node_cards(["Region"])] == ["R-C", "R-D", "R-P"]
    assert [c.id for c in tiny.node_cards(["Person", "Hazard"])] == [
        "H-1",
        "P-1",
        "P-2",
        "P-3",
        "P-4",
    ]


def test_node_cards_of_overlapping_labels_come_once(tiny: GraphStore) -> None:
    ids = [c.id for c in tiny.node_cards(["Enterprise", "Organization", "Nothing"])]
    assert ids == sorted(set(ids))
    assert "E-1" in ids  # an enterprise is an organization too: once
    assert tiny.node_cards(["Nothing"]) == []


def test_neo4j_streams_node_cards(neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    # an ORDER BY (or DISTINCT, or collect) holds every row in the server's heap at once: at a
    # province's size that kept a 1 GiB heap in garbage collection for minutes
    load_path(TINY, neo4j_store)
    ran: list[str] = []
    real = neo4j_store.run_read

    def spy(query: str, **params: object) -> list[dict[str, object]]:
        ran.append(query)
        return real(query, **params)

    monkeypatch.setattr(neo4j_store, "run_read", spy)
    assert len(neo4j_store.node_cards()) == 24
    regions_and_sectors = [c.id for c in neo4j_store.node_cards(["Region", "Sector"])]
    assert regions_and_sectors[:3] == ["R-C", "R-D", "R-P"]
    assert len(ran) == 2
    for query in ran:
        for materializing in ("ORDER BY", "DISTINCT", "collect(", "UNION\n"):
            assert materializing not in query, query


def test_search_finds_by_id_names_uscc_and_enterprise(tiny: GraphStore) -> None:
    def find(labels: list[str], query: str | None, limit: int = 500) -> list[str]:
        return tiny.search_nodes(labels, query, limit)

    assert find(["Hazard"], None) == ["H-1"]
    assert find(["Person", "Hazard"], "") == ["H-1", "P-1", "P-2", "P-3", "P-4"]
    assert find(["Person", "Hazard"], None, 2) == ["H-1", "P-1"]  # the first, in id order
    assert find(["Hazard"], "chem storage") == ["H-1"]  # by its enterprise's name
    assert find(["Hazard"], "e-1 ALARM") == ["H-1"]  # its enterprise's id; any case
    assert find(["Hazard"], "alarm pump") == []  # every word must match
    assert find(["Enterprise"], "M000100Y43") == ["E-1"]  # the uscc
    assert find(["Person"], "市长") == ["P-1", "P-2"]  # 副市长 too
    assert find(["Person"], "市长一") == ["P-1"]
    assert find(["Person"], "one") == ["P-1"]
    assert find(["Region", "Nothing"], "district") == ["R-D"]
    assert find(["Nothing", "MATCH (n) DETACH DELETE n //"], None) == []  # not a label
    assert find(["Hazard"], "alarm", 0) == []
    assert tiny.stats().as_dict()["nodes"]  # nothing was deleted


def test_search_by_the_store_is_the_search_over_cards(tiny: GraphStore) -> None:
    cards = {c.id: c for c in tiny.node_cards()}
    queries = [None, "", "e", "-", "1 p", "chem", "区", "mayor", "S-2", "zzz", "P-", "R"]
    for labels in (["Hazard"], ["Person", "Position"], ["Region", "Sector", "Enterprise"]):
        for query in queries:
            for limit in (1, 2, 500):
                expected = browse.search(cards, labels, query, limit)
                assert tiny.search_nodes(labels, query, limit) == expected, (labels, query)


def test_links_of_either_direction_and_type_filter(tiny: GraphStore) -> None:
    found = tiny.links_of(["POS-MAYOR"], [], 100)
    assert sorted((e.start, e.type, e.end) for e in found) == [
        ("P-1", "HOLDS", "POS-MAYOR"),
        ("POS-MAYOR", "POST_OF", "GOV-C"),
    ]
    assert [e.type for e in tiny.links_of(["POS-MAYOR"], ["HOLDS"], 100)] == ["HOLDS"]
    assert tiny.links_of(["POS-MAYOR"], ["AT"], 100) == []
    assert len(tiny.links_of(["R-C"], [], 2)) == 2  # the limit holds
    assert tiny.links_of(["nobody"], [], 10) == []


def test_links_between_two_asked_nodes_come_once(tiny: GraphStore) -> None:
    found = tiny.links_of(["P-1", "POS-MAYOR"], ["HOLDS"], 100)
    assert [(e.start, e.end) for e in found] == [("P-1", "POS-MAYOR")]


def test_shortest_path(tiny: GraphStore) -> None:
    (path,) = browse.shortest_paths(tiny, "P-1", "GOV-C")
    assert [(e.start, e.type, e.end) for e in path] == [
        ("P-1", "HOLDS", "POS-MAYOR"),
        ("POS-MAYOR", "POST_OF", "GOV-C"),
    ]
    assert browse.shortest_paths(tiny, "P-1", "GOV-C", types=["HOLDS"]) == []
    assert browse.shortest_paths(tiny, "P-1", "P-1") == []
    assert browse.shortest_paths(tiny, "P-1", "nobody") == []


def test_shortest_paths_are_walks_of_one_length(tiny: GraphStore) -> None:
    found = browse.shortest_paths(tiny, "P-4", "IND-C")
    assert found
    assert len({len(p) for p in found}) == 1
    for path in found:
        nodes = browse.walk("P-4", path)
        assert nodes[-1] == "IND-C"
        assert len(set(nodes)) == len(nodes)


def test_subtree(tiny: GraphStore) -> None:
    assert tiny.subtree("R-C") == {"R-C", "R-D"}
    assert tiny.subtree("R-P") == {"R-P", "R-C", "R-D"}
    assert tiny.subtree("SEC-CHEM") == {"SEC-CHEM", "SEC-CHEM-STORE"}
    assert tiny.subtree("R-D") == {"R-D"}
    assert tiny.subtree("nowhere") == set()


def test_all_appointments(tiny: GraphStore) -> None:
    found = tiny.all_appointments()
    assert Appointment("P-2", "POS-DEP", "2016-01-01", "2018-12-31", ("S-1",)) in found
    assert [(a.position_id, a.person_id) for a in found] == [
        ("POS-DEP", "P-2"),
        ("POS-E1", "P-4"),
        ("POS-IND", "P-3"),
        ("POS-MAYOR", "P-1"),
    ]
    deputy = found[0]
    assert deputy.held_on("2018-12-31")
    assert not deputy.held_on("2019-01-01")


def test_neighbourhood_is_capped_nearest_first(tiny: GraphStore) -> None:
    sub = browse.neighbourhood(tiny, "GOV-C", depth=1)
    assert set(sub.nodes) == {"GOV-C", "R-C", "POS-MAYOR", "POS-DEP", "EMB-C", "IND-C"}
    assert all(e.start in sub.nodes and e.end in sub.nodes for e in sub.edges)
    assert not sub.truncated
    small = browse.neighbourhood(tiny, "GOV-C", depth=2, cap=3)
    assert small.truncated
    assert len(small.nodes) == 3
    assert "GOV-C" in small.nodes
    assert browse.neighbourhood(tiny, "nobody").nodes == {}


def test_the_console_is_where_a_query_language_is(tiny: GraphStore) -> None:
    if tiny.has_console:
        columns, rows, truncated = tiny.read_only_query(
            "MATCH (p:Person {id: $id}) RETURN p.name AS name", {"id": "P-1"}
        )
        assert (columns, rows, truncated) == (["name"], [{"name": "Mayor One"}], False)
    else:
        with pytest.raises(ReadOnlyViolation):
            tiny.read_only_query("MATCH (n) RETURN n")


# -- the two stores agree on the sample --------------------------------------------------
@pytest.fixture
def both(neo4j_store: Neo4jStore) -> tuple[GraphStore, GraphStore]:
    memory = MemoryStore()
    load_path(SAMPLE, memory)
    load_path(SAMPLE, neo4j_store)
    return memory, neo4j_store


def _edges(edges: list[Edge]) -> list[tuple[str, str, str, str]]:
    return [(e.start, e.type, e.end, e.key) for e in edges]


def test_parity_on_the_sample(both: tuple[GraphStore, GraphStore]) -> None:
    memory, neo4j = both
    assert memory.node_cards() == neo4j.node_cards()
    assert [c.props for c in memory.node_cards()] == [c.props for c in neo4j.node_cards()]
    assert memory.all_appointments() == neo4j.all_appointments()
    for region in ("R-001", "R-003"):
        assert memory.subtree(region) == neo4j.subtree(region)
    ids = [c.id for c in memory.node_cards(["Enterprise", "Position", "Hazard"])][::15]
    for node in ids:
        a = browse.neighbourhood(memory, node, depth=2, cap=40)
        b = browse.neighbourhood(neo4j, node, depth=2, cap=40)
        assert (a.nodes, _edges(a.edges), a.truncated) == (b.nodes, _edges(b.edges), b.truncated)
    for x, y in itertools.pairwise(ids):
        on_memory = [_edges(p) for p in browse.shortest_paths(memory, x, y)]
        assert on_memory == [_edges(p) for p in browse.shortest_paths(neo4j, x, y)]


def test_search_parity_on_the_sample(both: tuple[GraphStore, GraphStore]) -> None:
    memory, neo4j = both
    cards = {c.id: c for c in memory.node_cards()}
    # words of the names both stores hold (English, Chinese, ids), and their pieces
    words = sorted({w for c in cards.values() for w in (c.name or "").split()})[::7]
    words += sorted({(c.name_zh or "")[:2] for c in cards.values() if c.name_zh})[::5]
    words += ["HZ-0", "E-00", "9135", "nothing-like-this", "有限 公司", "CO. ltd"]
    asked = 0
    for labels in (["Hazard", "Accident"], ["Person"], ["Enterprise", "Organization"]):
        for query in [None, *words]:
            for limit in (3, 500):
                expected = browse.search(cards, labels, query, limit)
                assert memory.search_nodes(labels, query, limit) == expected, (labels, query)
                assert neo4j.search_nodes(labels, query, limit) == expected, (labels, query)
                asked += bool(expected)
    assert asked > 100  # most of the questions find something


@pytest.mark.parametrize("as_of", ["2018-12-31", "2019-06-30"])
def test_coverage_figures_agree(both: tuple[GraphStore, GraphStore], as_of: str) -> None:
    figures = [overview.coverage_figures(s, as_of, accountability.gaps(s, as_of)) for s in both]
    assert figures[0] == figures[1]
    assert figures[0].hazards
    assert figures[0].posts
    assert figures[0].enterprises
