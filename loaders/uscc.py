"""The unified social credit code (统一社会信用代码), GB 32100-2015.

18 characters from a 31-character alphabet (no I, O, Z, S, V); the 18th is a check character
over the first 17 with weights 3^(i) mod 31.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The check character for the first 17 characters.

    >>> check_character("91350100M000100Y4")
    '3'
    """
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid USCC, or None when it is.

    >>> uscc_problem("91350100M000100Y43") is None
    True
    >>> uscc_problem("91350100M000100Y44")
    "check digit '4' is wrong for USCC '91350100M000100Y44' (expected '3')"
    """
    text = code.strip().upper()
    if len(text) != 18:
        return f"USCC '{code}' has {len(text)} characters, not 18"
    bad = sorted({c for c in text if c not in ALPHABET})
    if bad:
        return f"USCC '{code}' has character(s) not allowed: {' '.join(bad)}"
    expected = check_character(text[:17])
    if text[17] != expected:
        return f"check digit '{text[17]}' is wrong for USCC '{code}' (expected '{expected}')"
    return None
