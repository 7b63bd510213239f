"""Loading what the rules of one step need, before any rule is asked.

Each rule that looks beyond the acting instance says so here: R3 looks at the
parent's instance, R4 at the children's, a referral at the tree below. The
loader reads only what the event's rules need, one query each.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from kgflow.definitions.model import EventDef
from kgflow.domain.errors import UsageError
from kgflow.domain.model import Instance, Organisation
from kgflow.domain.rules.step import Facts, ReferralFacts, Relative
from kgflow.domain.wording import t
from kgflow.engine.machine import CompiledWorkflow
from kgflow.service.ports import Subject, UnitOfWork

NEEDS_PARENT = frozenset({"parent_still_collecting"})
NEEDS_CHILDREN = frozenset({"children_settled"})
NEEDS_REFERRAL = frozenset({"fan_out"})


def load_facts(
    uow: UnitOfWork,
    workflow: CompiledWorkflow,
    subject: Subject,
    event: EventDef,
    *,
    fields: Mapping[str, Any],
    note: str | None,
    force: bool,
    today: date,
) -> Facts:
    """The facts of ``event`` at ``subject``, with the parent, children or tree its rules need."""
    instance = subject.instance
    named = {*event.guards, *event.warnings, *event.effects}
    parent = None
    if named & NEEDS_PARENT and instance.parent_id is not None:
        found = uow.instances.with_org(instance.parent_id)
        parent = _relative(workflow, *found) if found is not None else None
    children: tuple[Relative, ...] = ()
    if named & NEEDS_CHILDREN:
        children = tuple(_relative(workflow, child, org) for child, org in uow.instances.children(instance.id))
    return Facts(
        where=subject.org.name,
        doing=event.label,
        sources=frozenset(event.sources),
        level=instance.level,
        target_level=instance.target_level,
        due=instance.due,
        today=today,
        held=instance.held_since is not None,
        fields=fields,
        note=note,
        force=force,
        parent=parent,
        children=children,
        referral=_referral(uow, workflow, subject.org) if named & NEEDS_REFERRAL else None,
    )


def _relative(workflow: CompiledWorkflow, other: Instance, org: Organisation) -> Relative:
    return Relative(org.name, other.state, workflow.label(other.state))


def _referral(uow: UnitOfWork, workflow: CompiledWorkflow, org: Organisation) -> ReferralFacts:
    definition = workflow.definition
    referral = definition.referral
    if referral is None:
        raise UsageError(
            t("Arbetsflödet {workflow} säger inte hur ett kunskapsstöd skickas på remiss.", workflow=definition.name)
        )
    deadline = definition.states[referral.state].deadline
    root = org
    if referral.below == "parent" and org.parent_id is not None:
        root = uow.orgs.by_ids([org.parent_id])[org.parent_id]
    return ReferralFacts(
        subtree=tuple(uow.orgs.subtree(root)),
        referring=org,
        state=referral.state,
        participants=frozenset(definition.participants),
        margins=dict(deadline.before_parent) if deadline is not None else {},
    )
