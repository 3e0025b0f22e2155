"""Clicking the chain graph in Chromium: a person opens the person's portfolio on the
chain's day, a vacancy its organization's; the selected node stays readable."""

from __future__ import annotations

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.e2e.conftest import AppServer, graph_frame, open_app, shoot, wait_for_app

pytestmark = pytest.mark.e2e


def click_node(page: Page, frame: Frame, node_id: str) -> None:
    """Click where vis-network drew the node (the canvas has no elements to click)."""
    point = frame.evaluate(
        "id => network.canvasToDOM(network.getPosition(id))",
        node_id,
    )
    box = page.locator(".st-key-chain_graph iframe").first.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_clicking_a_person_opens_the_portfolio(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/hazard?hazard=HZ-011&as_of=2018-11-20")
    frame = graph_frame(page, "chain_graph")
    page.locator(".st-key-chain_graph").scroll_into_view_if_needed()
    node = frame.evaluate(
        "nodes.get({filter: n => n.kind === 'entry' && n.level === 'enterprise'})[0]"
    )
    # selected, a person's node keeps its dark fill under white text (vis's default is pale
    # blue): read the canvas inside the node, in its top margin
    rgb = frame.evaluate(
        """id => new Promise(done => {
            network.selectNodes([id]);
            network.redraw();
            setTimeout(() => {
                const b = network.getBoundingBox(id);
                const c = document.querySelector('#mynetwork canvas');
                const r = window.devicePixelRatio || 1;
                const seen = {};
                for (let i = 2; i <= 8; i++) {  // a line across the node, in its top margin
                    const p = network.canvasToDOM(
                        {x: b.left + (b.right - b.left) * i / 10, y: b.top + 9});
                    const d = c.getContext('2d').getImageData(
                        Math.round(p.x * r), Math.round(p.y * r), 1, 1).data;
                    const key = [d[0], d[1], d[2]].join(',');
                    seen[key] = (seen[key] || 0) + 1;
                }
                const most = Object.keys(seen).sort((x, y) => seen[y] - seen[x])[0];
                done(most.split(',').map(Number));
            }, 300);
        })""",
        node["id"],
    )
    assert sum(rgb) < 450, f"selected node drawn light: {rgb}"  # the fill, not pale blue
    shoot(page, "chain-graph-clickable")
    click_node(page, frame, node["id"])
    page.wait_for_url("**/portfolio?*", timeout=30_000)
    wait_for_app(page)
    assert f"person={node['person_id']}" in page.url
    assert "as_of=2018-11-20" in page.url
    expect(page.get_by_text(node["person_name"]).first).to_be_visible()


def test_clicking_a_vacancy_opens_its_organization(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/hazard?hazard=HZ-011&as_of=2018-11-20")
    frame = graph_frame(page, "chain_graph")
    page.locator(".st-key-chain_graph").scroll_into_view_if_needed()
    gap = frame.evaluate("nodes.get({filter: n => n.gap_subject === 'POS-014'})[0]")
    click_node(page, frame, gap["id"])
    page.wait_for_url("**/portfolio?*", timeout=30_000)
    wait_for_app(page)
    assert "org=ORG-013" in page.url
