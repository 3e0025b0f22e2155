"""The hazard / accident page in Chromium: deep link, drawn nodes, downloads, speed."""

from __future__ import annotations

import csv
import io
import json

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from graph_model.accountability import chain
from graph_model.store import MemoryStore
from loaders import load_path
from tests.conftest import SAMPLE
from tests.e2e.conftest import AppServer, graph_frame, open_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sample_store() -> MemoryStore:
    store = MemoryStore()
    load_path(SAMPLE, store)
    return store


def test_deep_link_draws_the_chain(page: Page, sample_server: AppServer, sample_store) -> None:
    open_app(page, f"{sample_server.url}/hazard?hazard=HZ-011&as_of=2018-11-20")
    frame = graph_frame(page, "chain_graph")
    expected = chain(sample_store, "HZ-011", "2018-11-20")
    drawn = frame.evaluate(
        "nodes.get({filter: n => n.kind === 'entry'})"
        ".map(n => [n.level, n.person_id, n.person_name])"
    )
    assert sorted((lv, p) for lv, p, _ in drawn) == sorted(
        (e.level, e.person_id) for e in expected.entries
    )
    names = {p: n for _, p, n in drawn}
    for e in expected.entries:
        assert names[e.person_id] == e.person_name
    vacancies = frame.evaluate("nodes.get({filter: n => n.kind === 'gap'}).map(n => n.gap_subject)")
    assert sorted(vacancies) == sorted(g.subject_id for g in expected.gaps)
    # vacancies are hollow red
    style = frame.evaluate("nodes.get({filter: n => n.kind === 'gap'})[0].color")
    assert style["background"] == "#ffffff"
    assert style["border"].lower() == "#d32f2f"
    expect(page.get_by_text("HZ-011 · Loading arm emergency release", exact=False)).to_be_visible()


def test_graph_draws_without_a_physics_simulation(page: Page, sample_server: AppServer) -> None:
    """The chain is laid out by levels with physics off, so the browser draws it at once rather
    than after a stabilisation run. Checked as behaviour (physics off, drawn), not as a timing:
    a timed assertion fails on a busy machine and passes on a fast one for the wrong reasons."""
    open_app(page, f"{sample_server.url}/hazard?accident=ACC-001")
    frame = graph_frame(page, "chain_graph")
    drawn = frame.evaluate("Number(document.body.getAttribute('data-drawn'))")
    assert drawn > 0, "the graph never reported its first draw"
    assert frame.evaluate("network.physics.options.enabled") is False


def test_downloads(page: Page, sample_server: AppServer) -> None:
    open_app(page, f"{sample_server.url}/hazard?accident=ACC-001")
    graph_frame(page, "chain_graph")
    with page.expect_download() as info:
        page.locator(".st-key-csv_chain button").click()
    download = info.value
    assert download.suggested_filename == "chain-ACC-001-2018-06-05.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert {"Level", "Person", "Responsibility", "Post", "Organization", "Sources"} <= set(rows[0])
    assert "P-160" in {r["person_id"] for r in rows}

    with page.expect_download() as info:
        page.get_by_role("button", name="Chain JSON").click()
    data = json.loads(info.value.path().read_text(encoding="utf-8"))
    assert data["subject"]["id"] == "ACC-001"
    assert {f["person_id"] for f in data["findings_not_in_chain"]} == {"P-162", "P-163"}

    with page.expect_download() as info:
        page.get_by_role("button", name="Dossier (HTML)").click()
    dossier = info.value.path().read_text(encoding="utf-8")
    assert "ACC-001" in dossier
    assert "SRC-015" in dossier  # every link's source
    assert '<img class="drawing" src="data:image/svg+xml;base64,' in dossier  # the chain drawn
    assert "<td>As of</td><td>2018-06-05</td>" in dossier

    pdf_button = page.get_by_role("button", name="Dossier (PDF)")
    if pdf_button.count():
        with page.expect_download(timeout=60_000) as info:
            pdf_button.click()
        assert info.value.suggested_filename.endswith(".pdf")
        pdf = PdfReader(info.value.path())
        assert [p.extract_text().count(f"Page {n} of {len(pdf.pages)}") for n, p in
                enumerate(pdf.pages, start=1)] == [1] * len(pdf.pages)  # fmt: skip
