"""The Overview's sweep reads the appointments valid on the day from the whole graph's facts,
which each store finds in the same pass as whether each post is held (one pass over the
appointments, not two): on generated datasets and both stores, every enterprise's levels,
the open hazards and their owners are those of the former read of every appointment
(``facts.holdings`` left out), and neither store reads an appointment list for it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph_model import accountability, overview
from graph_model.store import GraphStore
from graph_model.sweep import _holders as sweep_holders
from graph_model.sweep import sweep
from loaders import load_path
from tests.conftest import SAMPLE
from tests.generated import generate, write_dataset

DAYS = ("2018-09-01", "2019-06-30")


@pytest.fixture(params=["sample", 5])
def loaded(request: pytest.FixtureRequest, store: GraphStore, tmp_path: Path) -> GraphStore:
    if request.param == "sample":
        load_path(SAMPLE, store)
    else:
        load_path(write_dataset(generate(request.param, "medium"), tmp_path / "data"), store)
    return store


@pytest.mark.parametrize("day", DAYS)
def test_one_pass_gives_the_two_pass_answer(loaded: GraphStore, day: str) -> None:
    facts = loaded.graph_facts(day)
    assert facts.holdings  # found in the pass that decides whether posts are held
    assert {h.position_id for h in facts.holdings} == {p.position_id for p in facts.posts if p.held}
    # each one as the full read of appointments gives it
    assert set(facts.holdings) == set(sweep_holders(loaded, day, replace(facts, holdings=None)))
    one = sweep(loaded, day, facts)
    two = sweep(loaded, day, replace(facts, holdings=None))  # every appointment read again
    assert one.levels == two.levels
    assert one == two  # open hazards and owners too
    assert any(found.rows for found in one.levels.values())  # not an empty comparison
    # and what the Overview shows from it
    report = accountability.gaps(loaded, day, facts=facts)
    assert overview.coverage_figures(loaded, day, report, one) == overview.coverage_figures(
        loaded, day, report, two
    )
    assert overview.action_items(loaded, day, report, one) == overview.action_items(
        loaded, day, report, two
    )


def test_the_sweep_reads_no_appointment_list(
    monkeypatch: pytest.MonkeyPatch, store: GraphStore
) -> None:
    load_path(SAMPLE, store)

    def refused() -> None:
        raise AssertionError("all_appointments read again")

    monkeypatch.setattr(store, "all_appointments", refused)
    assert sweep(store, "2019-06-30").levels
