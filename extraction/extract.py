"""Run the rules of a document's language over its text; number the proposals."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extraction import rules_en, rules_zh
from extraction.context import new_context
from extraction.documents import Document, read_document
from extraction.proposals import Proposal
from extraction.text import detect_language

LANGS = ("auto", "zh", "en")


@dataclass
class Extraction:
    name: str
    lang: str
    doc_date: str | None
    text: str
    title: str | None = None
    proposals: list[Proposal] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.name,
            "title": self.title,
            "lang": self.lang,
            "date": self.doc_date,
            "text": self.text,
            "proposals": [p.to_json() for p in self.proposals],
        }


def _number(proposals: list[Proposal], taken: int) -> list[Proposal]:
    for i, p in enumerate(proposals, start=taken + 1):
        p.id = f"X{i:03d}"
    return proposals


def _unique_pairs(proposals: list[Proposal]) -> list[Proposal]:
    """The same person with the same post mentioned twice: the first mention stands."""
    seen: set[tuple[str, str]] = set()
    out = []
    for p in proposals:
        key = (p.data["name"], p.data["post"])
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def extract_text(
    text: str,
    lang: str = "auto",
    as_of: str | None = None,
    name: str = "",
    title: str | None = None,
) -> Extraction:
    """Every proposal the rules find in ``text``; offsets index ``text`` itself.

    >>> ex = extract_text("市委常委、常务副市长卢林出席会议。")
    >>> for p in ex.proposals[:2]:
    ...     print(p.kind, p.data["name"], p.data["post"], p.data["org"], p.quote, p.start, p.end)
    person_post 卢林 市委常委 市委 市委常委、常务副市长卢林 0 12
    person_post 卢林 常务副市长 市政府 市委常委、常务副市长卢林 0 12
    """
    lang = detect_language(text) if lang == "auto" else lang
    rules = rules_zh if lang == "zh" else rules_en
    ctx = new_context(text, lang, as_of)
    ctx.names = rules.find_names(ctx)
    found: list[Proposal] = []

    def add(proposals: list[Proposal]) -> list[Proposal]:
        found.extend(_number(proposals, len(found)))
        return proposals

    person_posts = add(_unique_pairs(rules.person_post_rules(ctx)))
    add(rules.appointment_rules(ctx))
    add(rules.assignment_rules(ctx, person_posts))
    add(rules.meeting_rules(ctx, person_posts))
    add(rules.directive_rules(ctx))
    accidents = add(rules.accident_rules(ctx))
    add(rules.finding_rules(ctx, person_posts, accidents))
    return Extraction(name, lang, ctx.doc_date, text, title, found)


def extract_document(
    document: Document, lang: str = "auto", as_of: str | None = None
) -> Extraction:
    return extract_text(document.text, lang, as_of, document.name, document.title)


def extract_file(path: Path, lang: str = "auto", as_of: str | None = None) -> Extraction:
    return extract_document(read_document(path), lang, as_of)
