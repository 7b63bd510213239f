"""The door to implementation plans (R19), as a Protocol: what the plan services ask of storage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from kgflow.domain.plans import Activity, ChaseDays


class PlanRepository(Protocol):
    """Plans per (item, LPO) and their activities."""

    def plan_id(self, item_id: int, org_id: int) -> int | None:
        """The plan of an item at an LPO, if it has one."""
        ...

    def ensure(self, item_id: int, org_id: int, now: datetime) -> int:
        """The plan of an item at an LPO, made now if it has none."""
        ...

    def of_items(self, item_ids: Sequence[int]) -> list[tuple[int, int, Activity]]:
        """(item id, LPO id, activity) of every plan of these items."""
        ...

    def activities(self, plan_id: int) -> list[Activity]:
        """The plan's activities by number, each with the code of the person its genomförande names."""
        ...

    def write(
        self, plan_id: int, activities: Sequence[Activity], people: Mapping[str, int], by: str, now: datetime
    ) -> None:
        """Add or replace these activities (by number), in one statement each way; ``people`` maps codes to ids."""
        ...

    def remove(self, plan_id: int, numbers: Sequence[int]) -> None:
        """Remove the activities numbered ``numbers``."""
        ...

    def facts(self) -> dict[str, dict[str, Any]]:
        """Every activity of every plan as the history records it, by its key (for ``audit verify``)."""
        ...

    def queue_late(self, days: ChaseDays, now: datetime) -> dict[str, int]:
        """Queue the notices about late activities, at most once per activity, rung and person; new ones by rung."""
        ...

    def count_late(self, days: ChaseDays, now: datetime) -> dict[str, int]:
        """How many notices ``queue_late`` would add, by rung."""
        ...
