"""The gap rules' two big loops (open hazards, plans: ~320k and ~170k at the province size)
write their predicates out for speed; on any facts they find exactly what the predicates
they stand for find: ``is_overdue``, ``missing_implementations``, ``is_blank`` and the plan
rules of the contract (revised more than three years before D; no drill in the 365 days up
to D; a plan revised after D not considered). The dated gaps made column by column
(``gaps_of``) are the gaps ``gap_of`` makes one by one."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_model import rules
from graph_model.conditions import is_blank
from graph_model.dates import drill_window_start, minus_years
from graph_model.facts import GraphFacts, HazardFact, OrgFact, PlanFact
from graph_model.results import gap_of, gaps_of
from graph_model.vocabulary import GapKind

DAY = "2018-06-30"
# blank (absent or empty), around the day and the plan windows, and a value of another type
VALUES: list[Any] = [
    None, "", " ", "2015-06-29", "2015-06-30", "2017-06-30", "2017-07-01", DAY, "2018-07-01",
    20180101,
]  # fmt: skip
values = st.sampled_from(VALUES)
orgs = st.sampled_from([None, "", "E-1", "E-2", "nowhere"])
hazards = st.builds(
    HazardFact,
    id=st.from_regex(r"HZ-[0-9]{1,3}", fullmatch=True),
    enterprise_id=orgs,
    grade=st.sampled_from([None, "", "major", "general", "MAJOR"]),
    owner_id=st.sampled_from([None, "", "P-1"]),
    measures=st.sampled_from([None, "", "fence"]),
    funds_cny=st.sampled_from([None, 0, -1, 0.5, 100]),
    deadline=values,
    plan_id=st.sampled_from([None, "", "EP-1"]),
)
plans = st.builds(
    PlanFact,
    id=st.from_regex(r"EP-[0-9]{1,3}", fullmatch=True),
    holder_id=orgs,
    revised_on=values,
    last_drill=values,
)
ORGS = (OrgFact("E-1", "enterprise", "R-1", "S-1"), OrgFact("E-2", "enterprise", None, "S-2"))
WHERE = {o.id: (o.region_id, o.sector_id) for o in ORGS}


def _at(org: str | None) -> tuple[str | None, str | None]:
    return WHERE.get(org or "", (None, None))


@settings(max_examples=300)
@given(st.lists(hazards, max_size=30))
def test_the_hazard_loop_finds_what_its_predicates_find(found: list[HazardFact]) -> None:
    expected: list[tuple[Any, ...]] = []
    for h in found:
        region, sector = _at(h.enterprise_id)
        missing = rules.missing_implementations(h)
        if missing:
            kind = GapKind.MAJOR_HAZARD_INCOMPLETE
            expected.append((kind, h.id, region, sector, h.enterprise_id, missing, ()))
        if rules.is_overdue(h.deadline, DAY):
            late = (("deadline", h.deadline),)
            expected.append(
                (GapKind.HAZARD_OVERDUE, h.id, region, sector, h.enterprise_id, (), late)
            )
    rows = rules.hazard_gaps(found, ORGS, DAY)
    assert all(isinstance(r, rules.GapRow) for r in rows)
    assert sorted(map(repr, rows)) == sorted(repr(rules.GapRow(*e)) for e in expected)


def _facts(found: list[PlanFact]) -> GraphFacts:
    return GraphFacts(ORGS, (), (), (), (), (), (), (), (), tuple(found))


@settings(max_examples=300)
@given(st.lists(plans, max_size=30))
def test_the_plan_loop_finds_what_its_predicates_find(found: list[PlanFact]) -> None:
    stale_before, first_drill_day = minus_years(DAY, 3), drill_window_start(DAY)
    expected: list[tuple[Any, ...]] = []
    for p in found:
        if not is_blank(p.revised_on) and str(p.revised_on) > DAY:
            continue
        region, sector = _at(p.holder_id)
        if is_blank(p.revised_on) or str(p.revised_on) < stale_before:
            stale = (("revised_on", p.revised_on),)
            expected.append((GapKind.PLAN_STALE, p.id, region, sector, p.holder_id, (), stale))
        if is_blank(p.last_drill) or str(p.last_drill) < first_drill_day:
            drill = (("last_drill", p.last_drill),)
            expected.append(
                (GapKind.PLAN_NOT_DRILLED, p.id, region, sector, p.holder_id, (), drill)
            )
    rows = [r for r in rules.coverage_gaps(_facts(found), DAY) if r.kind.startswith("plan_")]
    assert all(isinstance(r, rules.GapRow) for r in rows)
    assert sorted(map(repr, rows)) == sorted(repr(rules.GapRow(*e)) for e in expected)


texts = st.one_of(st.none(), st.text(max_size=5))
gap_rows = st.tuples(
    st.sampled_from(["plan_stale", "hazard_overdue"]),
    st.text(min_size=1, max_size=5),
    texts,
    st.text(max_size=5),
    st.lists(st.text(max_size=3), max_size=2).map(tuple),
    texts,
    texts,
    texts,
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=200)
@given(st.lists(gap_rows, max_size=20))
def test_gaps_made_by_columns_are_the_gaps_made_one_by_one(rows: list[tuple[Any, ...]]) -> None:
    columns = [[row[i] for row in rows] for i in range(9)]
    made = gaps_of(len(rows), *columns)
    assert made == [gap_of(*row) for row in rows]
    assert [g.facts for g in made] == [row[8] for row in rows]
    assert all(g.facts is row[8] for g, row in zip(made, rows, strict=True)), "as given"


def test_a_short_column_is_refused() -> None:
    columns: list[list[Any]] = [["plan_stale"], ["EP-1"], [None], ["x"], [()], [None], [None]]
    with pytest.raises(ValueError, match="fewer than 2"):
        gaps_of(2, *(c * 2 for c in columns), [None], [{}, {}])
