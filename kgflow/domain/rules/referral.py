"""Referring an item on remiss: who is asked (R1) and by when (R2)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date

from kgflow.domain.calendar import is_working_day, why_not_working
from kgflow.domain.durations import Duration
from kgflow.domain.errors import UsageError
from kgflow.domain.model import Organisation
from kgflow.domain.rules.step import Decision, Facts, Planned
from kgflow.domain.wording import t


def referral_plan(
    subtree: Sequence[Organisation],
    referring: Organisation,
    state: str,
    due: date,
    participants: Collection[str],
    margins: Mapping[str, Duration],
) -> tuple[Planned, ...]:
    """R1/R2: one instance for every participant below the root (``subtree[0]``), each due a margin before its parent.

    A participant directly under the root answers to the referring owner; the
    owner itself is never asked. An organisation with several parents (a
    kommun under the LPOs of several programområden, Region Halland's LPOs under
    two RPOs) is asked once, under the first of its parents — the primary first —
    that is asked too. ``subtree`` lists parents before children.
    """
    root = subtree[0]
    deadlines: dict[int | None, date] = {root.id: due}
    plan: list[Planned] = []
    for org in subtree[1:]:
        parent = next((p for p in org.parent_ids if p in deadlines), None)
        if org.kind not in participants or parent is None or org.id == referring.id or org.id in deadlines:
            continue
        margin = margins.get(org.kind)
        parent_due = deadlines[parent]
        own_due = margin.before(parent_due) if margin is not None else parent_due
        deadlines[org.id] = own_due
        plan.append(Planned(org.id, state, own_due, parent))
    return tuple(plan)


def check_referral_due(due: date, today: date, plan: Sequence[Planned]) -> None:
    """R2: a remiss deadline is a working day after today, and leaves time for everyone below.

    Raises:
        UsageError: with the date and why it cannot be used.
    """
    if not is_working_day(due):
        raise UsageError(
            t(
                "Sista dag {due} är {why}, inte en arbetsdag; välj en arbetsdag.",
                due=due.isoformat(),
                why=why_not_working(due),
            )
        )
    if due <= today:
        raise UsageError(
            t(
                "Sista dag {due} är inte efter i dag ({today}); välj ett senare datum.",
                due=due.isoformat(),
                today=today.isoformat(),
            )
        )
    earliest = min((row.due for row in plan if row.due is not None), default=due)
    if earliest <= today:
        raise UsageError(
            t(
                "Med sista dag {due} skulle organisationerna längst ned behöva svara senast {earliest}, vilket "
                "inte är efter i dag; ange en senare sista dag.",
                due=due.isoformat(),
                earliest=earliest.isoformat(),
            )
        )


def plan_referral(facts: Facts, decision: Decision) -> Decision:
    """R1/R2 as a rule: check the deadline given and plan the instances the referral creates."""
    referral = facts.referral
    assert referral is not None  # the service loads the referral's facts for fan_out
    due = date.fromisoformat(str(facts.fields["due"]))
    plan = referral_plan(
        referral.subtree, referral.referring, referral.state, due, referral.participants, referral.margins
    )
    check_referral_due(due, facts.today, plan)
    return decision.but(planned=plan)
