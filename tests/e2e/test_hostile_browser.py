"""Hostile data in a real browser: names, titles, ids and URLs carrying script tags and event
handlers are shown as text, and nothing executes (tests/e2e/data/hostile)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Frame, Page

from tests.e2e.conftest import AppServer, graph_frame, open_app

pytestmark = pytest.mark.e2e

HOSTILE_ID = 'H-"><img src=x onerror=parent.__pwned=6>'
PAYLOAD = '<img src=x onerror="parent.__pwned=1;window.__pwned=1;alert(1)">'


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Every alert/confirm/prompt the page opens (there must be none)."""
    opened: list[str] = []

    def record(dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def assert_nothing_ran(page: Page, dialogs: list[str]) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], svg[onload]').length") == 0
    for frame in page.frames:
        if frame == page.main_frame:
            continue
        assert frame.evaluate("typeof window.__pwned") == "undefined"
        assert (
            frame.evaluate("document.querySelectorAll('img[src=\"x\"], svg[onload]').length") == 0
        )
    assert dialogs == []
    assert "PWNED" not in page.title()


def hover_every_node(page: Page, frame: Frame) -> list[str]:
    """Hover each node of a vis-network graph; return the tooltips shown (as text)."""
    frame_box = frame.frame_element().bounding_box()
    assert frame_box is not None
    points = frame.evaluate(
        """() => {
          const area = document.getElementById('mynetwork').getBoundingClientRect();
          const pos = network.getPositions();
          return Object.keys(pos).map(id => {
            const p = network.canvasToDOM(pos[id]);
            return [id, area.left + p.x, area.top + p.y];
          });
        }"""
    )
    tips = []
    for _node, x, y in points:
        page.mouse.move(frame_box["x"] + x, frame_box["y"] + y)
        page.wait_for_timeout(350)
        tip = frame.evaluate(
            "(() => { const t = document.querySelector('div.vis-tooltip');"
            " return t && t.style.visibility !== 'hidden' ? t.innerText : ''; })()"
        )
        if tip:
            tips.append(tip)
    return tips


def test_chain_of_hostile_hazard(page: Page, hostile_server: AppServer, dialogs) -> None:
    open_app(page, f"{hostile_server.url}/hazard?hazard=H-1")
    frame = graph_frame(page, "chain_graph")
    labels = frame.evaluate("nodes.get().map(n => n.label)")
    assert any(PAYLOAD[:20] in label for label in labels)  # drawn as text on the canvas
    tips = hover_every_node(page, frame)
    assert tips
    assert any("<img src=x onerror=" in tip for tip in tips)  # shown literally
    assert_nothing_ran(page, dialogs)
    # the subject's heading shows the payload as text
    assert page.get_by_text("</script><script>parent.__pwned=2", exact=False).count() >= 1
    # the sources' popovers (markdown) and the link of a javascript: URL
    page.get_by_role("button", name="S-2").first.click()
    page.wait_for_timeout(300)
    assert page.locator("a[href^='javascript:']").count() == 0
    assert_nothing_ran(page, dialogs)


def test_accident_and_hostile_id(page: Page, hostile_server: AppServer, dialogs) -> None:
    open_app(page, f"{hostile_server.url}/hazard?accident=ACC-1")
    graph_frame(page, "chain_graph")
    assert_nothing_ran(page, dialogs)
    open_app(page, f"{hostile_server.url}/hazard?hazard={quote(HOSTILE_ID)}")
    frame = graph_frame(page, "chain_graph")
    assert frame.evaluate("nodes.get('subject').subject_id") == HOSTILE_ID
    hover_every_node(page, frame)
    assert_nothing_ran(page, dialogs)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/portfolio?person=P-1",
        "/portfolio?org=GOV-C&as_of=2017-06-01",
        "/gaps?as_of=2017-07-15",
        "/gaps?position=POS-SEC&as_of=2017-07-15",
        "/explore?node=H-1&view=neighbourhood",
        "/explore?view=paths&from=H-1&to=P-1",
        "/data",
    ],
)
def test_every_page(page: Page, hostile_server: AppServer, dialogs, path: str) -> None:
    open_app(page, hostile_server.url + path)
    for frame_locator in page.locator("iframe").all():
        frame = frame_locator.element_handle().content_frame()
        if frame is not None and frame.evaluate("typeof network") != "undefined":
            frame.wait_for_selector("body[data-drawn]")
            hover_every_node(page, frame)
    assert_nothing_ran(page, dialogs)
    # switching the language re-renders every name
    page.get_by_role("radio", name="中文").click()
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    assert_nothing_ran(page, dialogs)
