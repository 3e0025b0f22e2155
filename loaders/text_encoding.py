"""Which encoding a text file is in: UTF-8 (with or without BOM) first, UTF-16 when it starts
with its BOM (Excel's "Unicode text"), else GB18030 (a superset of GBK, what Excel saves in
a Chinese locale). A file that is mostly UTF-8 with a damaged byte stays UTF-8 and is an
error: guessing would turn every Chinese character of it into nonsense.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


class UndecodableText(Exception):
    """The bytes are not text in any encoding tried; ``line`` is where the first bad byte is."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # as a user would name it: "UTF-8", "GB18030", "UTF-16"
    guessed: bool  # not UTF-8 and not asked for: the reader says which it used


def encoding_name(name: str) -> str:
    """The codec ``name`` stands for, as a user would write it; LookupError if none.

    >>> encoding_name("gbk"), encoding_name("UTF8"), encoding_name("utf_16")
    ('GBK', 'UTF-8', 'UTF-16')
    """
    return codecs.lookup(name).name.upper().replace("_", "-")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _mostly_utf8(data: bytes) -> bool:
    """Whether the non-ASCII bytes are mostly valid UTF-8 (damage, not another encoding)."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return good >= 3 and good >= 3 * bad


def decode(data: bytes, forced: str | None = None) -> Decoded:
    """Decode a text file's bytes (see the module's rule); ``forced``: this encoding only."""
    if forced:
        name = encoding_name(forced)
        codec = "utf-8-sig" if name == "UTF-8" else forced
        try:
            return Decoded(data.decode(codec), name, guessed=False)
        except UnicodeDecodeError as exc:
            line = _line_of(data, exc.start)
            raise UndecodableText(
                f"not {name} text: byte {exc.start} (line {line}) is not part of any "
                f"{name} character",
                line,
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "UTF-16", guessed=True)
        except UnicodeDecodeError as exc:
            raise UndecodableText(
                f"starts as UTF-16 but byte {exc.start} is not part of any UTF-16 character",
                1,
            ) from None
    try:
        return Decoded(data.decode("utf-8-sig"), "UTF-8", guessed=False)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    utf8_line = _line_of(data, utf8_error.start)
    if data.startswith(codecs.BOM_UTF8) or _mostly_utf8(data):
        raise UndecodableText(
            f"not UTF-8 text: byte {utf8_error.start} (line {utf8_line}) is not part of any "
            "UTF-8 character, though the rest of the file is UTF-8 (a damaged file?)",
            utf8_line,
        )
    try:
        return Decoded(data.decode("gb18030"), "GB18030", guessed=True)
    except UnicodeDecodeError as exc:
        raise UndecodableText(
            f"neither UTF-8 text (byte {utf8_error.start}, line {utf8_line}) nor GB18030/GBK "
            f"(byte {exc.start}, line {_line_of(data, exc.start)}); save it as "
            "'CSV UTF-8' or give --encoding",
            utf8_line,
        ) from None
