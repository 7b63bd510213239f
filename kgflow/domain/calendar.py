"""Swedish working days: weekends, public holidays and the de facto free eves.

Deadlines in the governance chain are counted in working days. A day is not a
working day when it is a Saturday or Sunday, a Swedish public holiday, or one of
the days that are free in practice (midsommarafton, julafton, nyårsafton). The
holiday facts come from the maintained ``holidays`` package, never a list kept
by hand.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

_CATEGORIES = ("public", "de_facto")


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> dict[date, str]:
    calendar = holidays.country_holidays("SE", years=year, categories=_CATEGORIES, language="sv")
    return dict(calendar.items())


def holiday_name(day: date) -> str | None:
    """The Swedish name of the holiday on ``day``, or None if it is not one."""
    return _holidays_of(day.year).get(day)


def is_working_day(day: date) -> bool:
    """True when ``day`` is neither a weekend day nor a Swedish holiday."""
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def why_not_working(day: date) -> str:
    """A short Swedish-English phrase saying why ``day`` is free ("a Sunday", "juldagen")."""
    name = holiday_name(day)
    if name:
        return name.lower()
    return "a Saturday" if day.weekday() == 5 else "a Sunday"


def working_days_before(day: date, count: int) -> date:
    """The working day ``count`` working days before ``day`` (``count`` >= 0).

    With ``count`` 0 the answer is ``day`` itself if it is a working day, else the
    last working day before it, so the result is always a working day.
    """
    current = day
    while not is_working_day(current):
        current -= timedelta(days=1)
    for _ in range(count):
        current -= timedelta(days=1)
        while not is_working_day(current):
            current -= timedelta(days=1)
    return current


def working_days_after(day: date, count: int) -> date:
    """The working day ``count`` working days after ``day`` (``count`` >= 0).

    Counting starts on the next day: one working day after a Friday is the next
    Monday (or later, past holidays). With ``count`` 0 the result is ``day`` moved
    forward to a working day.
    """
    current = day
    while not is_working_day(current):
        current += timedelta(days=1)
    for _ in range(count):
        current += timedelta(days=1)
        while not is_working_day(current):
            current += timedelta(days=1)
    return current


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after ``start`` up to and including ``end``.

    Negative when ``end`` is before ``start``. Used for "days late".
    """
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
