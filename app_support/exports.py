"""Downloads: CSV for every table, a chain's JSON (the spec's format) and a printable dossier
(HTML and PDF, one template: ``app_support.dossier``) listing every link of the chain with its
sources.

Everything from data is escaped in the dossier (Jinja2 autoescape), links are only written
for http(s) URLs, and a Content-Security-Policy forbids scripts. The PDF needs a TrueType
font with Chinese glyphs; ``find_cjk_font`` looks for one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from app_support import dossier, i18n
from graph_model.results import Chain
from graph_model.store import GraphStore
from graph_model.text_safety import spreadsheet_safe
from loaders.fingerprint import DatasetOrigin, origin_of

FONT_ENV = "ACCGRAPH_PDF_FONT"
KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


class FontMissing(RuntimeError):
    """No font with Chinese glyphs was found for the PDF."""


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read Chinese correctly.

    Every text cell and column name that a spreadsheet would run as a formula (``=``, ``+``,
    ``-``, ``@``, tab, CR first) gets a leading ``'`` (``spreadsheet_safe``); numbers stay
    numbers."""
    safe = df.map(spreadsheet_safe).rename(columns=spreadsheet_safe)
    return safe.to_csv(index=False).encode("utf-8-sig")


def chain_json(chain: Chain) -> bytes:
    return json.dumps(chain.to_json(), ensure_ascii=False, indent=2).encode("utf-8")


def safe_url(url: Any) -> str | None:
    """The URL when it is http(s) with a host; None otherwise (no javascript:, data:...)."""
    if not url:
        return None
    text = str(url).strip()
    parsed = urlparse(text)
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return text
    return None


def file_stem(text: str) -> str:
    """A file name part made of letters, digits, dashes and dots only."""
    cleaned = "".join(c if (c.isalnum() and c.isascii()) or c in "-." else "-" for c in text)
    return cleaned.strip("-.")[:60] or "export"


# -- the dossier ---------------------------------------------------------------------------
def dossier_html(
    chain: Chain,
    catalog: Mapping[str, Mapping[str, Any]],
    language: str = "en",
    origin: DatasetOrigin | None = None,
) -> str:
    """A standalone, printable page: the dossier (``app_support.dossier``) as HTML."""
    doc = dossier.document(chain, catalog, language, origin or DatasetOrigin())
    return dossier.render(doc, "html")


# -- PDF -------------------------------------------------------------------------------------
def _has_zh_glyphs(path: str) -> bool:
    try:
        from fontTools.ttLib import TTCollection, TTFont
    except ImportError:  # fpdf2 depends on fontTools; keep going if it ever doesn't
        return True
    try:
        if path.lower().endswith(".ttc"):
            font = TTCollection(path).fonts[0]
        else:
            font = TTFont(path, lazy=True)
        cmap = font.getBestCmap() or {}
        return ord("责") in cmap and ("glyf" in font or "CFF " not in font)
    except Exception:
        return False


@cache
def find_cjk_font() -> str | None:
    """A TrueType font (.ttf or .ttc) with Chinese glyphs: ``$ACCGRAPH_PDF_FONT``, well-known
    Debian paths, then whatever fontconfig lists for Chinese."""
    candidates: list[str] = []
    if os.environ.get(FONT_ENV):
        candidates.append(os.environ[FONT_ENV])
    candidates += list(KNOWN_FONTS)
    if shutil.which("fc-list"):
        try:
            listed = subprocess.run(
                ["fc-list", ":lang=zh", "file"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
            candidates += sorted(
                line.split(":")[0].strip() for line in listed.splitlines() if line.strip()
            )
        except (OSError, subprocess.SubprocessError):
            pass
    for path in candidates:
        if (
            path.lower().endswith((".ttf", ".ttc"))
            and Path(path).is_file()
            and _has_zh_glyphs(path)
        ):
            return path
    return None


def dossier_pdf(
    chain: Chain,
    catalog: Mapping[str, Mapping[str, Any]],
    language: str = "en",
    origin: DatasetOrigin | None = None,
) -> bytes:
    """The dossier as PDF (the same template); raises ``FontMissing`` when no Chinese font is
    installed."""
    font = find_cjk_font()
    if font is None:
        raise FontMissing(i18n.t("ch_pdf_missing", language))
    doc = dossier.document(chain, catalog, language, origin or DatasetOrigin())
    return dossier.pdf_bytes(doc, font)


def dataset_origin(store: GraphStore) -> DatasetOrigin:
    """Where the store's data came from, per the load history (for the dossier)."""
    return origin_of(store)
