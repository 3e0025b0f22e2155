"""A single chain asks the store one question (``chain_bundle``): on Neo4j one query in one
transaction, counted at the driver (its ``C: RUN`` debug lines) against the real server; and
the posts of the superset of organizations that question reads are cut back to exactly those
the rules want, so the chain is decided from the same facts as before."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph_model import rules
from graph_model.accountability import SubjectNotFound, chain, chain_inputs, chains_of
from graph_model.facts import PostsFacts
from graph_model.schema import GraphBatch, Rel, RelRecord
from graph_model.store import GraphStore, MemoryStore
from graph_model.store.chain_bundle import candidate_orgs
from graph_model.store.neo4j_store import Neo4jStore
from graph_model.vocabulary import Target
from loaders import load_path
from tests.conftest import SAMPLE
from tests.test_neo4j_round_trips import counted

# Subjects of the sample with supervision rows of their sector scoped to another region
# (never covering them: the bundle leaves those organizations out), and plain ones.
OTHER_REGIONS = [("HZ-003", None), ("HZ-008", None), ("ACC-001", None), ("ENT-016", "2019-06-30")]
PLAIN = [("HZ-004", None), ("HZ-004", "2019-06-30"), ("ENT-001", "2019-06-30")]

# A row the loader refuses (only comprehensive supervision may be aimed at a whole region)
# but another tool could write: the bundle reads its organization, the rules do not want it.
NOT_COVERING, ITS_ORG = "HZ-004", "ORG-016"


def _sorted(posts: PostsFacts) -> tuple[list[object], list[object], list[object]]:
    return sorted(posts.posts), sorted(posts.charges), sorted(posts.holdings)


@pytest.fixture
def sample(store: GraphStore) -> GraphStore:
    load_path(SAMPLE, store)
    return store


@pytest.mark.parametrize(("subject", "day"), OTHER_REGIONS + PLAIN)
def test_the_chain_is_decided_from_exactly_the_wanted_posts(
    sample: GraphStore, subject: str, day: str | None
) -> None:
    """What the rules see equals ``posts_facts`` of the organizations they pick, on both
    stores, and the chain is the one of the two-question path."""
    head, facts, own, _ = chain_inputs(sample, subject, day)
    orgs, charged = rules.chain_orgs(facts)
    assert orgs, "a chain with organizations around it"
    assert _sorted(own) == _sorted(sample.posts_facts(orgs, charged, head.day))
    # the old two-question path gives the same chain
    assert (
        chain(sample, subject, day).to_json()
        == chains_of(sample, [subject], day)[subject].to_json()
    )


@pytest.fixture
def wider(sample: GraphStore) -> GraphStore:
    """The sample plus an industry row aimed at the region of ``NOT_COVERING``'s enterprise."""
    _, facts, _, _ = chain_inputs(sample, NOT_COVERING)
    assert ITS_ORG not in rules.chain_orgs(facts)[0]
    region = facts.regions[0].id
    key = f"{ITS_ORG}|industry||{region}||2016-01-01"
    props = {"kind": "industry", "region_id": region, "start": "2016-01-01", "key": key}
    row = RelRecord(Rel.SUPERVISES, ITS_ORG, region, key, {**props, "source_ids": ["SRC-012"]})
    sample.apply(GraphBatch([], [row], []))
    return sample


def test_the_chain_keeps_only_the_wanted_posts_of_a_wider_bundle(wider: GraphStore) -> None:
    """Where the bundle holds strictly more than the chain needs, the rules see exactly
    ``posts_facts`` of what they pick (drop the ``own`` filter in ``chain_inputs``: fails)."""
    head, facts, own, _ = chain_inputs(wider, NOT_COVERING)
    wanted, charged = rules.chain_orgs(facts)
    candidates, _ = candidate_orgs(facts)
    assert set(wanted) < set(candidates)
    assert ITS_ORG in candidates
    _, bundled, _ = wider.chain_bundle(NOT_COVERING, None, "2026-01-01")
    assert {p.position_id for p in own.posts} < {p.position_id for p in bundled.posts}
    assert _sorted(own) == _sorted(wider.posts_facts(wanted, charged, head.day))
    assert (
        chain(wider, NOT_COVERING).to_json()
        == chains_of(wider, [NOT_COVERING])[NOT_COVERING].to_json()
    )


def test_the_bundle_names_what_the_chain_shows(sample: GraphStore) -> None:
    """Names ride along: every person, post and organization of the chain is named."""
    c = chain(sample, "ACC-001")
    assert c.entries
    for e in c.entries:
        assert e.person_name, e
        if e.position_id:
            assert e.position_title or e.position_title_zh, e
            assert e.org_name or e.org_name_zh, e


@pytest.mark.parametrize("subject", ["NOPE-1", "P-001"])
def test_unknown_or_wrong_kind_subjects_are_refused(sample: GraphStore, subject: str) -> None:
    with pytest.raises(SubjectNotFound):
        chain(sample, subject)


@pytest.mark.neo4j
@pytest.mark.parametrize(("subject", "day"), OTHER_REGIONS + PLAIN)
def test_a_chain_on_neo4j_is_one_query_in_one_transaction(
    neo4j_store: Neo4jStore, tmp_path: Path, subject: str, day: str | None
) -> None:
    load_path(SAMPLE, neo4j_store)
    memory = MemoryStore(tmp_path / "graph.json")
    load_path(SAMPLE, memory)
    with counted() as counter:
        answer = chain(neo4j_store, subject, day)
    assert len(counter.queries) == 1, counter.queries
    assert answer.entries, "posts and names were read in that one query"
    assert answer.to_json() == chain(memory, subject, day).to_json()


@pytest.mark.neo4j
def test_the_counter_sees_the_two_questions_of_the_old_path(neo4j_store: Neo4jStore) -> None:
    """The count above is not blind: the two-question path is seen as two queries."""
    load_path(SAMPLE, neo4j_store)
    with counted() as counter:
        chains_of(neo4j_store, ["HZ-003"])
    assert len(counter.queries) == 2, counter.queries


# A sector is supervised by a department in every region of a province, and a row scoped to
# another region never covers the enterprise (``rules.covering_path``). Both stores leave
# those rows out of a subject's facts (the embedded store groups a sector's rows by region
# once, so a chain costs the same in a city and a province): the rows left out are really
# there, and with them put back the rules pick the same organizations and find the same levels.
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
