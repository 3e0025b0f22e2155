"""A condition bound to its parameters (``tester``, ``predicate``: what a pass over the whole
graph's links uses) and the compiled ``holds`` answer exactly as the interpreted ``test``,
blanks, non-dates and Cypher's unknowns included."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graph_model.conditions import (
    ACCIDENT_BY,
    DRILL_BY,
    HAZARD_OPEN,
    VALID_ON,
    Condition,
    Param,
    Prop,
    all_of,
    any_of,
    blank,
    le,
    lt,
)

VALUES = st.sampled_from(
    [None, "", "2018-01-01", "2018-06-30", "2018-07-01", "2019-12-31", 0, 5, 2.5, True, "x"]
)
KEYS = ("start", "end", "found_on", "closed_on", "occurred_on", "held_on")
PROPS = st.dictionaries(st.sampled_from(KEYS), VALUES)
DAYS = st.sampled_from(["2018-06-30", "2018-01-01", "", 3, None, 2.5])
CONDITIONS = (VALID_ON, HAZARD_OPEN, ACCIDENT_BY, DRILL_BY)


def terms() -> st.SearchStrategy[Prop | Param]:
    return st.one_of(st.sampled_from(KEYS).map(Prop), st.just(Param("day")))


# any condition the language can say: nested, empty groups, a parameter on either side
ANY_CONDITION = st.recursive(
    st.one_of(
        terms().map(blank),
        st.tuples(terms(), terms()).map(lambda ab: le(*ab)),
        st.tuples(terms(), terms()).map(lambda ab: lt(*ab)),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda ps: all_of(*ps)),
        st.lists(inner, max_size=3).map(lambda ps: any_of(*ps)),
    ),
    max_leaves=8,
)


@given(props=PROPS, day=DAYS)
def test_bound_conditions_answer_as_the_interpreted_ones(props: dict, day: object) -> None:
    params = {"day": day}
    condition: Condition
    for condition in CONDITIONS:
        truth = condition.test(props, params)
        assert condition.tester(params)(props) == truth
        assert condition.holds(props, params) == (truth is True)
        assert condition.predicate(params)(props) == (truth is True)


@given(condition=ANY_CONDITION, props=PROPS, day=DAYS)
def test_any_compiled_condition_holds_as_interpreted(
    condition: Condition, props: dict, day: object
) -> None:
    params = {"day": day}
    truth = condition.test(props, params)
    assert condition.holds(props, params) is (truth is True)
    assert condition.predicate(params)(props) is (truth is True)


def test_the_bound_form_is_not_constant() -> None:
    valid = VALID_ON.predicate({"day": "2018-06-30"})
    assert valid({"start": "2018-01-01"})
    assert not valid({"start": "2018-07-01"})
    assert not valid({"end": "2018-06-29"})
    assert not valid({"start": 5})  # a number against a day: unknown, so not kept
