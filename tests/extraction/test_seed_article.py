"""The article the sample starts from (short quotes in tests/corpus): the four officials with
the posts it gives, the conference with its chair and attendees, the directives with their
sectors, and the "6·5" accident, each with its quote."""

from __future__ import annotations

from pathlib import Path

import pytest

from extraction import extract_document, read_document
from extraction.extract import Extraction
from extraction.proposals import ProposalKind

SEED = Path(__file__).parent.parent / "corpus" / "en01_seed_dalian_conference.txt"


@pytest.fixture(scope="module")
def seed() -> Extraction:
    return extract_document(read_document(SEED), "auto", "2018-08-23")


def test_every_quote_is_the_article_at_its_offsets(seed: Extraction) -> None:
    for p in seed.proposals:
        assert seed.text[p.start : p.end] == p.quote


def test_the_four_officials_with_their_posts(seed: Extraction) -> None:
    found: dict[str, list[str]] = {}
    for p in seed.proposals:
        if p.kind is ProposalKind.PERSON_POST:
            found.setdefault(p.data["name"], []).append(p.data["post"])
            assert p.data["name"] in p.quote
            assert p.data["post"] in p.quote
    assert found == {
        "Tan Chengxu": ["Mayor"],
        "Lu Lin": [
            "member of the Standing Committee of the Municipal Party Committee",
            "Executive Deputy Mayor",
        ],
        "Yang Guangzhi": ["director of Changxing Island Economic Zone Management Committee"],
        "Yi Qingtao": ["secretary general of the municipal government"],
    }


def test_the_conference_with_its_chair_and_attendees(seed: Extraction) -> None:
    (meeting,) = [p for p in seed.proposals if p.kind is ProposalKind.MEETING]
    assert meeting.data["chair"] == "Tan Chengxu"
    assert meeting.data["attendees"] == ["Lu Lin", "Yang Guangzhi", "Yi Qingtao"]
    assert meeting.data["date"] == "2018-08-22"  # "Yesterday", the day before --as-of
    assert meeting.data["place"] == "Dalian"
    assert meeting.quote.startswith("Yesterday, Dalian held a conference")


def test_the_directives_with_their_sectors(seed: Extraction) -> None:
    sectors = {
        s["sector"]
        for p in seed.proposals
        if p.kind is ProposalKind.DIRECTIVE
        for s in p.data["sectors"]
    }
    assert {"dangerous_chemicals", "crowded_places", "fire", "emergency_management"} <= sectors


def test_the_6_5_accident(seed: Extraction) -> None:
    (accident,) = [p for p in seed.proposals if p.kind is ProposalKind.ACCIDENT]
    d = accident.data
    assert d["date"] == "2018-06-05"
    assert d["kind"] == "explosion"
    assert d["grade"] == "major"
    assert d["grade_basis"] == "stated"
    assert d["enterprise"] == "Sishanling Iron Mine in Benxi Longxin Mining Industry"
    assert "6.5" in accident.quote
