"""Downloads: CSV for every table, a chain's JSON (the spec's format) and a printable dossier
(HTML and PDF, one template: ``app_support.dossier``) listing every link of the chain with its
sources.

Everything from data is escaped in the dossier (Jinja2 autoescape), links are only written
for http(s) URLs, and a Content-Security-Policy forbids scripts. The PDF needs a TrueType
font with Chinese glyphs; ``find_cjk_font`` looks for one.
"""

from __future__ import annotations

import json

import pandas as pd

from app_support.dossier import dossier_html as dossier_html
from app_support.dossier import dossier_pdf as dossier_pdf
from app_support.dossier import safe_url as safe_url
from app_support.pdf_font import FontMissing as FontMissing
from app_support.pdf_font import find_cjk_font as find_cjk_font
from graph_model.results import Chain
from graph_model.store import GraphStore
from graph_model.text_safety import spreadsheet_safe
from loaders.fingerprint import DatasetOrigin, origin_of


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read Chinese correctly.

    Every text cell and column name that a spreadsheet would run as a formula (``=``, ``+``,
    ``-``, ``@``, tab, CR first) gets a leading ``'`` (``spreadsheet_safe``); numbers stay
    numbers."""
    safe = df.map(spreadsheet_safe).rename(columns=spreadsheet_safe)
    return safe.to_csv(index=False).encode("utf-8-sig")


def chain_json(chain: Chain) -> bytes:
    return json.dumps(chain.to_json(), ensure_ascii=False, indent=2).encode("utf-8")


def file_stem(text: str) -> str:
    """A file name part made of letters, digits, dashes and dots only."""
    cleaned = "".join(c if (c.isalnum() and c.isascii()) or c in "-." else "-" for c in text)
    return cleaned.strip("-.")[:60] or "export"


# -- the dossier (the pages call it through this module) -------------------------------
def dataset_origin(store: GraphStore) -> DatasetOrigin:
    """Where the store's data came from, per the load history (for the dossier)."""
    return origin_of(store)
