"""Swedish working days: weekends, public holidays and the de facto free eves.

Deadlines in the governance chain are counted in working days. A day is not a
working day when it is a Saturday or Sunday, a Swedish public holiday, or one of
the days that are free in practice (midsommarafton, julafton, nyårsafton). The
holiday facts come from the maintained ``holidays`` package, never a list kept
by hand.

Counting is arithmetic, not a walk: the weekdays between two dates follow from
whole weeks and the remainder, less the holidays on weekdays in between, read
from one sorted list per year (each year built once). So "how many working days
late" costs the same for a step one day late and one seventy years late.

Dates people give are bounded to :data:`EARLIEST` … :data:`LATEST`; every
deadline and rung computed from them stays well inside Python's dates.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import cache

from kgflow.domain.wording import Phrase, t

_CATEGORIES = ("public", "de_facto")
EARLIEST = date(2000, 1, 1)
"""The first date kgflow accepts from a person (``--today``, ``--due``, a date field)."""
LATEST = date(2100, 12, 31)
"""The last date kgflow accepts from a person."""


@cache
def _holidays_of(year: int) -> dict[date, str]:
    import holidays  # a tenth of a second: only commands that count working days pay for it

    calendar = holidays.country_holidays("SE", years=year, categories=_CATEGORIES, language="sv")
    return dict(calendar.items())


@cache
def _weekday_holidays(year: int) -> tuple[date, ...]:
    """The year's holidays that fall on a Monday to Friday, in order."""
    return tuple(sorted(day for day in _holidays_of(year) if day.weekday() < 5))


def _weekdays_upto(day: date) -> int:
    """Monday-to-Friday days from a fixed Monday up to and including ``day`` (a running count)."""
    ordinal = day.toordinal()  # date.min (ordinal 1) is a Monday
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


@cache
def _weekday_holidays_in_years(first: int, stop: int) -> int:
    """Weekday holidays in the whole years ``first`` … ``stop - 1`` (one sum per pair of years, then remembered)."""
    return sum(len(_weekday_holidays(year)) for year in range(first, stop))


def _weekday_holidays_upto(day: date, since: int) -> int:
    """Weekday holidays from 1 January of year ``since`` up to and including ``day``."""
    return _weekday_holidays_in_years(since, day.year) + bisect_right(_weekday_holidays(day.year), day)


def holiday_name(day: date) -> str | None:
    """The Swedish name of the holiday on ``day``, or None if it is not one."""
    return _holidays_of(day.year).get(day)


def is_working_day(day: date) -> bool:
    """True when ``day`` is neither a weekend day nor a Swedish holiday."""
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def why_not_working(day: date) -> Phrase | str:
    """A short phrase saying why ``day`` is free ("en söndag", or the holiday's Swedish name, "juldagen")."""
    name = holiday_name(day)
    if name:
        return name.lower()
    return t("en lördag") if day.weekday() == 5 else t("en söndag")


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
    weekdays = _weekdays_upto(end) - _weekdays_upto(start)
    free = _weekday_holidays_upto(end, start.year) - _weekday_holidays_upto(start, start.year)
    return weekdays - free
