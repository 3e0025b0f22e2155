"""One way to declare a table: each column once, with its header (an interface wording, so in
both languages) and how its value is read from a row's item.

A hidden column (an id the page needs for styling or a link) keeps its own name as header and
is listed in the frame's ``attrs["hidden"]``, which ``ui.table`` hides."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pandas as pd

from app_support import i18n

T = TypeVar("T")


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str  # a key of i18n.TEXT; for a hidden column, its name
    value: Callable[[T], Any]
    hidden: bool = False

    def title(self, language: str | None) -> str:
        return self.header if self.hidden else i18n.t(self.header, language)


def hidden(name: str, value: Callable[[T], Any]) -> Column[T]:
    return Column(name, value, hidden=True)


def table_frame(
    items: Iterable[T], columns: Sequence[Column[T]], language: str | None = None
) -> pd.DataFrame:
    """The table of ``items``, one row each, headers in ``language``."""
    frame = pd.DataFrame(
        [[c.value(item) for c in columns] for item in items],
        columns=[c.title(language) for c in columns],
    )
    frame.attrs["hidden"] = tuple(c.header for c in columns if c.hidden)
    return frame
