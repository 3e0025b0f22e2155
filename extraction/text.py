"""Text helpers shared by the rules: sentences, dates, figures, and the language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import cn2an

_CJK = re.compile(r"[\u4e00-\u9fff]")


def detect_language(text: str) -> str:
    """``zh`` when a tenth of the letters are Chinese characters, else ``en``.

    >>> detect_language("市长王某平主持会议"), detect_language("Mayor Wang Mouping")
    ('zh', 'en')
    """
    letters = sum(1 for ch in text if ch.isalpha())
    han = len(_CJK.findall(text))
    return "zh" if letters and han / letters >= 0.1 else "en"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int  # exclusive, the closing punctuation included

    def text(self, text: str) -> str:
        return text[self.start : self.end]


# A sentence ends at 。！？； or a line break; in English also at ". " (not after Co./Ltd./No.)
_ZH_END = re.compile(r"[。！？；;\n]")
_EN_END = re.compile(r"(?<!\bCo)(?<!\bLtd)(?<!\bNo)(?<!\bMr)(?<!\bDr)[.!?;](?=\s|$)|\n")


def sentences(text: str, lang: str) -> list[Sentence]:
    """Sentence spans, stripped of surrounding white space, empty ones left out."""
    ends = _ZH_END if lang == "zh" else _EN_END
    out: list[Sentence] = []
    start = 0
    for m in ends.finditer(text):
        out.extend(_stripped(text, start, m.end()))
        start = m.end()
    out.extend(_stripped(text, start, len(text)))
    return out


def _stripped(text: str, start: int, end: int) -> Iterator[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield Sentence(start, end)


# -- dates -------------------------------------------------------------------------------------
_ZH_NUM = "〇零一二三四五六七八九十"
ZH_DATE = re.compile(
    rf"(?:(\d{{4}}|[{_ZH_NUM}]{{4}})年)?(\d{{1,2}}|[{_ZH_NUM}]{{1,3}})月(\d{{1,2}}|[{_ZH_NUM}]{{1,3}})日"
)
DOTTED_DATE = re.compile(r"[“\"]\s*(\d{1,2})\s*[·.．]\s*(\d{1,2})\s*[”\"]")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = "|".join(m.capitalize() for m in _MONTHS)
EN_DATE = re.compile(
    rf"\b(\d{{1,2}}) ({_MONTH}),? (\d{{4}})\b|\b({_MONTH}) (\d{{1,2}}), (\d{{4}})\b"
)


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    iso: str | None  # None: month and day known, the year not
    month_day: tuple[int, int]


def _zh_int(value: str) -> int:
    if value.isdigit():
        return int(value)
    if len(value) == 4 and "十" not in value:  # a year written digit by digit: 二〇二二
        return int(
            "".join(str("〇一二三四五六七八九".index(ch.replace("零", "〇"))) for ch in value)
        )
    return int(cn2an.cn2an(value, "smart"))


def _iso(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str, lang: str, default_year: int | None = None) -> list[FoundDate]:
    """Dates written in full or as month and day (year from ``default_year``), in order.

    >>> [d.iso for d in find_dates("二〇二二年十一月二十日；5月26日", "zh", 2023)]
    ['2022-11-20', '2023-05-26']
    >>> [d.iso for d in find_dates("On 15 March 2023 and May 2, 2023", "en")]
    ['2023-03-15', '2023-05-02']
    """
    found: list[FoundDate] = []
    if lang == "zh":
        for m in ZH_DATE.finditer(text):
            try:
                year = _zh_int(m[1]) if m[1] else default_year
                month, day = _zh_int(m[2]), _zh_int(m[3])
            except (ValueError, TypeError):
                continue
            if 1 <= month <= 12 and 1 <= day <= 31:
                found.append(FoundDate(m.start(), m.end(), _iso(year, month, day), (month, day)))
    else:
        for m in EN_DATE.finditer(text):
            day_text, month_name, year_text = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
            month = _MONTHS.index(month_name.lower()) + 1
            iso = _iso(int(year_text), month, int(day_text))
            if iso:
                found.append(FoundDate(m.start(), m.end(), iso, (month, int(day_text))))
    return found


def dotted_dates(text: str, default_year: int | None) -> list[FoundDate]:
    """Accident names such as “6·5” (June 5th), year from ``default_year``.

    >>> [(d.month_day, d.iso) for d in dotted_dates('the " 6.5" accident', 2018)]
    [((6, 5), '2018-06-05')]
    """
    out = []
    for m in DOTTED_DATE.finditer(text):
        month, day = int(m[1]), int(m[2])
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append(FoundDate(m.start(), m.end(), _iso(default_year, month, day), (month, day)))
    return out


# -- figures -----------------------------------------------------------------------------------
def to_int(value: str) -> int:
    """A count written in digits or Chinese numerals.

    >>> to_int("12"), to_int("十二")
    (12, 12)
    """
    return int(value) if value.isdigit() else int(cn2an.cn2an(value, "smart"))
