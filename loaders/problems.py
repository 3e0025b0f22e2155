"""Problems found in input data, reported as ``file:line: column: message``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place. ``line`` is what a spreadsheet user sees (header = 1)."""

    file: str
    line: int
    column: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        column = f" {self.column}:" if self.column else ""
        text = f"{where}:{column} {prefix}{self.message}"
        # Half a character (a lone surrogate from a damaged file or name) cannot be printed
        # or saved as UTF-8: show it escaped.
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


class InvalidDataset(Exception):
    """Raised when a dataset has errors; carries every problem found, warnings included."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity is Severity.ERROR]
        n = len(errors)
        super().__init__(f"{n} {'error' if n == 1 else 'errors'} in the dataset")


class UnreadableInput(Exception):
    """The path cannot be read as a dataset at all (missing, unknown format, corrupt file)."""
