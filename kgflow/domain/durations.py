"""Durations as written in workflow files: "5 working days", "2 weeks", "10 arbetsdagar".

A duration is counted in working days (see :mod:`kgflow.domain.calendar`),
calendar days or weeks. Parsing is strict: anything else is refused with a
sentence that shows what would have been accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kgflow.domain.calendar import working_days_after, working_days_before
from kgflow.domain.wording import Phrase, marked, t, tn


class DurationUnit(StrEnum):
    """What a duration counts."""

    WORKING_DAYS = "working days"
    DAYS = "days"
    WEEKS = "weeks"


_UNITS: dict[str, DurationUnit] = {
    "working day": DurationUnit.WORKING_DAYS,
    "working days": DurationUnit.WORKING_DAYS,
    "arbetsdag": DurationUnit.WORKING_DAYS,
    "arbetsdagar": DurationUnit.WORKING_DAYS,
    "day": DurationUnit.DAYS,
    "days": DurationUnit.DAYS,
    "dag": DurationUnit.DAYS,
    "dagar": DurationUnit.DAYS,
    "week": DurationUnit.WEEKS,
    "weeks": DurationUnit.WEEKS,
    "vecka": DurationUnit.WEEKS,
    "veckor": DurationUnit.WEEKS,
}

_PATTERN = re.compile(r"^\s*(\d{1,4})\s+([a-zåäö ]+?)\s*$")

EXAMPLES = marked('"10 arbetsdagar", "5 dagar" eller "2 veckor" (eller working days, days, weeks)')


class BadDuration(ValueError):
    """The text is not a duration; ``reason`` (a phrase) says what is accepted, ``str()`` renders it."""

    def __init__(self, reason: Phrase) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return str(self.reason)


@dataclass(frozen=True)
class Duration:
    """A non-negative amount of working days, days or weeks."""

    amount: int
    unit: DurationUnit

    def before(self, day: date) -> date:
        """The date this long before ``day``; working-day durations land on a working day."""
        if self.unit is DurationUnit.WORKING_DAYS:
            return working_days_before(day, self.amount)
        return day - self._as_timedelta()

    def after(self, day: date) -> date:
        """The date this long after ``day``; working-day durations land on a working day."""
        if self.unit is DurationUnit.WORKING_DAYS:
            return working_days_after(day, self.amount)
        return day + self._as_timedelta()

    def _as_timedelta(self) -> timedelta:
        days = self.amount * 7 if self.unit is DurationUnit.WEEKS else self.amount
        return timedelta(days=days)

    def phrase(self) -> Phrase:
        """ "10 arbetsdagar", "1 dag", "2 veckor" — in the reader's language when shown."""
        if self.unit is DurationUnit.WORKING_DAYS:
            return tn("{count} arbetsdag", "{count} arbetsdagar", self.amount)
        if self.unit is DurationUnit.DAYS:
            return tn("{count} dag", "{count} dagar", self.amount)
        return tn("{count} vecka", "{count} veckor", self.amount)

    def __str__(self) -> str:
        return str(self.phrase())


def parse_duration(text: str) -> Duration:
    """Read a duration such as "5 working days".

    Raises:
        BadDuration: when ``text`` is not a whole number followed by a known unit.
    """
    match = _PATTERN.match(text.lower())
    unit = _UNITS.get(match.group(2)) if match else None
    if match is None or unit is None:
        raise BadDuration(
            t("{text!r} är ingen tidsrymd; skriv till exempel {examples}", text=text, examples=t(EXAMPLES))
        )
    return Duration(int(match.group(1)), unit)
