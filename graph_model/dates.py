"""Calendar arithmetic the spec needs, in one place for both stores."""

from __future__ import annotations

from datetime import date, timedelta


def minus_years(day: str, years: int) -> str:
    """The same calendar day ``years`` earlier; 29 February becomes 28 February.

    >>> minus_years("2020-02-29", 3)
    '2017-02-28'
    """
    d = date.fromisoformat(day)
    try:
        return d.replace(year=d.year - years).isoformat()
    except ValueError:
        return d.replace(year=d.year - years, day=28).isoformat()


def drill_window_start(day: str) -> str:
    """First day of the 365 days up to and including ``day``.

    >>> drill_window_start("2019-06-30")
    '2018-07-01'
    """
    return (date.fromisoformat(day) - timedelta(days=364)).isoformat()


def in_force(start: str | None, end: str | None, day: str) -> bool:
    """A dated link (appointment, assignment, supervision) holds on ``day``: start on or
    before it (blank: always was), end on or after it (blank: still is).

    >>> in_force("2018-01-01", "2018-12-31", "2018-12-31")
    True
    >>> in_force(None, "2017-05-01", "2018-01-01")
    False
    """
    return (not start or start <= day) and (not end or day <= end)
