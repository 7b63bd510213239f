"""A cron trigger that fires once per wall-clock time, also on the nights the clocks change.

APScheduler 3's ``CronTrigger`` fires twice for a time inside the hour that is
repeated when Europe/Stockholm falls back (02:30 CEST, then 02:30 CET), and
asked again just after the second it can return it once more. A sweep must
neither be skipped nor doubled, so this wrapper skips any fire time whose
local wall-clock time is not later than the previous one. On the spring-forward
night a time in the missing hour still fires once (APScheduler moves it on).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from kgflow.domain.clock import STOCKHOLM

MAX_SKIPS = 4


def _wall(moment: datetime) -> datetime:
    return moment.astimezone(STOCKHOLM).replace(tzinfo=None)


class WallClockTrigger(BaseTrigger):  # type: ignore[misc]
    """Wraps a ``CronTrigger`` so each wall-clock time fires once."""

    def __init__(self, inner: CronTrigger) -> None:
        self.inner = inner

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        """The inner trigger's next time, past any repetition of the previous wall-clock time."""
        candidate: datetime | None = self.inner.get_next_fire_time(previous_fire_time, now)
        skips = 0
        while (
            candidate is not None and previous_fire_time is not None and _wall(candidate) <= _wall(previous_fire_time)
        ):
            skips += 1
            if skips > MAX_SKIPS:
                return None
            # The repeated hour: take the repeat as done and ask for the one after it.
            # Compare in UTC: aware datetimes sharing a tzinfo compare by wall time, ignoring the fold.
            later = max(now.astimezone(UTC), candidate.astimezone(UTC) + timedelta(seconds=1))
            candidate = self.inner.get_next_fire_time(candidate, later)
        return candidate

    def __str__(self) -> str:
        return f"wall-clock {self.inner}"

    def __getstate__(self) -> dict[str, Any]:
        return {"inner": self.inner}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.inner = state["inner"]
