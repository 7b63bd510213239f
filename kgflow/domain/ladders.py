"""Escalation ladders (R11): which rungs a late or nearly late step has reached, and whom each one tells.

A ladder has up to four kinds of rung, in order: a *reminder* N working days
before the deadline and a *notice* on the deadline, both to the organisation's
own responsible person, then *escalations* M₁, M₂, … working days after it, each
to the recipients it names by role and relation (:class:`Recipient`): the LPO's
secretary, its chair, the chair of the forum that decides for the late
huvudman — or, for an RPO's or NPO's own step, its own chair.

Each rung is sent at most once per instance and step. On a normal day a step
has reached one new rung, which goes out. When the sweep finds several rungs due
at once (it was down, or a deadline was set in the past), :func:`catch_up` plans
them: the organisation itself is told once — its notice, or its reminder when
the ladder has no notice — unless it has already been told on this step; the
highest rung reached goes out; every rung in between is recorded as *skipped*
and never sent.

For the sweep, a rung becomes a range of due dates: on a given day the steps
whose highest rung is R are exactly those with ``low < due <= high``, and the
steps that have passed R are those with ``due <= low``. The ranges are
computed once per sweep and the database finds the rows with its index on due
dates, so the cost follows the number of late steps, not of instances.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kgflow.domain.calendar import working_days_after
from kgflow.domain.durations import Duration

REMINDER = "reminder"
NOTICE = "notice"
OWN_RUNGS = (REMINDER, NOTICE)
RESPONSIBLE = "responsible"
FORUM = "forum"
SEARCH_DAYS = 2000


def escalation(level: int) -> str:
    """The name of the ``level``-th escalation rung (1 = the first after the deadline)."""
    return f"escalation-{level}"


def escalation_level(rung: str) -> int:
    """Which escalation ``rung`` is (``escalation-2`` → 2); 0 for the organisation's own rungs."""
    prefix = escalation(0)[:-1]
    return int(rung.removeprefix(prefix)) if rung.startswith(prefix) else 0


@dataclass(frozen=True)
class Recipient:
    """Whom a rung tells: a role, and where it is held.

    ``role``: a role of the workflow, or ``responsible`` — the role that answers
    for the organisation where it is held. ``at``: None — the step's own
    organisation; a kind of organisation (``lpo``) — the nearest organisation of
    that kind above the step in the item's chain; ``forum`` — the forums of the
    step's län that decide for its huvudman (for an LPO's or LAG's own step:
    every forum of its län).
    """

    role: str
    at: str | None = None

    def __str__(self) -> str:
        return self.role if self.at is None else f"{self.role}@{self.at}"


OWN = (Recipient(RESPONSIBLE),)


@dataclass(frozen=True)
class Escalation:
    """One escalation of a ladder: how long after the deadline, and to whom."""

    after: Duration
    to: tuple[Recipient, ...]


@dataclass(frozen=True)
class Rung:
    """A rung: its name, whom it tells, and how far from the deadline it fires."""

    name: str
    recipients: tuple[Recipient, ...] = OWN
    shift: Duration | None = None
    before: bool = False

    @property
    def own(self) -> bool:
        """Whether the rung tells the organisation itself (a reminder or the notice)."""
        return self.name in OWN_RUNGS

    def fires(self, due: date) -> date:
        """The day this rung fires for a step due on ``due`` (always a working day)."""
        if self.shift is None:
            return working_days_after(due, 0)
        return self.shift.before(due) if self.before else working_days_after(self.shift.after(due), 0)


def rungs(reminder: Duration | None, notice: bool, escalations: tuple[Escalation, ...]) -> list[Rung]:
    """A ladder's rungs in firing order."""
    result: list[Rung] = []
    if reminder is not None:
        result.append(Rung(REMINDER, OWN, reminder, before=True))
    if notice:
        result.append(Rung(NOTICE, OWN))
    for level, step in enumerate(escalations, start=1):
        result.append(Rung(escalation(level), step.to, step.after))
    return result


def telling_rung(ladder: list[Rung]) -> Rung | None:
    """The rung that tells the organisation itself when rungs are caught up: its notice, else its reminder."""
    own = [rung for rung in ladder if rung.own]
    return next((rung for rung in own if rung.name == NOTICE), own[0] if own else None)


class Outcome(StrEnum):
    """What the sweep does with a rung of one step."""

    SEND = "queued"
    SKIP = "skipped"


def catch_up(ladder: list[Rung], due: date, today: date, recorded: Collection[str], told: bool) -> dict[str, Outcome]:
    """The rungs a sweep writes today for one step, and whether each is sent or recorded as skipped.

    Args:
        ladder: the rungs in firing order.
        due: the step's deadline.
        today: the day of the sweep.
        recorded: the rungs already written for this step (sent or skipped).
        told: whether the organisation itself has already been told on this step.
    """
    fired = [rung for rung in ladder if rung.fires(due) <= today]
    if not fired:
        return {}
    highest, telling = fired[-1], telling_rung(ladder)
    plan: dict[str, Outcome] = {}
    for rung in fired:
        if rung.name in recorded:
            continue
        sent = rung is highest or (rung is telling and not told and not highest.own)
        plan[rung.name] = Outcome.SEND if sent else Outcome.SKIP
    return plan


@dataclass(frozen=True)
class DueRange:
    """Steps with ``low < due <= high`` are at this rung today, those with ``due <= low`` past it.

    ``low`` None: the highest rung, which no step passes. ``telling``: the rung
    tells the organisation itself when it is caught up (see :func:`catch_up`).
    """

    rung: Rung
    low: date | None
    high: date
    telling: bool = False


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
    """For each rung, the due dates of the steps that have reached it today (and of those past it)."""
    highs = [_latest_due(rung.fires, today) for rung in ladder]
    telling = telling_rung(ladder)
    return [
        DueRange(rung, highs[index + 1] if index + 1 < len(ladder) else None, highs[index], rung is telling)
        for index, rung in enumerate(ladder)
    ]


def rung_reached(ladder: list[Rung], due: date, today: date) -> Rung | None:
    """The rung a step due on ``due`` has reached today, or None before its first rung."""
    reached = None
    for rung in ladder:
        if rung.fires(due) <= today:
            reached = rung
    return reached
