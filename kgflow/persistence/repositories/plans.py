"""Implementation plans and their activities in SQL (R19): set-based writes, one query per read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from kgflow.domain.plans import Activity, ActivityStatus
from kgflow.persistence.tables import implementation_plan, item, organisation, person, plan_activity


def _activity(row: Any) -> Activity:
    return Activity(
        number=row.number,
        target_group=row.target_group,
        what=row.what,
        venue=row.venue,
        performer=row.performer,
        schedule=row.schedule,
        due=row.due,
        status=ActivityStatus(row.status),
        note=row.note,
        performer_code=row.performer_code,
        changed_by=row.changed_by,
    )


_ACTIVITY_COLUMNS = (*plan_activity.c, person.c.code.label("performer_code"))


class SqlPlans:
    """Plans in SQL."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def plan_id(self, item_id: int, org_id: int) -> int | None:
        """The plan of an item at an LPO, if it has one."""
        found = self._c.execute(
            select(implementation_plan.c.id).where(
                (implementation_plan.c.item_id == item_id) & (implementation_plan.c.org_id == org_id)
            )
        ).scalar()
        return int(found) if found is not None else None

    def ensure(self, item_id: int, org_id: int, now: datetime) -> int:
        """The plan of an item at an LPO, made now if it has none (callers hold the write turn)."""
        found = self.plan_id(item_id, org_id)
        if found is not None:
            return found
        return int(
            self._c.execute(
                insert(implementation_plan)
                .values(item_id=item_id, org_id=org_id, created_at=now)
                .returning(implementation_plan.c.id)
            ).scalar_one()
        )

    def activities(self, plan_id: int) -> list[Activity]:
        """The plan's activities by number."""
        query = (
            select(*_ACTIVITY_COLUMNS)
            .outerjoin(person, person.c.id == plan_activity.c.performer_id)
            .where(plan_activity.c.plan_id == plan_id)
            .order_by(plan_activity.c.number)
        )
        return [_activity(row) for row in self._c.execute(query)]

    def write(
        self, plan_id: int, activities: Sequence[Activity], people: Mapping[str, int], by: str, now: datetime
    ) -> None:
        """Add or replace these activities (by number): one multi-row UPDATE and one multi-row INSERT.

        An activity changed keeps its row (and its id), so what the sweep has
        already sent about it stays sent once.
        """
        if not activities:
            return
        numbers = [a.number for a in activities]
        existing = {
            row.number: row.id
            for row in self._c.execute(
                select(plan_activity.c.number, plan_activity.c.id).where(
                    (plan_activity.c.plan_id == plan_id) & plan_activity.c.number.in_(numbers)
                )
            )
        }
        values = [
            {
                "plan_id": plan_id,
                "number": a.number,
                "target_group": a.target_group,
                "what": a.what,
                "venue": a.venue,
                "performer": a.performer,
                "performer_id": people.get(a.performer_code) if a.performer_code else None,
                "schedule": a.schedule,
                "due": a.due,
                "status": a.status.value,
                "note": a.note,
                "changed_by": by,
                "changed_at": now,
            }
            for a in activities
        ]
        changed = [{"row_id": existing[v["number"]], **v} for v in values if v["number"] in existing]
        if changed:
            columns: dict[str, Any] = {name: bindparam(name) for name in values[0] if name not in ("plan_id", "number")}
            self._c.execute(
                update(plan_activity).where(plan_activity.c.id == bindparam("row_id")).values(columns), changed
            )
        fresh = [v for v in values if v["number"] not in existing]
        if fresh:
            self._c.execute(insert(plan_activity), fresh)

    def remove(self, plan_id: int, numbers: Sequence[int]) -> None:
        """Remove the activities numbered ``numbers``."""
        if numbers:
            self._c.execute(
                delete(plan_activity).where(
                    (plan_activity.c.plan_id == plan_id) & plan_activity.c.number.in_(list(numbers))
                )
            )

    def facts(self) -> dict[str, dict[str, Any]]:
        """Every activity of every plan as the history records it, by its key."""
        query = (
            select(*_ACTIVITY_COLUMNS, item.c.code.label("item_code"), organisation.c.code.label("org_code"))
            .join(implementation_plan, implementation_plan.c.id == plan_activity.c.plan_id)
            .join(item, item.c.id == implementation_plan.c.item_id)
            .join(organisation, organisation.c.id == implementation_plan.c.org_id)
            .outerjoin(person, person.c.id == plan_activity.c.performer_id)
        )
        facts = {}
        for row in self._c.execute(query):
            fact = _activity(row).as_fact(row.item_code, row.org_code)
            facts[fact["key"]] = fact
        return facts
