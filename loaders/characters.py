"""Characters a cell may not hold. Ids and references are compared character by character, so
an invisible character makes a second id that looks like the first (``P-1`` and ``P-1\u200b``)
and a bidi control makes one that reads differently from how it displays; names and texts may
not hold control characters (they reach terminals, CSV exports and the browser).

- ids and references: no control (Cc: NUL, tab, newline...), format (Cf: bidi controls,
  zero-width characters, BOM, soft hyphen...), line/paragraph separator or surrogate.
- names (``name``, ``name_zh``): no control character at all (a tab or a newline in a name is
  a copy-and-paste slip and breaks every table it is shown in), no line separator, no bidi
  embedding, override or isolate, no surrogate.
- other texts (titles, measures, duties...): tab and newlines allowed (a cell may hold
  paragraphs); other controls, bidi embeddings/overrides/isolates and surrogates refused.
"""

from __future__ import annotations

import unicodedata

# Bidi embeddings, overrides and isolates: they reorder the text around them on screen.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_TEXT_WHITESPACE = frozenset("\t\n\r")


_CONTROL_NAMES = {
    "\x00": "NUL",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}


def _name_of(ch: str) -> str:
    if ch in _CONTROL_NAMES:
        return _CONTROL_NAMES[ch]
    if unicodedata.category(ch) == "Cs":
        return "(half of a character: damaged text)"
    return unicodedata.name(ch, "(a control character)")


def _escaped(text: str, bad: set[str]) -> str:
    shown = "".join(f"\\u{ord(c):04x}" if c in bad else c for c in text[:60])
    return shown + ("…" if len(text) > 60 else "")


def _refused(text: str, is_bad: object) -> set[str]:
    if text.isprintable():  # the common case, in C: nothing to refuse
        return set()
    return {c for c in text if is_bad(c)}  # type: ignore[operator]


def _message(text: str, bad: set[str], what: str) -> str:
    first = min(bad, key=text.index)
    return (
        f"'{_escaped(text, bad)}' holds U+{ord(first):04X} {_name_of(first)}"
        + (f" and {len(bad) - 1} other such character(s)" if len(bad) > 1 else "")
        + f"; {what}"
    )


def id_problem(text: str) -> str | None:
    r"""Why ``text`` cannot be an id or a reference, or None.

    >>> id_problem("P-1") is None
    True
    >>> print(id_problem("P-1\u200b"))  # doctest: +ELLIPSIS
    'P-1\u200b' holds U+200B ZERO WIDTH SPACE; ids may hold no control, invisible or bidi ...
    """
    bad = _refused(text, lambda c: unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs"))
    if not bad:
        return None
    return _message(text, bad, "ids may hold no control, invisible or bidi characters")


def name_problem(text: str) -> str | None:
    r"""Why ``text`` cannot be a name, or None.

    >>> name_problem("Tan Chengxu 谭成旭") is None
    True
    >>> print(name_problem("Tan\tChengxu"))  # doctest: +ELLIPSIS
    'Tan\u0009Chengxu' holds U+0009 TAB; names may hold no control characters (tab, newline...) ...
    """
    bad = _refused(
        text, lambda c: c in BIDI_CONTROLS or unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")
    )
    if not bad:
        return None
    return _message(
        text, bad, "names may hold no control characters (tab, newline...) or bidi controls"
    )


def text_problem(text: str) -> str | None:
    r"""Why ``text`` cannot be a cell of free text, or None (tab and newlines are fine).

    >>> text_problem("line one\nline two") is None
    True
    """
    bad = _refused(
        text,
        lambda c: (
            c not in _TEXT_WHITESPACE
            and (c in BIDI_CONTROLS or unicodedata.category(c) in ("Cc", "Cs"))
        ),
    )
    if not bad:
        return None
    return _message(text, bad, "text may hold no control characters but tab and newline")
