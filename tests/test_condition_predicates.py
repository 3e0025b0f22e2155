"""A condition bound to its parameters (``predicate``, what a pass over the whole graph's
links uses) answers exactly as the interpreted ``holds``, blanks, non-dates and Cypher's
unknowns included."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graph_model.conditions import ACCIDENT_BY, DRILL_BY, HAZARD_OPEN, VALID_ON, Condition

VALUES = st.sampled_from(
    [None, "", "2018-01-01", "2018-06-30", "2018-07-01", "2019-12-31", 0, 5, 2.5, True, "x"]
)
KEYS = ("start", "end", "found_on", "closed_on", "occurred_on", "held_on")
PROPS = st.dictionaries(st.sampled_from(KEYS), VALUES)
DAYS = st.sampled_from(["2018-06-30", "2018-01-01", "", 3])
CONDITIONS = (VALID_ON, HAZARD_OPEN, ACCIDENT_BY, DRILL_BY)


@given(props=PROPS, day=DAYS)
def test_bound_conditions_answer_as_the_interpreted_ones(props: dict, day: object) -> None:
    params = {"day": day}
    condition: Condition
    for condition in CONDITIONS:
        assert condition.tester(params)(props) == condition.test(props, params)
        assert condition.predicate(params)(props) == condition.holds(props, params)


def test_the_bound_form_is_not_constant() -> None:
    valid = VALID_ON.predicate({"day": "2018-06-30"})
    assert valid({"start": "2018-01-01"})
    assert not valid({"start": "2018-07-01"})
    assert not valid({"end": "2018-06-29"})
    assert not valid({"start": 5})  # a number against a day: unknown, so not kept
