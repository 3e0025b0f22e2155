"""Hostile data (tests/e2e/data/hostile): names, titles, ids and URLs carrying script tags,
event handlers and markdown. Everything must reach the page as inert text.

AppTest checks what the app sends; the browser test checks that nothing executes.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest

from app_support import exports
from graph_model.accountability import chain
from graph_model.store import MemoryStore
from loaders import load_path
from tests.app.conftest import HOSTILE, OpenApp, srcdoc

HOSTILE_ID = 'H-"><img src=x onerror=parent.__pwned=6>'
RAW = ("<img", "<svg", "</script><script>", '<a href="javascript', "<b>")


def assert_inert_html(page: str) -> None:
    """No tag from data survives: every ``<`` of a payload is escaped."""
    for raw in RAW:
        assert raw not in page, raw
    assert not re.search(r"href\s*=\s*['\"]?javascript:", page, re.IGNORECASE)


def test_chain_graph_html_is_escaped(hostile_app: OpenApp) -> None:
    at = hostile_app("hazard", hazard="H-1")
    assert not at.exception
    page = srcdoc(at)
    # the vis-network bundle and our template have no tags like the payloads
    assert_inert_html(page.split("</script>", 1)[1])
    # the payload is in the data, escaped by tojson
    assert "\\u003cimg src=x onerror=" in page
    # no pyvis innerHTML popup, no heading, no menus
    assert "popup.innerHTML" not in page
    assert "<h1" not in page
    assert "select-node" not in page


def test_hostile_id_deep_link(hostile_app: OpenApp) -> None:
    at = hostile_app("hazard", hazard=HOSTILE_ID)
    assert not at.exception
    assert at.selectbox(key="chain_subject|en").value == HOSTILE_ID
    assert_inert_html(srcdoc(at).split("</script>", 1)[1])


def test_markdown_is_escaped(hostile_app: OpenApp) -> None:
    at = hostile_app("hazard", hazard="H-1")
    subheader = at.subheader[0].value
    assert "\\<img" in subheader  # shown as text, not a tag
    at = hostile_app("hazard", hazard=HOSTILE_ID)
    assert "\\[click me\\]\\(javascript" in at.subheader[0].value


@pytest.mark.parametrize("page", ["overview", "portfolio", "gaps", "explore", "data"])
def test_every_page_runs_on_hostile_data(hostile_app: OpenApp, page: str) -> None:
    params = {
        "portfolio": {"person": "P-1"},
        "explore": {"node": "H-1"},
        "gaps": {"as_of": "2017-07-15"},
    }.get(page, {})
    at = hostile_app(page, **params)
    assert not at.exception
    for frame in at.get("iframe"):
        assert_inert_html(frame.proto.srcdoc.split("</script>", 1)[1])
    # the HTML blocks (cards, tables, charts): the data's text only, escaped
    for block in at.get("html"):
        assert_inert_html(block.proto.body)


def test_dossier_html_is_escaped() -> None:
    store = MemoryStore()
    load_path(HOSTILE, store)
    catalog = {c.id: c.as_dict() for c in store.node_cards()}
    for subject in ("H-1", "ACC-1", HOSTILE_ID):
        page = exports.dossier_html(chain(store, subject), catalog, "en")
        # the template's one image is its own chain drawing (an SVG data: URI, checked in
        # tests/test_dossier.py); apart from it, no tag from data survives
        drawing = re.findall(r'<img class="drawing" src="data:image/svg\+xml;base64,[^"]*"', page)
        assert len(drawing) == 1
        assert_inert_html(page.replace(drawing[0], ""))
        assert "javascript:parent" in html_lib.unescape(page)  # shown as text only
        assert "script-src" not in page  # the CSP allows no script at all


def test_unsafe_urls_are_not_links() -> None:
    assert exports.safe_url("javascript:alert(1)") is None
    assert exports.safe_url("data:text/html,<b>") is None
    assert exports.safe_url(" https://example.org/x ") == "https://example.org/x"
