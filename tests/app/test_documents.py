"""Documents page: paste a notice, see its proposals highlighted (escaped), load only what was
ticked, into the embedded store with the sample."""

from __future__ import annotations

import re
from pathlib import Path

from app_support import documents
from graph_model.store import MemoryStore
from tests.app.conftest import OpenApp, texts

CORPUS = Path(__file__).parent.parent / "corpus"
SEED = (CORPUS / "en01_seed_dalian_conference.txt").read_text(encoding="utf-8")


def _paste(app: OpenApp, text: str, as_of: str | None = None):
    at = app("documents")
    at.text_area(key="doc_text").input(text)
    if as_of:
        from datetime import date

        at.date_input(key="doc_as_of").set_value(date.fromisoformat(as_of))
    at.run()
    assert not at.exception, at.exception
    return at


def _persons(home: Path) -> int:
    return MemoryStore(home / "graph.json").stats().labels["Person"]


def test_the_page_proposes_with_quotes_and_loads_nothing_unticked(
    app: OpenApp, sample_home: Path
) -> None:
    at = _paste(app, SEED, "2018-08-23")
    shown = texts(at)
    assert "13 proposals" in shown
    # the sentences that hold proposals on a coloured background, as escaped markdown
    assert ":orange-background[Yesterday, Dalian held a conference" in shown
    assert "Mayor Tan Chengxu emphasized" in shown
    before = MemoryStore(sample_home / "graph.json").stats().as_dict()
    at.button(key="doc_load").click().run()
    assert "nothing was loaded" in texts(at)
    assert MemoryStore(sample_home / "graph.json").stats().as_dict() == before


def test_document_text_is_escaped_not_rendered() -> None:
    rendered = documents.highlighted(
        "市长王某平<img src=x onerror=alert(1)>**粗体**[链接](http://x)\n", []
    )
    assert re.search(r"(?<!\\)[<>\[\]*]", rendered) is None  # every one escaped
    assert "\\<img" in rendered
    assert "\\*\\*" in rendered
    assert "\\[" in rendered


def test_ticked_proposals_load_with_the_document_as_source(sample_home: Path) -> None:
    store = MemoryStore(sample_home / "graph.json")
    before = _persons(sample_home)
    document = documents.document_from_text(SEED)
    ex = documents.extract(document, "auto", "2018-08-23", store)
    frame = documents.proposals_frame(ex, lambda p: p.kind.value)
    frame.loc[frame["kind"] == "person_post", "accept"] = True
    proposals, accepted = documents.reviewed(ex, frame, store)
    assert len(accepted) == 5
    outcome = documents.load(proposals, accepted, store)
    assert outcome.error is None, outcome
    assert outcome.dataset is not None
    assert _persons(sample_home) == before
    (tan,) = MemoryStore(sample_home / "graph.json").appointments(person_id="P-001")
    assert outcome.dataset.source_id in tan.link.source_ids


def test_an_edit_is_resolved_again_and_a_typed_id_settles_the_person(sample_home: Path) -> None:
    store = MemoryStore(sample_home / "graph.json")
    ex = documents.extract(
        documents.document_from_text("副市长欧阳某出席会议。\n"), "zh", "2018-09-01", store
    )
    frame = documents.proposals_frame(ex, lambda p: "")
    assert frame.loc[0, "graph"].startswith("person: new")
    frame.loc[0, "graph_id"] = "P-102"
    frame.loc[0, "accept"] = True
    proposals, accepted = documents.reviewed(ex, frame, store)
    assert proposals.proposals[0].resolution["person"]["id"] == "P-102"
    assert accepted == {proposals.proposals[0].id}


def test_the_pages_labels_exist_in_both_languages() -> None:
    from app_support.i18n import TEXT

    keys = [k for k in TEXT if k.startswith("doc_") or k == "page_documents"]
    assert len(keys) > 15
    for key in keys:
        en, zh = TEXT[key]
        assert en.strip(), key
        assert zh.strip(), key
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), key


def test_highlighting_escapes_the_quoted_text_too() -> None:
    from extraction.proposals import Proposal, ProposalKind

    text = "a <b>[x](y)</b> z"
    p = Proposal("X001", ProposalKind.DIRECTIVE, text[2:15], 2, 15, 0.5, "test")
    rendered = documents.highlighted(text, [p])
    inner = rendered.removeprefix("a :orange-background[").removesuffix("] z")
    assert re.search(r"(?<!\\)[<>\[\]()]", inner) is None
