"""A TrueType font with Chinese glyphs for the PDF dossier (fpdf2 embeds it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

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


def _has_zh_glyphs(path: str) -> bool:
    try:
        from fontTools.ttLib import (  # type: ignore[import-untyped]  # fontTools has no types
            TTCollection,
            TTFont,
        )
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
