"""The chain as a static drawing (SVG, no script): the subject on top, then one band per level
with a box per person found (name, post) and a dashed red box per gap.

The layout is computed here (text widths estimated: a Chinese character is one em, other
characters about half of one) and drawn by ``templates/chain.svg.j2`` with autoescape on.
The same SVG shows in the HTML dossier (as an image: browsers run no script in it) and is
drawn by fpdf2 in the PDF, where the font family ``dossier-cjk`` is the PDF's own font.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field

from app_support import i18n
from app_support.template_env import environment
from graph_model.results import Chain

WIDTH = 760
LABEL_WIDTH = 170  # the level names, left
AREA_X = LABEL_WIDTH + 14.0
AREA_WIDTH = WIDTH - AREA_X - 10
BOX_MAX = 272  # two boxes side by side, unless a name needs more
FONT = 11.0
LINE = 14.0
PAD = 6.0
GAP = 8.0


def text_width(text: str, size: float = FONT) -> float:
    """An estimate of the drawn width: wide (CJK) characters one em, others 0.58 em."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.58 for c in text)


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (at spaces where possible)."""
    lines: list[str] = []
    current = ""
    for word in text.replace("\n", " ").split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:  # a word (or Chinese text) too long for a line: break anywhere
            if text_width(current + char, size) > width and current:
                lines.append(current)
                current = ""
            current += char
    if current or not lines:
        lines.append(current)
    return lines


@dataclass
class Box:
    x: float
    y: float
    width: float
    height: float
    lines: list[str]
    kind: str  # "entry", "gap", "subject" or "empty"


@dataclass
class Band:
    y: float
    height: float
    label: list[str]
    boxes: list[Box] = field(default_factory=list)


@dataclass
class Drawing:
    width: float
    height: float
    subject: Box
    bands: list[Band]
    font: float = FONT
    line: float = LINE
    pad: float = PAD


def both(en: str | None, zh: str | None, language: str) -> str:
    """A name in both languages, the interface's language first (once when they agree)."""
    first, second = (zh, en) if language == "zh" else (en, zh)
    if first and second and first != second:
        return f"{first} / {second}"
    return first or second or ""


def _box_lines(parts: list[str], width: float) -> list[str]:
    return [line for part in parts if part for line in wrap(part, width - 2 * PAD)]


def layout(chain: Chain, names: Mapping[str, str], language: str) -> Drawing:
    """Where each box goes. ``names``: display names of the gaps' subjects."""
    s = chain.subject
    subject_lines = _box_lines([f"{s.id} · {both(s.title, s.title_zh, language)}"], AREA_WIDTH)
    height = len(subject_lines) * LINE + 2 * PAD
    subject = Box(AREA_X, 10, AREA_WIDTH, height, subject_lines, "subject")
    y = subject.y + subject.height + 14
    bands: list[Band] = []
    for level in chain.levels():
        contents: list[tuple[list[str], str]] = []
        for e in (e for e in chain.entries if e.level == level):
            post = both(e.position_title, e.position_title_zh, language)
            org = both(e.org_name, e.org_name_zh, language)
            detail = ", ".join(p for p in (post, org) if p)
            contents.append(([both(e.person_name, e.person_name_zh, language), detail], "entry"))
        for g in (g for g in chain.gaps if g.level == level):
            reason = i18n.gap_reason_name(g.reason, language)
            contents.append(([reason, f"{names.get(g.subject_id) or g.subject_id}"], "gap"))
        if not contents:
            contents.append((["—"], "empty"))
        band = Band(y, 0, wrap(i18n.level_name(level, language), LABEL_WIDTH - 8))
        x, row_y, row_height = AREA_X, y + GAP, 0.0
        for parts, kind in contents:
            natural = max(text_width(p) for p in parts if p) + 2 * PAD + 2
            width = min(max(natural, 90.0), BOX_MAX if natural <= BOX_MAX else AREA_WIDTH)
            lines = _box_lines(parts, width)
            height = len(lines) * LINE + 2 * PAD
            if x > AREA_X and x + width > AREA_X + AREA_WIDTH:
                x, row_y, row_height = AREA_X, row_y + row_height + GAP, 0.0
            band.boxes.append(Box(x, row_y, width, height, lines, kind))
            x += width + GAP
            row_height = max(row_height, height)
        label_height = len(band.label) * LINE + 2 * GAP
        band.height = max(row_y + row_height + GAP - y, label_height)
        bands.append(band)
        y += band.height
    return Drawing(WIDTH, y + 10, subject, bands)


def chain_svg(chain: Chain, names: Mapping[str, str], language: str) -> str:
    """The drawing as SVG text (every name escaped by the template)."""
    drawing = layout(chain, names, language)
    return environment().get_template("chain.svg.j2").render(d=drawing, lang=language)


def data_uri(svg: str) -> str:
    """The SVG as a ``data:`` URI, for an ``<img>`` that needs no other file."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
