"""A chain reads only the supervision rows of its sectors scoped to one of its own regions.

A sector is supervised by a department in every region of a province, and a row scoped to
another region never covers the enterprise (``rules.covering_path``). Both stores leave those
rows out of a subject's facts (the embedded store groups a sector's rows by region once, so a
chain costs the same in a city and a province): the rows left out are really there, and with
them put back the rules pick the same organizations and find the same levels."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph_model import rules
from graph_model.accountability import chain_inputs
from graph_model.store import GraphStore
from graph_model.vocabulary import Target
from loaders import load_path
from tests.conftest import SAMPLE
from tests.test_chain_one_query import OTHER_REGIONS, PLAIN


@pytest.fixture
def sample(store: GraphStore) -> GraphStore:
    load_path(SAMPLE, store)
    return store


@pytest.mark.parametrize(("subject", "day"), OTHER_REGIONS + PLAIN)
def test_rows_scoped_elsewhere_are_left_out_and_change_nothing(
    sample: GraphStore, subject: str, day: str | None
) -> None:
    head, facts, own, _ = chain_inputs(sample, subject, day)
    assert facts is not None
    assert head is not None
    regions = {r.id for r in facts.regions}
    sectors = {s.id for s in facts.sectors}
    at_sectors = [r for r in facts.supervision if r.target_label == Target.SECTOR]
    assert all(r.region_id in regions for r in at_sectors)
    # every row valid on the day aimed at its sectors, whatever its region: read before
    every = [
        r
        for r in sample.graph_facts(head.day).supervision
        if r.target_label == Target.SECTOR and r.target_id in sectors
    ]
    left_out = tuple(r for r in every if r.region_id not in regions)
    assert sorted(set(every) - set(left_out)) == sorted(at_sectors)
    if (subject, day) in OTHER_REGIONS:
        assert left_out, "the sample has rows of this subject's sector scoped elsewhere"
    full = replace(facts, supervision=facts.supervision + left_out)
    assert rules.chain_orgs(full) == rules.chain_orgs(facts)
    assert rules.chain_levels(full, own) == rules.chain_levels(facts, own)
