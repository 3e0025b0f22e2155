"""The coverage gaps find the supervision rows that can cover an enterprise by looking them up
(``rules.SupervisionIndex``: by the enterprise, and by its sectors x regions), not by testing
every row aimed at its sectors against it (enterprises x rows: 178k row tests at M).

The rule stays ``rules.covering_path``; the index only narrows what it is asked about. So the
tests check (1) that nothing ``covering_path`` accepts is left out of the candidates, against
a brute force over every row, and (2) that ``coverage_gaps`` asks ``covering_path`` about no
row but those candidates, counted on a synthetic province where sector rows are repeated in
many regions (the quadratic shape asked about every one of them)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_model import rules
from graph_model.facts import GraphFacts, SupervisionFact
from graph_model.store import MemoryStore
from graph_model.vocabulary import GapKind, Target
from loaders import load_path
from synth import write_province
from tests.conftest import SAMPLE
from tests.generated import generate, write_dataset

DAY = "2022-06-30"


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> GraphFacts:
    folder = tmp_path_factory.mktemp("province") / "data"
    write_province(folder, 30)
    store = MemoryStore()
    load_path(folder, store)
    return store.graph_facts(DAY)


def _facts(which: str, tmp_path: Path, day: str) -> GraphFacts:
    store = MemoryStore()
    if which == "sample":
        load_path(SAMPLE, store)
    else:
        load_path(write_dataset(generate(int(which), "medium"), tmp_path / "data"), store)
    return store.graph_facts(day)


def _places(facts: GraphFacts) -> Iterator[tuple[str, list[str], list[str]]]:
    """Each enterprise with its sectors and regions (itself and every one above)."""
    orgs = {o.id: o for o in facts.organizations}
    sector_up, region_up = dict(facts.sector_parents), dict(facts.region_parents)
    for ent in facts.enterprises:
        org = orgs.get(ent)
        yield (
            ent,
            rules.ancestors(sector_up, org.sector_id if org else None),
            rules.ancestors(region_up, org.region_id if org else None),
        )


def _covers(row: SupervisionFact, ent: str, sectors: list[str], regions: list[str]) -> bool:
    path = rules.covering_path(row, ent, dict.fromkeys(sectors, ()), dict.fromkeys(regions, ()))
    return path is not None


@pytest.mark.parametrize(("which", "day"), [("sample", "2019-06-30"), ("5", "2018-09-01")])
def test_the_candidates_hold_every_row_that_covers(which: str, day: str, tmp_path: Path) -> None:
    facts = _facts(which, tmp_path, day)
    index = rules.SupervisionIndex(facts.supervision)
    covering = 0
    for ent, sectors, regions in _places(facts):
        candidates = index.candidates(ent, sectors, regions)
        for row in facts.supervision:  # every row, of every kind, at anything
            if _covers(row, ent, sectors, regions):
                covering += 1
                assert row in candidates, (ent, row)
    assert covering, "a dataset where some rows cover some enterprises"


def test_the_candidates_hold_every_row_that_covers_in_a_province(province: GraphFacts) -> None:
    index = rules.SupervisionIndex(province.supervision)
    for ent, sectors, regions in _places(province):
        candidates = index.candidates(ent, sectors, regions)
        assert all(
            row in candidates for row in province.supervision if _covers(row, ent, sectors, regions)
        ), ent


def test_unsupervised_enterprises_are_those_no_industry_row_covers(province: GraphFacts) -> None:
    """The gap against a brute force over every industry row (not through the index)."""
    industry = [r for r in province.supervision if r.kind == "industry"]
    expected = {
        ent
        for ent, sectors, regions in _places(province)
        if not any(_covers(row, ent, sectors, regions) for row in industry)
    }
    found = {
        g.subject_id
        for g in rules.coverage_gaps(province, DAY)
        if g.kind == GapKind.ENTERPRISE_UNSUPERVISED
    }
    assert found == expected
    assert 0 < len(found) < len(province.enterprises), "some covered, some not"


def test_coverage_gaps_asks_only_about_candidate_rows(
    province: GraphFacts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted at ``covering_path``: one question per row that can cover the enterprise
    (aimed at it, or at one of its sectors within one of its regions), not one per row aimed
    at its sectors anywhere in the province."""
    asked: list[tuple[str, str]] = []
    judge = rules.covering_path

    def counting(row: SupervisionFact, ent: str, *rest: object) -> object:
        asked.append((ent, row.target_id))
        return judge(row, ent, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(rules, "covering_path", counting)
    rules.coverage_gaps(province, DAY)
    monkeypatch.undo()
    industry = [r for r in province.supervision if r.kind == "industry"]
    covering = sum(
        _covers(row, ent, sectors, regions)
        for ent, sectors, regions in _places(province)
        for row in industry
    )
    aimed_at_sectors = sum(
        row.target_id in sectors
        for _, sectors, _ in _places(province)
        for row in industry
        if row.target_label == "sector"
    )
    assert asked, "covering_path is what decides"
    assert len(asked) <= covering, (len(asked), covering)
    assert covering < aimed_at_sectors / 3, "a province where the quadratic shape asks far more"


def test_a_row_aimed_at_one_enterprise_covers_it_alone(province: GraphFacts) -> None:
    """Cover through a sector and region is decided once per (sector, region) pair; a row
    aimed at one enterprise of an uncovered pair must cover that one and no other."""
    bare = dataclasses.replace(  # no industry supervision: every enterprise unsupervised
        province, supervision=tuple(r for r in province.supervision if r.kind != "industry")
    )
    unsupervised = [
        g for g in rules.coverage_gaps(bare, DAY) if g.kind == GapKind.ENTERPRISE_UNSUPERVISED
    ]
    assert len(unsupervised) == len(province.enterprises)
    by_area: dict[tuple[str | None, str | None], list[str]] = {}
    for g in unsupervised:
        by_area.setdefault((g.sector_id, g.region_id), []).append(g.subject_id)
    first, second = next(ents for ents in by_area.values() if len(ents) > 1)[:2]
    some = province.supervision[0]
    aimed = SupervisionFact(some.org_id, "industry", first, Target.ENTERPRISE, None, some.link)
    for supervision in ((aimed, *bare.supervision), (*bare.supervision, aimed)):
        more = dataclasses.replace(bare, supervision=supervision)
        found = {
            g.subject_id
            for g in rules.coverage_gaps(more, DAY)
            if g.kind == GapKind.ENTERPRISE_UNSUPERVISED
        }
        assert second in found
        assert found == {g.subject_id for g in unsupervised} - {first}
