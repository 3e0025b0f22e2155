"""What every rule reads: the text, its sentences, its dates, and the names found in it."""

from __future__ import annotations

from dataclasses import dataclass, field

from extraction.text import Sentence, find_dates, sentences


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    text: str
    signals: tuple[str, ...]  # what agreed that this is a person's name


@dataclass(frozen=True)
class Post:
    """A post as written (``text[start:end]``): its title and, if written, its organization."""

    start: int
    end: int
    text: str
    title: str
    org: str | None  # the organization as written, or the one the title implies (市长: 市政府)
    org_written: bool
    org_kind: str | None
    role: str

    def as_data(self) -> dict[str, object]:
        return {
            "post": self.text,
            "title": self.title,
            "org": self.org,
            "org_written": self.org_written,
            "org_kind": self.org_kind,
            "role": self.role,
        }


@dataclass
class Context:
    text: str
    lang: str
    as_of: str | None
    doc_date: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    names: dict[int, Name] = field(default_factory=dict)  # by start offset

    @property
    def default_year(self) -> int | None:
        day = self.doc_date or self.as_of
        return int(day[:4]) if day else None

    def sentence_at(self, offset: int) -> Sentence | None:
        return next((s for s in self.sentences if s.start <= offset < s.end), None)

    def date_in(self, start: int, end: int) -> str | None:
        """The first full date within ``text[start:end]``."""
        for found in find_dates(self.text[start:end], self.lang, self.default_year):
            if found.iso:
                return found.iso
        return None


def document_date(text: str, lang: str, as_of: str | None) -> str | None:
    """The notice's own date: a date alone on its line (the signature), else the first full
    date in the text, else ``as_of``.

    >>> document_date("任命…\\n滨江市人民政府\\n2023年3月15日\\n", "zh", None)
    '2023-03-15'
    """
    dates = [d for d in find_dates(text, lang) if d.iso]
    for d in reversed(dates):
        line_start = text.rfind("\n", 0, d.start) + 1
        line_end = text.find("\n", d.end)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        if line.strip() == text[d.start : d.end]:
            return d.iso
    return dates[0].iso if dates else as_of


def new_context(text: str, lang: str, as_of: str | None) -> Context:
    return Context(text, lang, as_of, document_date(text, lang, as_of), sentences(text, lang))
