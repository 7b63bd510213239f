"""Implementation plans and their activities in SQL (R19): set-based writes, one query per read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    DateTime,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    true,
    union_all,
    update,
)

from kgflow.domain.ladders import NOTICE, Outcome
from kgflow.domain.plans import Activity, ActivityStatus, ChaseDays
from kgflow.persistence.repositories.rows import aware
from kgflow.persistence.repositories.upsert import insert_or_skip
from kgflow.persistence.tables import (
    implementation_plan,
    instance,
    item,
    notice,
    organisation,
    person,
    plan_activity,
    role_assignment,
)

ESCALATION = "escalation-1"
SECRETARY = "sekreterare"
_NOTICE_COLUMNS = [
    "instance_id", "step", "rung", "person_id", "recipient_org_id", "state", "due", "created_at", "status",
    "activity_id",
]  # fmt: skip


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
        changed_at=aware(row.changed_at),
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

    def of_items(self, item_ids: Sequence[int]) -> list[tuple[int, int, Activity]]:
        """(item id, LPO id, activity) of every plan of these items, in one query."""
        if not item_ids:
            return []
        query = (
            select(implementation_plan.c.item_id, implementation_plan.c.org_id, *_ACTIVITY_COLUMNS)
            .join(plan_activity, plan_activity.c.plan_id == implementation_plan.c.id)
            .outerjoin(person, person.c.id == plan_activity.c.performer_id)
            .where(implementation_plan.c.item_id.in_(list(item_ids)))
            .order_by(implementation_plan.c.id, plan_activity.c.number)
        )
        return [(row.item_id, row.org_id, _activity(row)) for row in self._c.execute(query)]

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

    # ------------------------------------------------------------------ chasing
    def _late(self, days: ChaseDays, now: datetime) -> Any:
        """The notices the sweep writes for late activities: one statement, three ways to a recipient.

        Told (``notice``): the person the genomförande names, or else the LPO's
        sekreterare. Escalated (``escalation-1``, more than five working days
        late): the LPO's sekreterare, when the genomförande names someone else.
        Only activities still planned, on items that have reached the LPO and
        are not held there (R16).
        """
        found = (
            select(
                plan_activity.c.id.label("activity_id"),
                plan_activity.c.performer_id,
                plan_activity.c.due,
                implementation_plan.c.org_id,
                instance.c.id.label("instance_id"),
                instance.c.state,
            )
            .join(implementation_plan, implementation_plan.c.id == plan_activity.c.plan_id)
            .join(
                instance,
                (instance.c.item_id == implementation_plan.c.item_id)
                & (instance.c.org_id == implementation_plan.c.org_id),
            )
            .where(
                (plan_activity.c.status == ActivityStatus.PLANNED.value)
                & (plan_activity.c.due <= days.told_by)
                & instance.c.held_since.is_(None)
            )
            .cte("late_activities")
        )
        secretary = role_assignment.alias("secretary")

        def part(rung: str, person_id: Any) -> Any:
            return select(
                found.c.instance_id,
                (-found.c.activity_id).label("step"),
                literal(rung).label("rung"),
                person_id.label("person_id"),
                found.c.org_id.label("recipient_org_id"),
                found.c.state,
                found.c.due,
                literal(now, DateTime(timezone=True)).label("created_at"),
                literal(Outcome.SEND.value).label("status"),
                found.c.activity_id,
            )

        on_lpo = (secretary.c.org_id == found.c.org_id) & (secretary.c.role == SECRETARY)
        performer = part(NOTICE, found.c.performer_id).where(found.c.performer_id.is_not(None))
        no_performer = part(NOTICE, secretary.c.person_id).join(secretary, on_lpo).where(found.c.performer_id.is_(None))
        escalated = (
            part(ESCALATION, secretary.c.person_id)
            .join(secretary, on_lpo)
            .where(
                found.c.performer_id.is_not(None)
                & (secretary.c.person_id != found.c.performer_id)
                & (found.c.due <= days.escalated_by)
            )
        )
        together = union_all(performer, no_performer, escalated).subquery("plan_notices")
        return select(*(together.c[name] for name in _NOTICE_COLUMNS)).select_from(together).where(true())

    def queue_late(self, days: ChaseDays, now: datetime) -> dict[str, int]:
        """Queue a notice per late activity and recipient, at most once each; returns how many were new, by rung."""
        statement = (
            insert_or_skip(self._c, notice)
            .from_select(_NOTICE_COLUMNS, self._late(days, now))
            .on_conflict_do_nothing(index_elements=["instance_id", "step", "rung", "person_id"])
            .returning(notice.c.rung)
        )
        written = [row.rung for row in self._c.execute(statement)]
        return {rung: written.count(rung) for rung in sorted(set(written))}

    def count_late(self, days: ChaseDays, now: datetime) -> dict[str, int]:
        """How many notices ``queue_late`` would add, by rung (for ``sweep --dry-run``)."""
        query = self._late(days, now).subquery()
        already = exists().where(
            (notice.c.instance_id == query.c.instance_id)
            & (notice.c.step == query.c.step)
            & (notice.c.rung == query.c.rung)
            & (notice.c.person_id == query.c.person_id)
        )
        rows = self._c.execute(select(query.c.rung, func.count()).where(~already).group_by(query.c.rung))
        return {row[0]: int(row[1]) for row in rows}
