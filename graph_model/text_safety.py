"""Data text made safe for where it is shown: a spreadsheet (CSV) or a terminal.

Names, titles and ids come from the files people load, so they may carry a formula that a
spreadsheet runs when the CSV is opened (``=HYPERLINK(…)``, ``+cmd|' /C calc'!A0``), or
control characters that a terminal obeys (``ESC [2J`` clears the screen, ``ESC ]0;…BEL``
sets the window title, bidi overrides reorder what is read). Both the CLI and the app
write through these two functions.

Examples
--------
>>> spreadsheet_safe("=HYPERLINK(\\"http://x\\",\\"y\\")")
'\\'=HYPERLINK("http://x","y")'
>>> spreadsheet_safe("-2+3"), spreadsheet_safe("-2.5"), spreadsheet_safe(-2)
("'-2+3", '-2.5', -2)
>>> terminal_safe("a\\x1b[2Jb\\u202ec\\n")
'a\\\\u001b[2Jb\\\\u202ec\\n'
"""

from __future__ import annotations

import re
from typing import Any

# OWASP (CSV injection): a cell starting with one of these is read as a formula; the
# full-width forms are what a Chinese input method types and some spreadsheets accept too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# A plain number written as text ("-12", "+3.5", "1e-3") is not a formula: left as it is so
# negative amounts still read as numbers.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula: text starting with a formula
    character gets a leading ``'`` (OWASP's advice); numbers and other values unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


# Everything a terminal may act on, except newline and tab: C0 controls, DEL, C1 controls
# (U+0080–U+009F: 0x9B is a one-character CSI), bidi marks/overrides/isolates, zero-width
# characters and the Unicode line/paragraph separators.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def terminal_safe(text: str) -> str:
    """``text`` with every terminal control shown as a visible ``\\uXXXX`` escape.

    The escape is the JSON spelling, so JSON output stays valid and decodes to the same
    string; newline and tab are kept."""
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
