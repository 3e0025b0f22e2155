"""The gap report reads its own fact set (``GraphStore.gap_facts``): what ``coverage_gaps``
uses of ``graph_facts``, with the names a report shows riding along (on Neo4j one query, not
the facts and then a second round trip naming every gap's subject).

The rules are not copied: the facts are those of ``graph_facts`` (less the organizations'
region links, which only the sweep shows, less the posts the rules do not read: a post that
is not principal and that no duty or assignment names, and less the five-implementation
fields of a hazard that is not major, which no rule reads), and the report must be the one
the old path gives (``graph_facts`` then ``names``) and the one the embedded store gives, on
generated datasets and on a synthetic province, on days the data turns on.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from graph_model.accountability import gaps
from graph_model.facts import GraphFacts
from graph_model.schema import HazardGrade, Role
from graph_model.store import GraphStore, MemoryStore
from graph_model.store.neo4j_store import Neo4jStore
from loaders import load_path
from synth import write_province
from tests.generated import as_of_days, generate, write_dataset
from tests.test_parity import fact_sets

SEEDS = (1, 2, 3, 5, 8)


def _without_region_links(facts: GraphFacts) -> GraphFacts:
    orgs = tuple(o._replace(region_link=None) for o in facts.organizations)
    return dataclasses.replace(facts, organizations=orgs)


def _posts_read(facts: GraphFacts) -> GraphFacts:
    """Only the posts ``coverage_gaps`` reads: principal posts, and the posts of duties and
    of assignments (any day's: the facts hold only the day's)."""
    named = {d.position_id for d in facts.duties} | {c.position_id for c in facts.charges}
    read = tuple(p for p in facts.posts if p.role == Role.PRINCIPAL or p.position_id in named)
    return dataclasses.replace(facts, posts=read)


def _majors_only(facts: GraphFacts) -> GraphFacts:
    """A hazard's owner, measures, funds and plan only if it is major (Neo4j's light facts)."""
    hazards = tuple(
        h
        if h.grade == HazardGrade.MAJOR
        else h._replace(owner_id=None, measures=None, funds_cny=None, plan_id=None)
        for h in facts.hazards
    )
    return dataclasses.replace(facts, hazards=hazards)


def _check_posts(light: GraphFacts, whole: GraphFacts) -> None:
    """The light posts are the whole graph's, less some that no rule reads."""
    assert set(light.posts) <= set(whole.posts)
    assert set(_posts_read(whole).posts) <= set(light.posts)


def _report(store: GraphStore, day: str) -> list[dict[str, object]]:
    return [g.to_json() for g in gaps(store, day).gaps]


def _old_report(store: GraphStore, day: str) -> list[dict[str, object]]:
    """The report as it was read before: the whole graph's facts, then ``names``."""
    return [g.to_json() for g in gaps(store, day, facts=store.graph_facts(day)).gaps]


def _check(store: GraphStore, memory: MemoryStore, days: list[str]) -> int:
    compared = 0
    for day in days:
        light, _ = store.gap_facts(day)
        whole = store.graph_facts(day)  # rows as sets: no order is promised (test_parity)
        _check_posts(light, whole)
        light, whole = (
            dataclasses.replace(_without_region_links(f), posts=()) for f in (light, whole)
        )
        if isinstance(store, Neo4jStore):
            whole = _majors_only(whole)
        assert fact_sets(light) == fact_sets(whole)
        report = _report(store, day)
        assert report == _old_report(store, day), day
        assert report == _report(memory, day), day
        compared += len(report)
    return compared


@pytest.mark.parametrize("seed", SEEDS)
def test_the_report_is_the_old_one_on_generated_datasets(
    seed: int, store: GraphStore, tmp_path: Path
) -> None:
    tables = generate(seed, "medium")
    folder = write_dataset(tables, tmp_path / "data")
    memory = MemoryStore(tmp_path / "memory.json")
    load_path(folder, store)
    load_path(folder, memory)
    assert _check(store, memory, as_of_days(tables, seed, 4)), "a dataset with gaps"


def test_the_report_is_the_old_one_on_a_province(store: GraphStore, tmp_path: Path) -> None:
    """Every kind of gap, with names of every kind of subject (posts, duties, cells...)."""
    folder = tmp_path / "province"
    write_province(folder, 12)
    memory = MemoryStore(tmp_path / "memory.json")
    load_path(folder, store)
    load_path(folder, memory)
    day = "2025-06-30"
    assert _check(store, memory, [day, "2023-01-01"])
    kinds = {g["kind"] for g in _report(store, day)}
    named = {g["kind"] for g in _report(store, day) if g["subject_name"]}
    assert kinds == named, "every kind of subject is named"
    assert len(kinds) >= 6, kinds
    if isinstance(store, Neo4jStore):  # it reads half the posts: no safety manager's
        light, _ = store.gap_facts(day)
        assert len(light.posts) < len(store.graph_facts(day).posts)
