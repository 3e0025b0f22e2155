"""The contract's rules written once: conditions checked the same way in Python and in Cypher,
blank values judged once, and the vocabulary that serialises as plain strings."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graph_model import rules
from graph_model.conditions import ACCIDENT_BY, DRILL_BY, HAZARD_OPEN, VALID_ON, Condition
from graph_model.facts import HazardFact, PostsFacts, SubjectFacts, SupervisionFact
from graph_model.results import LEVELS, Link
from graph_model.store.neo4j_store import Neo4jStore
from graph_model.vocabulary import (
    ChargeBasis,
    GapKind,
    GapReason,
    Implementation,
    Level,
    RemitKind,
    Responsibility,
    SubjectKind,
    Target,
)

DAY = "2018-06-30"
# property maps around the day: before, on, after, blank (absent or empty), and a value of
# another type (Cypher compares it as null)
DATES: list[Any] = [None, "", "2018-01-01", DAY, "2018-12-31", 20180101]
CASES: list[dict[str, Any]] = [
    {"start": s, "end": e, "found_on": s, "closed_on": e, "occurred_on": s, "held_on": e}
    for s in DATES
    for e in DATES
]
CONDITIONS = {
    "VALID_ON": VALID_ON,
    "HAZARD_OPEN": HAZARD_OPEN,
    "ACCIDENT_BY": ACCIDENT_BY,
    "DRILL_BY": DRILL_BY,
}


@pytest.mark.neo4j
@pytest.mark.parametrize("name", CONDITIONS)
def test_a_condition_is_the_same_in_python_and_in_cypher(
    name: str, neo4j_store: Neo4jStore
) -> None:
    """One declaration, two renderings: the server keeps exactly the rows Python keeps."""
    condition: Condition = CONDITIONS[name]
    cases = [{k: v for k, v in case.items() if v is not None} for case in CASES]
    query = (
        "UNWIND range(0, size($cases) - 1) AS i WITH i, $cases[i] AS c "
        f"WHERE {condition.cypher('c')} RETURN i"
    )
    kept_by_neo4j = {r["i"] for r in neo4j_store.run_read(query, cases=cases, day=DAY)}
    kept_in_python = {i for i, case in enumerate(cases) if condition.holds(case, {"day": DAY})}
    assert kept_in_python == kept_by_neo4j
    assert 0 < len(kept_in_python) < len(cases)  # the cases tell kept from dropped


def test_validity_on_the_day() -> None:
    day = {"day": DAY}
    assert VALID_ON.holds({"start": "2018-01-01", "end": DAY}, day)
    assert VALID_ON.holds({"start": "", "end": ""}, day)  # blank ends are open
    assert not VALID_ON.holds({"start": "2018-07-01"}, day)
    assert not VALID_ON.holds({"end": "2018-06-29"}, day)
    assert HAZARD_OPEN.holds({"found_on": DAY, "closed_on": "2018-07-01"}, day)
    assert not HAZARD_OPEN.holds({"found_on": DAY, "closed_on": DAY}, day)  # closed that day


def _hazard(**fields: Any) -> HazardFact:
    complete: dict[str, Any] = {
        "id": "HZ-1",
        "enterprise_id": "E-1",
        "grade": "major",
        "owner_id": "P-1",
        "measures": "fence it",
        "funds_cny": 1000,
        "deadline": "2018-12-31",
        "plan_id": "EP-1",
    }
    return HazardFact(**{**complete, **fields})


def test_blank_is_judged_once_for_the_five_implementations() -> None:
    """An empty measures text or deadline is missing, as an absent one is (the stores used to
    disagree: one tested truthiness, the other IS NOT NULL)."""
    assert rules.missing_implementations(_hazard()) == ()
    for blank in (None, ""):
        assert rules.missing_implementations(_hazard(measures=blank)) == (Implementation.MEASURES,)
        assert rules.missing_implementations(_hazard(deadline=blank)) == (Implementation.DEADLINE,)
    assert rules.missing_implementations(_hazard(funds_cny=0)) == (Implementation.FUNDS,)
    assert rules.missing_implementations(_hazard(grade="general", measures=None)) == ()
    assert not rules.is_overdue("", DAY)
    assert rules.is_overdue("2018-06-29", DAY)
    assert not rules.is_overdue(DAY, DAY)


def _sv(kind: str, target: str, label: Target, region: str | None = None) -> SupervisionFact:
    return SupervisionFact("ORG", kind, target, label, region, Link("ORG", "SUPERVISES", target))


def test_which_supervision_row_covers_an_enterprise() -> None:
    sectors = {"S-child": (Link("E", "IN_SECTOR", "S-child"),), "S-top": ()}
    regions = {"R-district": (Link("E", "IN_REGION", "R-district"),), "R-city": ()}
    covering = rules.covering_path
    assert covering(_sv("industry", "E", Target.ENTERPRISE), "E", sectors, regions)
    assert not covering(_sv("industry", "E-other", Target.ENTERPRISE), "E", sectors, regions)
    assert covering(_sv("industry", "S-top", Target.SECTOR, "R-city"), "E", sectors, regions)
    assert not covering(_sv("industry", "S-top", Target.SECTOR, "R-else"), "E", sectors, regions)
    assert not covering(_sv("industry", "S-top", Target.SECTOR), "E", sectors, regions)
    # a row aimed at a region covers its enterprises only for comprehensive supervision
    assert covering(_sv("comprehensive", "R-city", Target.REGION), "E", sectors, regions)
    assert not covering(_sv("industry", "R-city", Target.REGION), "E", sectors, regions)


def test_a_level_that_finds_nothing_says_so() -> None:
    """An enterprise nobody supervises: every supervision level and the leadership in charge
    are ``none_found``; the enterprise level, which has no post at all, is ``no_post``."""
    facts = SubjectFacts("E", SubjectKind.ENTERPRISE, "E", None)
    found = rules.chain_levels(facts, PostsFacts())
    reasons = {(g.level, g.reason) for g in found.gaps}
    assert (Level.ENTERPRISE, GapReason.NO_POST) in reasons
    for level in (*rules.LEVEL_OF_KIND.values(), Level.LEADERSHIP_IN_CHARGE):
        assert (level, GapReason.NONE_FOUND) in reasons
    assert not any(g.level == Level.HAZARD_OWNER for g in found.gaps)  # not a hazard


ENUMS = (Level, GapKind, GapReason, Responsibility, Implementation)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_the_vocabulary_serialises_as_its_codes(enum: Any) -> None:
    for member in enum:
        assert json.dumps({member: member}) == json.dumps({member.value: member.value})
        assert member.label("en")
        assert member.label("zh")
        assert member.label("zh") != member.value


def test_the_vocabulary_is_in_the_contract_order() -> None:
    assert [str(level) for level in LEVELS] == [
        "enterprise",
        "hazard_owner",
        "industry_supervision",
        "specialized_supervision",
        "comprehensive_supervision",
        "leadership_in_charge",
        "principal_leadership",
    ]
    assert len(GapKind) == 10
    assert Level.LEADERSHIP_IN_CHARGE.label("zh") == "分管领导"
    assert {str(k) for k in (*ChargeBasis, *RemitKind, *SubjectKind, *Target)} >= {
        "principal",
        "assignment",
        "territorial",
        "hazard",
        "sector",
    }
