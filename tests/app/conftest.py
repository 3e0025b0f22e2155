"""AppTest fixtures: the sample (or another dataset) in the embedded store of a private
ACCGRAPH_HOME, fresh Streamlit caches, and a helper that opens a page with query params."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph_model.store import MemoryStore
from loaders import load_path
from tests.conftest import ROOT, SAMPLE

APP = ROOT / "app.py"
HOSTILE = ROOT / "tests" / "e2e" / "data" / "hostile"
# A bound against hangs, not a timing: generous, since CI shares two cores with Neo4j.
TIMEOUT = 120

OpenApp = Callable[..., AppTest]


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """cache_resource and cache_data outlive an AppTest; every test starts clean."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _store_file(tmp_path_factory: pytest.TempPathFactory, dataset: Path) -> Path:
    path = tmp_path_factory.mktemp(f"store-{dataset.name}") / "graph.json"
    load_path(dataset, MemoryStore(path))
    return path


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store_file(tmp_path_factory, SAMPLE)


@pytest.fixture(scope="session")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store_file(tmp_path_factory, HOSTILE)


def _install(store_file: Path) -> Path:
    home = Path(os.environ["ACCGRAPH_HOME"])  # set per test by tests/conftest.py
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(store_file, home / "graph.json")
    return home


@pytest.fixture
def sample_home(_private_home: None, sample_file: Path) -> Path:
    return _install(sample_file)


@pytest.fixture
def hostile_home(_private_home: None, hostile_file: Path) -> Path:
    return _install(hostile_file)


def open_page(page: str | None = None, /, **params: str) -> AppTest:
    """Run the app on ``page`` (a file under app_pages/, without .py) with query params."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(f"app_pages/{page}.py")
    at.run()
    return at


@pytest.fixture
def app(sample_home: Path) -> OpenApp:
    return open_page


@pytest.fixture
def hostile_app(hostile_home: Path) -> OpenApp:
    return open_page


def texts(at: AppTest) -> str:
    """Every piece of markdown-ish text of the last run, for containment checks."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "error",
        "warning",
        "info",
        "success",
    ):
        parts += [str(el.value) for el in getattr(at, kind)]
    return "\n".join(parts)


@dataclass
class ShownCard:
    """A figure card as the page shows it (``app_support.cards``), read back from its HTML."""

    label: str = ""
    value: str = ""
    caption: str = ""
    link: str = ""
    href: str = ""
    bar: str = ""  # the bar's style (its width), empty when the card has none


class _CardReader(HTMLParser):
    """Collects ``ShownCard``s: the text inside a card's ``acc-<field>`` element is that field."""

    FIELDS = ("label", "value", "caption", "link")

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[ShownCard] = []
        self.field_name = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        css = found.get("class") or ""
        if tag == "style" or css in ("acc-cards", "acc-card", "acc-table-box"):
            self.field_name = ""  # a new block, card or table: no text is a field's yet
        if css == "acc-card":
            self.cards.append(ShownCard())
        elif css.startswith("acc-") and self.cards:
            self.field_name = css.removeprefix("acc-")
        elif tag == "a" and self.cards and self.field_name == "link":
            self.cards[-1].href = found.get("href") or ""
        elif tag == "div" and self.field_name == "bar":
            self.cards[-1].bar = found.get("style") or ""

    def handle_data(self, data: str) -> None:
        if self.cards and self.field_name in self.FIELDS:
            card = self.cards[-1]
            setattr(card, self.field_name, getattr(card, self.field_name) + data)


def read_cards(*blocks: str) -> list[ShownCard]:
    """The figure cards of these HTML blocks, in order."""
    reader = _CardReader()
    for block in blocks:
        reader.feed(block)
    return reader.cards


def shown_cards(at: AppTest) -> list[ShownCard]:
    """The figure cards of every ``st.html`` block of the last run, in order."""
    return read_cards(*(block.proto.body for block in at.get("html")))


class _TableReader(HTMLParser):
    """Reads back ``app_support.html_tables`` blocks: one frame per block, by its key; a
    cell's text, or for a link its address; a row's ``data-id`` in the column ``data-id``."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, pd.DataFrame] = {}
        self.key = ""
        self.head: list[str] = []
        self.rows: list[list[str]] = []
        self.ids: list[str] = []
        self.cell: list[str] | None = None
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "div" and found.get("class") == "acc-table-box":
            self.key, self.head, self.rows, self.ids = found.get("data-key") or "", [], [], []
        elif tag == "tr" and self.key:
            self.rows.append([])
            if "data-id" in found:
                self.ids.append(found["data-id"] or "")
        elif tag in ("td", "th") and self.key:
            self.cell, self.href = [], None
        elif tag == "a" and self.cell is not None:
            self.href = found.get("href") or ""

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            text = self.href if self.href is not None else "".join(self.cell)
            (self.head if tag == "th" else self.rows[-1]).append(text)
            self.cell = None
        elif tag == "table" and self.key:
            body = [r for r in self.rows if r]
            frame = pd.DataFrame(body, columns=self.head)
            if self.ids:
                frame["data-id"] = self.ids
            self.tables[self.key] = frame
            self.key = ""


def read_tables(*blocks: str) -> dict[str, pd.DataFrame]:
    """The tables of these HTML blocks (``app_support.html_tables``), by key: every cell as
    shown (text), a link cell as its address."""
    reader = _TableReader()
    for block in blocks:
        reader.feed(block)
    return reader.tables


def shown_tables(at: AppTest) -> dict[str, pd.DataFrame]:
    """The HTML tables of the last run, by key (``read_tables``)."""
    return read_tables(*(block.proto.body for block in at.get("html")))


def figures(at: AppTest) -> dict[str, str]:
    """label -> value of every figure shown: ``st.metric``s and figure cards."""
    found = {str(m.label): str(m.value) for m in at.metric}
    found.update({c.label: c.value for c in shown_cards(at)})
    return found


def srcdoc(at: AppTest, index: int = 0) -> str:
    """The HTML of an ``st.iframe`` (AppTest does not render it; the proto has it)."""
    return at.get("iframe")[index].proto.srcdoc


def count_calls(monkeypatch: pytest.MonkeyPatch, names: Iterable[str]) -> Counter[str]:
    """Calls of these methods of the embedded store, counted by a wrapper around each."""
    seen: Counter[str] = Counter()

    def wrapped(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def counted(self: MemoryStore, *args: Any, **kwargs: Any) -> Any:
            seen[name] += 1
            return real(self, *args, **kwargs)

        return counted

    for name in names:
        monkeypatch.setattr(MemoryStore, name, wrapped(name, getattr(MemoryStore, name)))
    return seen
