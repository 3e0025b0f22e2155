"""Everything the CLI writes goes through here: control characters in data (ESC sequences,
C1 controls, bidi overrides, zero-width characters) reach the terminal as visible
``\\uXXXX`` escapes, never as commands (``graph_model.text_safety.terminal_safe``)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, ParamSpec, TextIO, TypeVar

from graph_model.text_safety import terminal_safe

P = ParamSpec("P")
R = TypeVar("R")


class SafeStream:
    """A text stream that escapes control characters on their way to ``target``."""

    def __init__(self, target: TextIO):
        self.target = target

    def write(self, text: str) -> int:
        self.target.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, fileno…
        return getattr(self.target, name)


def safe_output(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with ``sys.stdout`` and ``sys.stderr`` escaping control characters."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
        try:
            return fn(*args, **kwargs)
        finally:
            sys.stdout, sys.stderr = out, err

    return wrapper
