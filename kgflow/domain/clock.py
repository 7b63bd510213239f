"""Time, passed in rather than read: the clock the rest of kgflow is given.

Deadlines are dates in Europe/Stockholm; history timestamps are aware UTC
datetimes. Nothing in the domain calls ``datetime.now()``: it asks a clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class Clock(Protocol):
    """Where "now" comes from."""

    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...

    def today(self) -> date:
        """The current date in Europe/Stockholm."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """Today's date in Stockholm."""
        return self.now().astimezone(STOCKHOLM).date()


class AsOfClock:
    """Runs as of another date (``--today``): that date, at the real time of day."""

    def __init__(self, today: date, base: Clock | None = None) -> None:
        self._today = today
        self._base = base or SystemClock()

    def now(self) -> datetime:
        """The real time of day, on the chosen date, in Stockholm, as UTC."""
        local_time = self._base.now().astimezone(STOCKHOLM).time()
        return datetime.combine(self._today, local_time, STOCKHOLM).astimezone(UTC)

    def today(self) -> date:
        """The chosen date."""
        return self._today
