"""The chain drawing (``app_support.graph_view``) on the sample: clickable nodes, a readable
selected state, vacancies never cut, an edge legend, principals in tiers and links that run
level to level rather than fanning out from the hazard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app_support import graph_view
from graph_model.accountability import chain
from graph_model.results import Chain
from graph_model.store import MemoryStore
from loaders import load_path
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Chain, dict[str, Any], str]:
    store = MemoryStore(Path(tmp_path_factory.mktemp("graph")) / "graph.json")
    load_path(SAMPLE, store)
    c = chain(store, "HZ-011", "2018-11-20")
    cards = {card.id: card for card in store.node_cards()}
    names = {i: card.name or i for i, card in cards.items()}
    post_orgs = {g.subject_id: str(cards[g.subject_id].props.get("org_id")) for g in c.gaps}
    orgs = {g.subject_id for g in c.gaps} | set(post_orgs.values())
    org_regions = {
        o: str(cards[o].props["region_id"])
        for o in orgs
        if cards.get(o) and cards[o].props.get("region_id")
    }
    regions = {
        r: (names[r], str(cards[r].props.get("level")))
        for r in {e.region_id for e in c.entries} | set(org_regions.values())
        if r
    }
    net = graph_view.chain_network(c, names, "en", 640, post_orgs, regions, org_regions)
    html = graph_view.chain_html(c, names, "en", 640, post_orgs, regions, org_regions)
    return c, {"nodes": {n["id"]: n for n in net.nodes}, "edges": net.edges}, html


def test_people_and_vacancies_are_links(drawn) -> None:
    c, net, html = drawn
    entries = [n for n in net["nodes"].values() if n.get("kind") == "entry"]
    assert entries
    assert all(n["link_kind"] == "person" for n in entries)
    assert {n["link_id"] for n in entries} == {e.person_id for e in c.entries}
    vacancy = next(n for n in net["nodes"].values() if n.get("gap_subject") == "POS-014")
    assert (vacancy["link_kind"], vacancy["link_id"]) == ("org", "ORG-013")
    # the click handler: a link followed in the app's document, the id URL-encoded
    assert 'network.on("click"' in html
    assert "encodeURIComponent(node.link_id)" in html
    assert '"page": "portfolio"' in html
    assert '"as_of": "2018-11-20"' in html


def test_selected_state_is_readable(drawn) -> None:
    _c, net, _html = drawn
    for n in net["nodes"].values():
        if n.get("kind") == "entry":
            fill = n["color"]["background"]
            # vis's default selection is pale blue under white text: keep the fill
            assert n["color"]["highlight"]["background"] == fill
            assert n["color"]["hover"]["background"] == fill
            assert n["color"]["highlight"]["border"] == graph_view.SELECTED


def test_vacancies_are_never_cut(drawn) -> None:
    _c, net, _html = drawn
    vacancy = next(n for n in net["nodes"].values() if n.get("gap_subject") == "POS-014")
    assert "Director, Dalian Transport Bureau" in vacancy["label"]
    assert "…" not in vacancy["label"]


def test_legend_explains_the_edges(drawn) -> None:
    c, _net, html = drawn
    lines = [i for i in graph_view.chain_legend(c, "en") if i.get("line")]
    assert len(lines) == 3
    assert 'class="ln"' in html
    assert "leader in charge of the department" in html


def test_principals_in_tiers(drawn) -> None:
    _c, net, _html = drawn
    principals = [
        n
        for n in net["nodes"].values()
        if n.get("kind") == "entry" and n["level"] == "principal_leadership"
    ]
    city = [n["y"] for n in principals if "[Dalian]" in n["label"]]
    lower = [n["y"] for n in principals if "[Dalian]" not in n["label"]]
    assert city, [n["label"] for n in principals]
    assert lower, [n["label"] for n in principals]
    assert max(city) < min(lower)  # the city's principals sit above the district's
    # a missing principal sits in its own tier: the city's vacant post with the city
    gaps = {n["gap_subject"]: n["y"] for n in net["nodes"].values() if n.get("kind") == "gap"}
    assert gaps["POS-001"] == max(city)
    assert gaps["ORG-026"] > max(city)


def test_links_run_level_to_level(drawn) -> None:
    _c, net, _html = drawn
    from_subject = [e for e in net["edges"] if e["from"] == "subject"]
    drawn_entries = [n for n in net["nodes"].values() if n.get("kind") == "entry"]
    # only the first level hangs from the hazard, not every entry (no fan)
    assert len(from_subject) < len(drawn_entries) / 2
    ys = {i: n.get("y", 0) for i, n in net["nodes"].items()}
    assert all(ys[e["from"]] < ys[e["to"]] for e in net["edges"])  # always downwards
