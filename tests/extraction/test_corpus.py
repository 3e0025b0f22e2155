"""The corpus (tests/corpus): every quote is the text at its offsets; precision and recall of
persons with posts, appointments and findings against the answers written by hand."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from extraction import extract_document, read_document
from extraction.extract import Extraction
from extraction.proposals import ProposalKind

CORPUS = Path(__file__).parent.parent / "corpus"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
# the seed article says "Yesterday": the day after the conference it reports (2018-08-22)
AS_OF = {"en01_seed_dalian_conference.txt": "2018-08-23"}


def norm(value: str) -> str:
    """Posts compare as written, ignoring case, spacing and a leading "the"."""
    value = " ".join(value.split()).lower()
    return re.sub(r"^the ", "", value)


@cache
def extraction(name: str) -> Extraction:
    return extract_document(read_document(CORPUS / name), "auto", AS_OF.get(name))


def found_sets(name: str) -> dict[str, set[tuple[str, ...]]]:
    ex = extraction(name)
    out: dict[str, set[tuple[str, ...]]] = {
        "persons": set(),
        "appointments": set(),
        "findings": set(),
    }
    for p in ex.proposals:
        if p.kind is ProposalKind.PERSON_POST:
            out["persons"].add((p.data["name"], norm(p.data["post"])))
        elif p.kind is ProposalKind.APPOINTMENT:
            out["appointments"].add(
                (p.data["name"], norm(p.data["post"]), p.data["change"], p.data["date"] or "")
            )
        elif p.kind is ProposalKind.FINDING:
            out["findings"].add((p.data["name"], p.data["responsibility"]))
    return out


def expected_sets(name: str) -> dict[str, set[tuple[str, ...]]]:
    e = EXPECTED[name]
    return {
        "persons": {(p["name"], norm(post)) for p in e["persons"] for post in p["posts"]},
        "appointments": {
            (a["person"], norm(a["post"]), a["change"], a["date"]) for a in e["appointments"]
        },
        "findings": {(f["person"], f["responsibility"]) for f in e["findings"]},
    }


def test_the_corpus_is_what_the_issue_asks() -> None:
    files = sorted(
        p.name
        for p in CORPUS.iterdir()
        if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"
    )
    assert files == sorted(EXPECTED)
    assert len(files) >= 20
    chinese = [n for n in files if EXPECTED[n]["lang"] == "zh"]
    assert len(chinese) * 2 >= len(files)
    kinds = {EXPECTED[n]["kind"] for n in files}
    assert kinds == {
        "meeting_report",
        "appointment_notice",
        "division_of_work",
        "investigation_report",
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_quote_is_the_text_at_its_offsets(name: str) -> None:
    ex = extraction(name)
    assert ex.proposals, name
    for p in ex.proposals:
        assert ex.text[p.start : p.end] == p.quote, (name, p.id)
        assert 0 < p.confidence <= 1
        assert p.rule
    assert ex.lang == EXPECTED[name]["lang"]


def test_precision_and_recall(corpus_scores: list) -> None:
    totals = {m: [0, 0, 0] for m in ("persons", "appointments", "findings")}
    misses: list[str] = []
    for name in sorted(EXPECTED):
        found, expected = found_sets(name), expected_sets(name)
        for measure, counts in totals.items():
            counts[0] += len(found[measure] & expected[measure])
            counts[1] += len(found[measure])
            counts[2] += len(expected[measure])
            for extra in found[measure] - expected[measure]:
                misses.append(f"{name}: {measure}: not expected {extra}")
            for missing in expected[measure] - found[measure]:
                misses.append(f"{name}: {measure}: missed {missing}")
    scores = {}
    corpus_scores.clear()
    for measure, (tp, extracted, expected_n) in totals.items():
        precision = tp / extracted if extracted else 0.0
        recall = tp / expected_n if expected_n else 0.0
        scores[measure] = (precision, recall)
        label = {"persons": "persons-with-posts"}.get(measure, measure)
        corpus_scores.append((label, precision, recall, tp, extracted, expected_n))
    print("\n".join(misses))
    assert scores["persons"][0] >= 0.9, misses
    assert scores["persons"][1] >= 0.9, misses
