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
