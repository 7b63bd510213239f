"""The notices one rung of a ladder writes, as one SELECT the outbox inserts from (or counts, in a dry run).

The steps in the rung's due-date window are found first through the index on
(state, due), then joined to the people each recipient of the rung names (by
role and relation, :mod:`~kgflow.persistence.repositories.rung_recipients`);
rungs a catch-up passes over come out as skipped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, and_, case, exists, literal, select, true, union_all

from kgflow.domain.ladders import OWN_RUNGS, Outcome
from kgflow.persistence.repositories.rung_recipients import recipient_select
from kgflow.persistence.tables import instance, notice, organisation
from kgflow.service.ports import RungWindow

NOTICE_COLUMNS = [
    "instance_id",
    "step",
    "rung",
    "person_id",
    "recipient_org_id",
    "state",
    "due",
    "created_at",
    "status",
]
"""The notice columns a rung's SELECT gives, in the order the INSERT names them."""


def rung_select(window: RungWindow, now: datetime) -> Any:
    """The notices a rung writes: steps in its window, joined to whoever each recipient names.

    The steps are found first, through the index on (state, due), and only
    then joined to organisations and roles — as a materialised CTE, so no
    planner is tempted to walk every instance of every organisation instead.
    A step past the rung (``due <= low``) is taken only while the rung is
    still unwritten for it, and is written as skipped unless the rung is the
    one that tells the organisation itself and nothing has told it yet.
    """
    rung = window.rung.name
    conditions = [
        instance.c.state == window.state,
        instance.c.due <= window.high,
        instance.c.workflow == window.workflow,
        instance.c.workflow_version == window.version,
        # A held step is neither late nor chased (R16).
        instance.c.held_since.is_(None),
    ]
    if window.item_id is not None:
        conditions.append(instance.c.item_id == window.item_id)
    if window.low is not None:
        written = exists().where(
            (notice.c.instance_id == instance.c.id) & (notice.c.step == instance.c.version) & (notice.c.rung == rung)
        )
        conditions.append((instance.c.due > window.low) | ~written)
    steps = (
        select(
            instance.c.id,
            instance.c.version,
            instance.c.org_id,
            instance.c.parent_id,
            instance.c.state,
            instance.c.due,
        )
        .where(and_(*conditions))
        .cte("due_steps")
        .prefix_with("MATERIALIZED")
    )
    status: Any = literal(Outcome.SEND.value)
    if window.low is not None:
        told = exists().where(
            (notice.c.instance_id == steps.c.id)
            & (notice.c.step == steps.c.version)
            & notice.c.rung.in_(OWN_RUNGS)
            & (notice.c.status != Outcome.SKIP.value)
        )
        sent = (steps.c.due > window.low) | ~told if window.telling else steps.c.due > window.low
        status = case((sent, literal(Outcome.SEND.value)), else_=literal(Outcome.SKIP.value))
    columns = [
        steps.c.id.label("instance_id"),
        steps.c.version.label("step"),
        literal(rung).label("rung"),
        steps.c.state.label("state"),
        steps.c.due.label("due"),
        literal(now, DateTime(timezone=True)).label("created_at"),
        status.label("status"),
    ]
    parts: list[Any] = []
    for recipient in window.rung.recipients:
        own = organisation.alias("own")
        part = recipient_select(steps, own, recipient, window.responsible, columns)
        if window.kinds:
            part = part.where(own.c.kind.in_(sorted(window.kinds)))
        parts.append(part)
    together: Any = parts[0] if len(parts) == 1 else union_all(*parts)
    combined = together.subquery("rung_notices")
    return (
        select(*(combined.c[name] for name in NOTICE_COLUMNS))
        .select_from(combined)
        # SQLite needs a WHERE before ON CONFLICT to tell an upsert from a join constraint.
        .where(true())
    )
