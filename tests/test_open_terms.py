"""Defect 8 of the app issue: a term still open on a past as-of day is "in post on <day>",
never "now" (which claims the post is held today), in the chain table, the graph's tooltips
and the CLI's chain text."""

from __future__ import annotations

from pathlib import Path

from accgraph.render import chain_table as chain_text
from app_support import frames, graph_view
from graph_model.accountability import chain
from graph_model.results import Chain
from graph_model.store import MemoryStore
from loaders import load_path
from tests.conftest import SAMPLE

DAY = "2018-09-01"


def _chain(tmp_path: Path) -> Chain:
    store = MemoryStore(tmp_path / "graph.json")
    load_path(SAMPLE, store)
    return chain(store, "ACC-001", DAY)


def test_chain_table_says_in_post_on_the_day(tmp_path: Path) -> None:
    the_chain = _chain(tmp_path)
    open_terms = [e for e in the_chain.entries if e.held_from and not e.held_to]
    assert open_terms, "the sample's chain has open terms on this day"
    for language, wording in (("en", f"in post on {DAY}"), ("zh", f"{DAY}仍在任")):
        table = frames.chain_table(the_chain, language)
        ends = list(table.iloc[:, 6])
        assert ends.count(wording) == len(open_terms), ends
        assert not any(str(v) in {"now", "至今"} for v in ends)


def test_graph_tooltips_and_cli_text_say_in_post_on_the_day(tmp_path: Path) -> None:
    the_chain = _chain(tmp_path)
    text = chain_text(the_chain)
    assert f"in post on {DAY}" in text
    assert " now" not in text
    for language, wording in (("en", f"in post on {DAY}"), ("zh", f"{DAY}仍在任")):
        net = graph_view.chain_network(the_chain, language=language)
        tips = " ".join(str(n.get("title", "")) for n in net.nodes)
        assert wording in tips
        assert "至今" not in tips
        assert " now" not in tips
