"""Figure cards as one block of HTML: a label, a big value, an optional bar, caption and link.

The Overview showed 14 figures as Streamlit elements (a bordered container, ``st.metric``,
``st.progress``, ``st.caption`` and ``st.page_link`` each): ~50 elements for the browser to
render on every visit. As two HTML blocks they are 2 (bench/RESULTS.md, "The Overview's
figures as HTML cards": at M, six interleaved rounds, first visit 3.83 → 3.42 s, next visit
2.80 → 2.46 s). A card's link is a plain relative link: it opens its page in a new session of
the app, so the language travels in its address (``frames.deep_link`` makes it).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

# in the app's one style sheet (app.py); the theme's colours (.streamlit/config.toml), which
# the blocks do not inherit
CSS = (
    ".acc-cards{display:grid;gap:1rem;margin:0.25rem 0 1rem}"
    ".acc-card{border:1px solid rgba(29,39,49,0.2);border-radius:0.5rem;padding:0.75rem 1rem;"
    "color:#1d2731}"
    ".acc-card .acc-label{font-size:0.875rem;line-height:1.4;min-height:2.8em}"
    ".acc-card .acc-value{font-size:2.25rem;line-height:1.3}"
    ".acc-card .acc-bar{height:0.5rem;background:#f2f5f9;border-radius:0.25rem;margin:0.4rem 0;"
    "overflow:hidden}"
    ".acc-card .acc-bar>div{height:100%;background:#1d3c6e}"
    ".acc-card .acc-caption{font-size:0.875rem;color:rgba(29,39,49,0.6)}"
    ".acc-card .acc-link{font-size:0.875rem}"
    ".acc-card .acc-link a{color:#1d3c6e;text-decoration:none}"
    ".acc-card .acc-link span{color:rgba(29,39,49,0.4)}"
)


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    share: float | None = None  # a bar under the value, 0 to 1; none when ``None``
    caption: str = ""
    link: str = ""  # the link's text; greyed, not a link, when ``href`` is empty
    href: str = ""


def grid(cards: Sequence[Card], columns: int) -> str:
    """The cards, ``columns`` to a row, as one HTML block (every text escaped)."""
    return (
        f"<div class='acc-cards' style='grid-template-columns:repeat({columns},minmax(0,1fr))'>"
        + "".join(_card(c) for c in cards)
        + "</div>"
    )


def _card(card: Card) -> str:
    parts = [
        f"<div class='acc-label'>{html.escape(card.label)}</div>",
        f"<div class='acc-value'>{html.escape(card.value)}</div>",
    ]
    if card.share is not None:
        width = min(max(card.share, 0.0), 1.0) * 100
        parts.append(f"<div class='acc-bar'><div style='width:{width:.1f}%'></div></div>")
    if card.caption:
        parts.append(f"<div class='acc-caption'>{html.escape(card.caption)}</div>")
    if card.link:
        text = html.escape(card.link)
        inner = (
            f"<a href='{html.escape(card.href, quote=True)}' target='_self'>{text}</a>"
            if card.href
            else f"<span>{text}</span>"
        )
        parts.append(f"<div class='acc-link'>{inner}</div>")
    return f"<div class='acc-card'>{''.join(parts)}</div>"
