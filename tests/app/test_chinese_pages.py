"""Chinese all the way: every interface string has both languages, and no English sentence
reaches a page drawn in Chinese (texts, labels, tables' headers and cells, gap details).

A run of three or more English words is a sentence or a header that was not translated; ids,
codes and file names are single tokens and do not match."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_support import i18n
from tests.app.conftest import OpenApp, shown_cards, shown_tables, texts

ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'’-]+[A-Za-z]{2,}){2,}\b")
# in the wording itself: words apart (a package name or YYYY-MM-DD is one token)
ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'’]+[A-Za-z]{2,}){2,}\b")
CJK = re.compile(r"[\u4e00-\u9fff]")

# every page, with the deep links that open its details (the sample, a day with gaps)
ZH_PAGES = [
    ("overview", {"as_of": "2019-06-30"}),
    ("overview", {"as_of": "2019-06-30", "region": "R-005"}),
    ("hazard", {"hazard": "HZ-011", "as_of": "2018-11-20"}),
    ("hazard", {"accident": "ACC-002"}),
    ("portfolio", {"person": "P-110", "as_of": "2018-11-20"}),
    ("portfolio", {"org": "ORG-013", "as_of": "2018-11-20"}),
    ("gaps", {"as_of": "2019-06-30"}),
    ("gaps", {"view": "fragile", "as_of": "2019-06-30"}),
    ("gaps", {"position": "POS-014", "as_of": "2018-11-20"}),
    ("explore", {"node": "ORG-010"}),
    ("data", {}),
    ("documents", {}),
]


def test_every_interface_string_has_both_languages() -> None:
    tables = {
        "TEXT": i18n.TEXT,
        "LEVEL_NAMES": i18n.LEVEL_NAMES,
        "GAP_KIND_NAMES": i18n.GAP_KIND_NAMES,
        "RESPONSIBILITIES": i18n.RESPONSIBILITIES,
        "CHAIN_GAP_REASONS": i18n.CHAIN_GAP_REASONS,
        "FINDING_RESPONSIBILITIES": i18n.FINDING_RESPONSIBILITIES,
        "GRADES": i18n.GRADES,
        "FIVE": i18n.FIVE,
        "LABEL_NAMES": i18n.LABEL_NAMES,
        "CHARGE_BASES": i18n.CHARGE_BASES,
        "REL_NAMES": i18n.REL_NAMES,
        "ORG_KINDS": i18n.ORG_KINDS,
        "ROLES": i18n.ROLES,
        "REMIT_KINDS": i18n.REMIT_KINDS,
    }
    missing = []
    for name, table in tables.items():
        for key, pair in table.items():
            if len(pair) != 2 or not all(isinstance(p, str) and p.strip() for p in pair):
                missing.append(f"{name}[{key}]: not an (English, 中文) pair")
                continue
            en, zh = pair
            if ENGLISH_WORDS.search(zh):
                missing.append(f"{name}[{key}]: Chinese side has English: {zh!r}")
            elif not CJK.search(zh) and zh != en:
                missing.append(f"{name}[{key}]: Chinese side has no Chinese: {zh!r}")
            if CJK.search(en) and not re.search(r"[A-Za-z]", en):
                missing.append(f"{name}[{key}]: English side is Chinese: {en!r}")
    assert not missing, "\n".join(missing)


def _cells(frame: pd.DataFrame) -> list[str]:
    values = [str(c) for c in frame.columns]
    for column in frame.columns:
        values += [str(v) for v in frame[column].tolist() if isinstance(v, str)]
    return values


def english_on(at: AppTest) -> list[str]:
    """Runs of English words in what a Chinese page shows: its texts, widget labels and
    options, metrics, tabs, expanders, its tables (headers and cells), and its HTML blocks
    (cards, tables and charts: their text, and the tooltips and names in their ``title`` and
    ``aria-label``)."""
    # markup is not prose: tags are dropped, their text stays
    shown = [html.unescape(re.sub(r"<[^>]+>", " ", texts(at)))]
    for block in at.get("html"):
        body = block.proto.body
        if body.startswith("<style"):  # the app's style sheet
            continue
        shown.append(html.unescape(re.sub(r"<[^>]+>", " ", body)))
        shown += [html.unescape(v) for v in re.findall(r"(?:title|aria-label)='([^']*)'", body)]
    for kind in ("selectbox", "multiselect", "radio", "text_input", "date_input"):
        for widget in getattr(at, kind):
            shown.append(str(widget.label))
            shown += [str(o) for o in getattr(widget, "options", [])]
    shown += [f"{m.label} {m.value}" for m in at.metric]
    shown += [f"{c.label} {c.value} {c.caption} {c.link}" for c in shown_cards(at)]
    shown += [tab.label for tab in at.tabs]
    shown += [e.label for e in at.expander]
    shown += [b.label for b in at.button]
    for frame in at.dataframe:
        value = frame.value
        data = value.data if hasattr(value, "data") else value  # a Styler keeps its frame
        shown += _cells(data)
    for frame in shown_tables(at).values():  # tables drawn as HTML (app_support/html_tables.py)
        shown += _cells(frame.drop(columns=["data-id"], errors="ignore"))
    found: list[str] = []
    for text in shown:
        # link URLs and code are not prose
        text = re.sub(r"\./[\w/?=&%.-]+|https?://\S+", " ", text)
        found += [m.group(0) for m in ENGLISH_RUN.finditer(text)]
    return found


@pytest.mark.parametrize(("page", "params"), ZH_PAGES, ids=lambda v: str(v))
def test_no_english_sentence_on_a_chinese_page(app: OpenApp, page: str, params: dict) -> None:
    at = app(page, lang="zh", **params)
    assert not at.exception
    found = english_on(at)
    assert not found, sorted(set(found))
