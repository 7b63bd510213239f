"""Remiss fan-out (R1) with cascading deadlines (R2), as set-based writes.

Referring an item creates one instance for every participant organisation
below the owner — every RPO, the LPOs under them, the LAGs and huvudmän under
each LPO, their units — in the referral state. Each deadline is its parent's
minus the margin the workflow sets for that kind of organisation, counted in
Swedish working days. The whole tree is written with one multi-row INSERT of
instances, one UPDATE linking parents and one multi-row INSERT of history.
"""

from __future__ import annotations

from datetime import date

from kgflow.domain.calendar import is_working_day, why_not_working
from kgflow.domain.errors import UsageError
from kgflow.domain.model import HistoryEntry, VersionStatus
from kgflow.faults import fault_point
from kgflow.service.event_context import EventContext
from kgflow.service.ports import NewInstance

PLAN = "fan_out_plan"


def check_referral_due(ctx: EventContext) -> None:
    """Refuse a remiss deadline that is not a working day, or leaves no time below.

    Raises:
        UsageError: with the date and why it cannot be used.
    """
    due = date.fromisoformat(str(ctx.fields["due"]))
    if not is_working_day(due):
        raise UsageError(
            f"The deadline {due.isoformat()} is {why_not_working(due)}, not a working day; choose a working day."
        )
    if due <= ctx.today:
        raise UsageError(f"The deadline {due.isoformat()} is not after today ({ctx.today.isoformat()}).")
    plan = _plan(ctx, due)
    earliest = min((row.due for row in plan if row.due is not None), default=due)
    if earliest <= ctx.today:
        raise UsageError(
            f"With the deadline {due.isoformat()}, organisations furthest down would have to answer by "
            f"{earliest.isoformat()}, which is not after today; give a later deadline."
        )
    ctx.scratch[PLAN] = plan


def _plan(ctx: EventContext, due: date) -> list[NewInstance]:
    definition = ctx.workflow.definition
    referral = definition.referral
    if referral is None:
        raise UsageError(f"The workflow {definition.name} does not say how to refer an item.")
    deadline = definition.states[referral.state].deadline
    margins = deadline.before_parent if deadline is not None else {}
    participants = set(definition.participants)
    root = ctx.org
    if referral.below == "parent" and ctx.org.parent_id is not None:
        root = ctx.uow.orgs.by_ids([ctx.org.parent_id])[ctx.org.parent_id]
    # Deadlines cascade from the owner's; a participant directly under the root answers to the owner.
    included: dict[int, date] = {root.id: due}
    plan: list[NewInstance] = []
    for org in ctx.uow.orgs.subtree(root)[1:]:
        parent_due = included.get(org.parent_id) if org.parent_id is not None else None
        if org.kind not in participants or parent_due is None or org.id == ctx.org.id:
            continue
        margin = margins.get(org.kind)
        own_due = margin.before(parent_due) if margin is not None else parent_due
        included[org.id] = own_due
        plan.append(NewInstance(org.id, referral.state, own_due, org.parent_id))
    return plan


def fan_out(ctx: EventContext) -> None:
    """Create the planned instances and one history row for each."""
    plan: list[NewInstance] = ctx.scratch[PLAN]
    version = ctx.subject.item_version
    ids = ctx.uow.instances.create(version, plan, ctx.now, fallback_parent=ctx.subject.instance.id)
    fault_point("fan-out-midway")
    entries = [
        (
            HistoryEntry(
                instance_id=instance_id,
                at=ctx.now,
                actor=ctx.actor.code,
                event=ctx.event.name,
                from_state=None,
                to_state=row.state,
                fields={
                    "due": row.due.isoformat() if row.due else None,
                    "referred_by": ctx.org.code,
                },
            ),
            version.number,
            None,
        )
        for instance_id, row in zip(ids, plan, strict=True)
    ]
    ctx.uow.history.append_many(entries)
    ctx.uow.items.set_version_status(version.id, VersionStatus.REMISS)
    ctx.created = len(ids)
