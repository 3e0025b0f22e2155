"""A proposal: one fact a rule found in a document, waiting for a reviewer's decision."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class ProposalKind(StrEnum):
    PERSON_POST = "person_post"  # a person named with a post
    APPOINTMENT = "appointment"  # 任命 / 免去: change start or end
    ASSIGNMENT = "assignment"  # 分管: a leader's post in charge of an organization
    MEETING = "meeting"
    DIRECTIVE = "directive"  # a duty item with the sectors it concerns
    ACCIDENT = "accident"
    FINDING = "finding"  # a person held responsible for an accident


@dataclass
class Proposal:
    """``text[start:end] == quote`` in the document's text, always."""

    id: str
    kind: ProposalKind
    quote: str
    start: int
    end: int
    confidence: float
    rule: str
    data: dict[str, Any] = field(default_factory=dict)
    resolution: dict[str, Any] = field(default_factory=dict)  # filled by ``resolve``

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["kind"] = self.kind.value
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Proposal:
        return cls(
            id=str(raw["id"]),
            kind=ProposalKind(raw["kind"]),
            quote=str(raw["quote"]),
            start=int(raw["start"]),
            end=int(raw["end"]),
            confidence=float(raw["confidence"]),
            rule=str(raw["rule"]),
            data=dict(raw.get("data") or {}),
            resolution=dict(raw.get("resolution") or {}),
        )


@dataclass(frozen=True)
class Span:
    """A piece of the text a rule found; becomes a proposal's quote."""

    start: int
    end: int

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


def make(
    text: str, kind: ProposalKind, span: Span, confidence: float, rule: str, /, **data: Any
) -> Proposal:
    """A proposal whose quote is ``text[span]`` (ids are given once all are found)."""
    return Proposal("", kind, span.quote(text), span.start, span.end, confidence, rule, data)
