"""Conditions on a node's or relationship's properties, declared once, checked two ways.

A condition is a small expression (``Prop``, ``Param``, ``blank``, ``le``, ``lt``, ``all_of``,
``any_of``). ``holds`` evaluates it in Python over a property dict (the embedded store and
the rules); ``cypher`` renders the same expression as a Cypher predicate for a variable, so
that Neo4j filters on the server with exactly the rule's text. Comparisons follow Cypher's
three-valued logic (a missing value compares as unknown), so both give the same answer.

The contract's calendar conditions are declared at the bottom: ``VALID_ON`` (a dated link
valid on ``$day``), ``HAZARD_OPEN`` and ``ACCIDENT_BY``.

>>> VALID_ON.holds({"start": "2018-01-01"}, {"day": "2018-06-30"})
True
>>> VALID_ON.holds({"start": "2018-01-01", "end": "2018-03-31"}, {"day": "2018-06-30"})
False
>>> print(HAZARD_OPEN.cypher("h"))
(h.found_on <= $day AND (h.closed_on IS NULL OR h.closed_on = '' OR $day < h.closed_on))
>>> print(ACCIDENT_BY.cypher("a", {"day": "d"}))
a.occurred_on <= d
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

Props = Mapping[str, object]
Tester = Callable[[Props], "bool | None"]
Bound = Mapping[str, str] | None  # parameter name -> the query variable that stands for it

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _checked(name: str) -> str:
    # names are formatted into Cypher text: only identifiers, never data
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a property or parameter name: {name!r}")
    return name


def is_blank(value: object) -> bool:
    """A value the data leaves empty: absent (None) or the empty string.

    >>> is_blank(None), is_blank(""), is_blank("x"), is_blank(0)
    (True, True, False, False)
    """
    return value is None or value == ""


@dataclass(frozen=True)
class Prop:
    """A property of the node or relationship the condition is about."""

    name: str

    def value(self, props: Props, params: Props) -> object:
        return props.get(self.name)

    def getter(self, params: Props) -> Callable[[Props], object]:
        name = self.name
        return lambda props: props.get(name)

    def cypher(self, var: str, bound: Bound = None) -> str:
        return f"{_checked(var)}.{_checked(self.name)}"

    def python(self, names: _Names) -> str:
        return names.prop(self.name)


@dataclass(frozen=True)
class Param:
    """A query parameter (``$name`` in Cypher)."""

    name: str

    def value(self, props: Props, params: Props) -> object:
        return params[self.name]

    def getter(self, params: Props) -> Callable[[Props], object]:
        value = params[self.name]
        return lambda props: value

    def cypher(self, var: str, bound: Bound = None) -> str:
        # a parameter bound to a variable of the query (a day per row) is read from it
        if bound and self.name in bound:
            return _checked(bound[self.name])
        return f"${_checked(self.name)}"

    def python(self, names: _Names) -> str:
        return names.param(self.name)


Term = Prop | Param


class Condition:
    """A predicate, evaluated in Python (``test``/``holds``) or rendered as Cypher."""

    def test(self, props: Props, params: Props) -> bool | None:
        """True, False or None (unknown, as Cypher's null)."""
        raise NotImplementedError

    def cypher(self, var: str, bound: Bound = None) -> str:
        """Cypher for ``var``; ``bound`` maps parameters to variables that replace them."""
        raise NotImplementedError

    def python(self, names: _Names) -> str:
        """A Python expression for ``holds`` over the variables ``names`` hands out."""
        raise NotImplementedError

    def holds(self, props: Props, params: Props) -> bool:
        """Whether a ``WHERE`` with this condition keeps the row (unknown does not): ``test``
        is True. Compiled (``_compiled``), as every link of a chain is checked with it."""
        return self._code.holds(props, params)

    @cached_property
    def _code(self) -> _Compiled:
        # kept on the condition itself: a cache keyed by the condition would hash its whole
        # tree on every call, as long as the interpreted ``test`` takes
        return _compiled(self)

    def tester(self, params: Props) -> Tester:
        """``test`` with ``params`` fixed, as one closure (no walk over the expression per
        row). ``test`` and ``tester`` are the reference the compiled ``holds`` and
        ``predicate`` are checked against (tests/test_condition_predicates.py)."""
        raise NotImplementedError

    def predicate(self, params: Props) -> Callable[[Props], bool]:
        """``holds`` with ``params`` fixed: what a pass over a whole graph's links uses.

        >>> valid = VALID_ON.predicate({"day": "2018-06-30"})
        >>> valid({"start": "2018-01-01"}), valid({"start": "2018-01-01", "end": "2018-03-31"})
        (True, False)
        """
        return self._code.bind(params)


@dataclass(frozen=True)
class Blank(Condition):
    term: Term

    def test(self, props: Props, params: Props) -> bool | None:
        return is_blank(self.term.value(props, params))

    def tester(self, params: Props) -> Tester:
        value = self.term.getter(params)
        return lambda props: is_blank(value(props))

    def cypher(self, var: str, bound: Bound = None) -> str:
        text = self.term.cypher(var, bound)
        return f"{text} IS NULL OR {text} = ''"

    def python(self, names: _Names) -> str:
        v = self.term.python(names)
        return f"({v} is None or {v} == '')"


@dataclass(frozen=True)
class Compare(Condition):
    left: Term
    op: str  # "<=" or "<"
    right: Term

    def test(self, props: Props, params: Props) -> bool | None:
        a, b = self.left.value(props, params), self.right.value(props, params)
        if isinstance(a, str) and isinstance(b, str):
            return a <= b if self.op == "<=" else a < b
        if isinstance(a, int | float) and isinstance(b, int | float):
            return a <= b if self.op == "<=" else a < b
        return None  # Cypher compares strings with strings, numbers with numbers; else null

    def tester(self, params: Props) -> Tester:
        left, right, strict = self.left.getter(params), self.right.getter(params), self.op == "<"

        def test(props: Props) -> bool | None:
            a, b = left(props), right(props)
            if (isinstance(a, str) and isinstance(b, str)) or (
                isinstance(a, int | float) and isinstance(b, int | float)
            ):
                return a < b if strict else a <= b  # type: ignore[operator]
            return None

        return test

    def cypher(self, var: str, bound: Bound = None) -> str:
        return f"{self.left.cypher(var, bound)} {self.op} {self.right.cypher(var, bound)}"

    def python(self, names: _Names) -> str:
        a, b = self.left.python(names), self.right.python(names)
        op = "<" if self.op == "<" else "<="  # never the data's text: one of two operators
        return (
            f"(((isinstance({a}, str) and isinstance({b}, str))"
            f" or (isinstance({a}, _NUMBER) and isinstance({b}, _NUMBER))) and {a} {op} {b})"
        )


@dataclass(frozen=True)
class AllOf(Condition):
    parts: tuple[Condition, ...]

    def test(self, props: Props, params: Props) -> bool | None:
        results = [p.test(props, params) for p in self.parts]
        if False in results:
            return False
        return None if None in results else True

    def tester(self, params: Props) -> Tester:
        parts = [p.tester(params) for p in self.parts]

        def test(props: Props) -> bool | None:
            results = [part(props) for part in parts]
            if False in results:
                return False
            return None if None in results else True

        return test

    def cypher(self, var: str, bound: Bound = None) -> str:
        return "(" + " AND ".join(_grouped(p, var, bound) for p in self.parts) + ")"

    def python(self, names: _Names) -> str:
        # true when every part is true: Cypher's unknown keeps no row, as false does
        if not self.parts:
            return "True"
        return "(" + " and ".join(p.python(names) for p in self.parts) + ")"


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def test(self, props: Props, params: Props) -> bool | None:
        results = [p.test(props, params) for p in self.parts]
        if True in results:
            return True
        return None if None in results else False

    def tester(self, params: Props) -> Tester:
        parts = [p.tester(params) for p in self.parts]

        def test(props: Props) -> bool | None:
            results = [part(props) for part in parts]
            if True in results:
                return True
            return None if None in results else False

        return test

    def cypher(self, var: str, bound: Bound = None) -> str:
        return "(" + " OR ".join(p.cypher(var, bound) for p in self.parts) + ")"

    def python(self, names: _Names) -> str:
        if not self.parts:
            return "False"
        return "(" + " or ".join(p.python(names) for p in self.parts) + ")"


class _Names:
    """The variables of a compiled condition: one per property read, one per parameter."""

    def __init__(self) -> None:
        self.props: dict[str, str] = {}
        self.params: dict[str, str] = {}

    def prop(self, name: str) -> str:
        return self.props.setdefault(name, f"_v{len(self.props)}")

    def param(self, name: str) -> str:
        return self.params.setdefault(name, f"_p{len(self.params)}")


@dataclass(frozen=True)
class _Compiled:
    holds: Callable[[Props, Props], bool]
    bind: Callable[[Props], Callable[[Props], bool]]


_NUMBER = (int, float)


def _compiled(condition: Condition) -> _Compiled:
    """``holds`` as one Python function: the expression tree written out as a single
    ``and``/``or`` expression over the properties, each read once. Interpreted (a call per
    node of the tree and per term), checking the appointments of a whole graph on a day was
    a third of working out its facts; compiled it is a sixth of what it was.

    Only ``holds`` (is ``test`` true?) is compiled: with no negation in the language, "all
    parts true" and "any part true" are what ``AllOf``/``AnyOf`` hold as, Cypher's unknown
    included. Property and parameter names are written in as string literals (``repr``);
    no value of the data or of a parameter is ever part of the source."""
    names = _Names()
    expression = condition.python(names)
    params = [f"{v} = params[{name!r}]" for name, v in names.params.items()]
    props = [f"{v} = props.get({name!r})" for name, v in names.props.items()]
    source = "\n".join(
        [
            "def holds(props, params):",
            *(f"    {line}" for line in (*params, *props)),
            f"    return {expression}",
            "def bind(params):",
            *(f"    {line}" for line in params),
            "    def holds(props):",
            *(f"        {line}" for line in props),
            f"        return {expression}",
            "    return holds",
        ]
    )
    namespace: dict[str, object] = {"_NUMBER": _NUMBER}
    exec(compile(source, f"<condition {type(condition).__name__}>", "exec"), namespace)
    return _Compiled(namespace["holds"], namespace["bind"])  # type: ignore[arg-type]


def _grouped(part: Condition, var: str, bound: Bound) -> str:
    text = part.cypher(var, bound)
    return f"({text})" if isinstance(part, Blank) else text


def blank(term: Term) -> Condition:
    return Blank(term)


def le(left: Term, right: Term) -> Condition:
    return Compare(left, "<=", right)


def lt(left: Term, right: Term) -> Condition:
    return Compare(left, "<", right)


def all_of(*parts: Condition) -> Condition:
    return AllOf(parts)


def any_of(*parts: Condition) -> Condition:
    return AnyOf(parts)


# -- the contract's conditions ---------------------------------------------------------------
DAY = Param("day")

# A dated link (appointment, assignment, supervision row) is valid on D when it started on or
# before D and has not ended before D; a blank start or end is open.
VALID_ON = all_of(
    any_of(blank(Prop("start")), le(Prop("start"), DAY)),
    any_of(blank(Prop("end")), le(DAY, Prop("end"))),
)

# A hazard is open on D from the day it was found until the day before it was closed.
HAZARD_OPEN = all_of(
    le(Prop("found_on"), DAY),
    any_of(blank(Prop("closed_on")), lt(DAY, Prop("closed_on"))),
)

# An accident counts on D once it has occurred.
ACCIDENT_BY = le(Prop("occurred_on"), DAY)


def valid_on(start: str | None, end: str | None, day: str) -> bool:
    """``VALID_ON`` for an interval given by its two ends.

    >>> valid_on("2018-01-01", None, "2018-01-01"), valid_on(None, "2017-12-31", "2018-01-01")
    (True, False)
    """
    return VALID_ON.holds({"start": start, "end": end}, {"day": day})


# A drill counts on D once it has been held.
DRILL_BY = le(Prop("held_on"), DAY)
