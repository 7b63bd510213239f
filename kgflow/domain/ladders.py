"""Escalation ladders (R11): which rung a late or nearly late step has reached.

A state's ladder has up to four kinds of rung, in order: a *reminder* N working
days before the deadline, a *notice* on the deadline, then *escalations* M₁, M₂, …
working days after it — the first to the parent organisation's responsible role,
the second to the grandparent's. Each rung has a window: it is the current rung
from its own day until the next rung's day. Only the current rung is sent, once
per instance and step, so a sweep that was down for days catches up with the rung
reached, not with every rung it missed.

For the sweep, a window becomes a range of due dates: on a given day, the steps
whose current rung is R are exactly those with ``low < due <= high``. The range
is computed once per sweep and the database finds the rows with its index on
due dates, so the cost follows the number of rungs due, not of instances.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from kgflow.domain.calendar import working_days_after
from kgflow.domain.durations import Duration

REMINDER = "reminder"
NOTICE = "notice"
SEARCH_DAYS = 2000


def escalation(level: int) -> str:
    """The name of the ``level``-th escalation rung (1 = parent, 2 = grandparent)."""
    return f"escalation-{level}"


@dataclass(frozen=True)
class Rung:
    """A rung: its name, how many organisations up it goes, and how far from the deadline it fires."""

    name: str
    levels_up: int
    shift: Duration | None = None
    before: bool = False

    def fires(self, due: date) -> date:
        """The day this rung fires for a step due on ``due`` (always a working day)."""
        if self.shift is None:
            return working_days_after(due, 0)
        return self.shift.before(due) if self.before else working_days_after(self.shift.after(due), 0)


def rungs(reminder: Duration | None, notice: bool, escalations: tuple[Duration, ...]) -> list[Rung]:
    """A ladder's rungs in firing order."""
    result: list[Rung] = []
    if reminder is not None:
        result.append(Rung(REMINDER, 0, reminder, before=True))
    if notice:
        result.append(Rung(NOTICE, 0))
    for level, shift in enumerate(escalations, start=1):
        result.append(Rung(escalation(level), level, shift))
    return result


@dataclass(frozen=True)
class DueRange:
    """Steps with ``low < due <= high`` are at this rung today (``low`` None: no lower bound)."""

    rung: Rung
    low: date | None
    high: date


def _latest_due(fires: Callable[[date], date], today: date) -> date:
    """The latest due date whose rung has fired by ``today`` (``fires`` never decreases)."""
    low, high = today - timedelta(days=SEARCH_DAYS), today + timedelta(days=SEARCH_DAYS)
    while low < high:
        middle = low + (high - low + timedelta(days=1)) // 2
        if fires(middle) <= today:
            low = middle
        else:
            high = middle - timedelta(days=1)
    return low


def due_ranges(ladder: list[Rung], today: date) -> list[DueRange]:
    """For each rung, the due dates of the steps that have reached exactly that rung today."""
    highs = [_latest_due(rung.fires, today) for rung in ladder]
    return [
        DueRange(rung, highs[index + 1] if index + 1 < len(ladder) else None, highs[index])
        for index, rung in enumerate(ladder)
        if index + 1 >= len(ladder) or highs[index] > highs[index + 1]
    ]


def rung_reached(ladder: list[Rung], due: date, today: date) -> Rung | None:
    """The rung a step due on ``due`` has reached today, or None before its first rung."""
    reached = None
    for rung in ladder:
        if rung.fires(due) <= today:
            reached = rung
    return reached
