"""The gap report reads its own fact set (``GraphStore.gap_facts``): what ``coverage_gaps``
uses of ``graph_facts``, with the names a report shows riding along (on Neo4j one query, not
the facts and then a second round trip naming every gap's subject).

The rules are not copied: the facts are those of ``graph_facts`` (less the organizations'
region links, which only the sweep shows), and the report must be the one the old path gives
(``graph_facts`` then ``names``) and the one the embedded store gives, on generated datasets
and on a synthetic province, on days the data turns on.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from graph_model.accountability import gaps
from graph_model.facts import GraphFacts
from graph_model.store import GraphStore, MemoryStore
from loaders import load_path
from synth import write_province
from tests.generated import as_of_days, generate, write_dataset
from tests.test_parity import fact_sets

SEEDS = (1, 2, 3, 5, 8)


def _without_region_links(facts: GraphFacts) -> GraphFacts:
    orgs = tuple(dataclasses.replace(o, region_link=None) for o in facts.organizations)
    return dataclasses.replace(facts, organizations=orgs)


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
        assert fact_sets(_without_region_links(light)) == fact_sets(_without_region_links(whole))
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
