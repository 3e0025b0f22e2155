"""The lexicons the rules read: data files in ``extraction/lexicon/``, loaded once.

Each file is UTF-8 text; ``#`` starts a comment line; ``.tsv`` files have tab-separated
columns, ``.txt`` files whitespace-separated words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicon"


@dataclass(frozen=True)
class Title:
    text: str
    role: str
    implied_org: str | None  # the organization a bare title means (市长 -> 市政府)
    implied_org_kind: str | None


def _lines(name: str) -> list[str]:
    text = (LEXICON_DIR / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _rows(name: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("\t")] for line in _lines(name)]


def _words(name: str) -> list[str]:
    return [word for line in _lines(name) for word in line.split()]


def _title(row: list[str]) -> Title:
    cells = [*row, "", "", ""]
    return Title(cells[0], cells[1], cells[2] or None, cells[3] or None)


@cache
def titles(lang: str) -> dict[str, Title]:
    """Titles by their text (English ones in lower case)."""
    return {row[0]: _title(row) for row in _rows(f"titles_{lang}.tsv")}


@cache
def titles_longest_first(lang: str) -> tuple[str, ...]:
    return tuple(sorted(titles(lang), key=len, reverse=True))


@cache
def org_suffixes() -> tuple[tuple[str, str], ...]:
    """(suffix, org kind), longest suffix first."""
    rows = [(r[0], r[1]) for r in _rows("org_suffixes.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@dataclass(frozen=True)
class Sector:
    key: str
    name: str
    name_zh: str


@cache
def sector_keywords() -> tuple[tuple[str, Sector], ...]:
    """(keyword, sector), longest keyword first."""
    rows = [(r[0], Sector(r[1], r[2], r[3])) for r in _rows("sectors.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@cache
def responsibilities() -> tuple[tuple[str, str], ...]:
    """(phrase, responsibility enum value), longest phrase first."""
    rows = [(r[0], r[1]) for r in _rows("responsibilities.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@cache
def sanction_words() -> tuple[str, ...]:
    return tuple(_lines("sanctions.tsv"))


@cache
def accident_kinds() -> tuple[tuple[str, str], ...]:
    rows = [(r[0], r[1]) for r in _rows("accident_kinds.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@cache
def binders() -> tuple[tuple[str, str], ...]:
    rows = [(r[0], r[1]) for r in _rows("binders.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@cache
def surnames_zh() -> frozenset[str]:
    return frozenset(_words("surnames_zh.txt"))


@cache
def surnames_pinyin() -> frozenset[str]:
    return frozenset(_words("surnames_pinyin.txt"))


@cache
def person_attributes_zh() -> frozenset[str]:
    return frozenset(_words("person_attributes_zh.txt"))


@cache
def pinyin_parts() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(initials, finals), longest first."""
    rows = {r[0]: r[1].split() for r in _rows("pinyin.tsv")}
    return _longest_first(rows["initials"]), _longest_first(rows["finals"])


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def org_kind(name: str) -> str | None:
    """The kind of an organization by the longest suffix of its name that the lexicon knows.

    >>> org_kind("滨江市应急管理局"), org_kind("Binjiang Xinda Chemical Co., Ltd.")
    ('department', 'enterprise')
    """
    folded = name.strip().rstrip(".").lower()
    for suffix, kind in org_suffixes():
        if folded.endswith(suffix.rstrip(".").lower()):
            return kind
    return None


def is_pinyin(word: str) -> bool:
    """Whether ``word`` splits into at most three pinyin syllables (a given name's shape).

    >>> is_pinyin("Chengxu"), is_pinyin("Mou"), is_pinyin("Mayor"), is_pinyin("Director")
    (True, True, False, False)
    """
    initials, finals = pinyin_parts()
    word = word.lower()

    def split(rest: str, count: int) -> bool:
        if not rest:
            return count > 0
        if count == 3:
            return False
        for initial in ("", *initials):
            if not rest.startswith(initial):
                continue
            after = rest[len(initial) :]
            for final in finals:
                if after.startswith(final) and split(after[len(final) :], count + 1):
                    return True
        return False

    return split(word, 0)
