"""Loading what the rules of one step need, before any rule is asked.

Each rule that looks beyond the acting instance says so here: R3 looks at the
parent's instance, R4 at the children's, a referral at the tree below, a local
decision (R6) at the forum it names and the huvudmän still waiting for it. The
loader reads only what the event's rules need, a query or two each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from kgflow.definitions.model import EventDef
from kgflow.domain.errors import UsageError
from kgflow.domain.model import Instance, Organisation, OrgKind
from kgflow.domain.rules.step import Facts, ForumFacts, ReferralFacts, Relative
from kgflow.domain.spelling import either, folded
from kgflow.domain.wording import t
from kgflow.engine.machine import CompiledWorkflow
from kgflow.service.naming import not_found
from kgflow.service.ports import Subject, UnitOfWork
from kgflow.service.step_values import below

NEEDS_PARENT = frozenset({"parent_still_collecting"})
NEEDS_CHILDREN = frozenset({"children_settled"})
NEEDS_REFERRAL = frozenset({"fan_out", "refer_revision"})
NEEDS_FORUM = frozenset({"decided_in_forum"})


def needs_parent(event: EventDef) -> bool:
    """True if a rule of ``event`` looks at the parent's instance (R3)."""
    return bool(named_in(event) & NEEDS_PARENT)


def needs_children(event: EventDef) -> bool:
    """True if a rule of ``event`` looks at the children's instances (R4)."""
    return bool(named_in(event) & NEEDS_CHILDREN)


def needs_tree(event: EventDef) -> bool:
    """True if a rule of ``event`` looks at the tree below (a referral) or at the forums of a län (R6)."""
    return bool(named_in(event) & (NEEDS_REFERRAL | NEEDS_FORUM))


def named_in(event: EventDef) -> set[str]:
    """The rules an event names: its guards, warnings and effects."""
    return {*event.guards, *event.warnings, *event.effects}


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
    per_org: Mapping[Organisation, Any] | None = None,
) -> Facts:
    """The facts of ``event`` at ``subject``, with the parent, children or tree its rules need."""
    instance = subject.instance
    named = named_in(event)
    parent = None
    if needs_parent(event) and instance.parent_id is not None:
        parent = uow.instances.with_org(instance.parent_id)
    children = uow.instances.children(instance.id) if needs_children(event) else []
    return facts_of(
        workflow,
        subject,
        event,
        fields=fields,
        note=note,
        force=force,
        today=today,
        parent=parent,
        children=children,
        referral=_referral(uow, workflow, subject.org) if named & NEEDS_REFERRAL else None,
        forum=_forum(uow, workflow, subject, event, fields, per_org or {}) if named & NEEDS_FORUM else None,
    )


def facts_of(
    workflow: CompiledWorkflow,
    subject: Subject,
    event: EventDef,
    *,
    fields: Mapping[str, Any],
    note: str | None,
    force: bool,
    today: date,
    parent: tuple[Instance, Organisation] | None = None,
    children: Sequence[tuple[Instance, Organisation]] = (),
    referral: ReferralFacts | None = None,
    forum: ForumFacts | None = None,
) -> Facts:
    """The facts of ``event`` at ``subject`` from what is already loaded (a single step's reads or a bulk's)."""
    instance = subject.instance
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
        parent=_relative(workflow, *parent) if parent is not None else None,
        children=tuple(_relative(workflow, child, org) for child, org in children),
        referral=referral,
        forum=forum,
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


def _forum(
    uow: UnitOfWork,
    workflow: CompiledWorkflow,
    subject: Subject,
    event: EventDef,
    fields: Mapping[str, Any],
    per_org: Mapping[Organisation, Any],
) -> ForumFacts:
    """R6: the forum the step names, the län's forums, who still waits, and whom the step names."""
    org = subject.org
    forums = tuple(
        body
        for body in uow.orgs.list(kind=OrgKind.BODY.value)
        if (org.lan is not None and body.lan == org.lan) or org.id in body.path
    )
    forum = _named_forum(uow, str(fields.get("body", "")), forums)
    waits_in: set[str] = set()
    if event.cascade is not None:
        definition = workflow.definition
        waits_in = {state for name in event.cascade.events for v in definition.variants(name) for state in v.sources}
    waiting = tuple(
        child for instance, child in uow.instances.children(subject.instance.id) if instance.state in waits_in
    )
    named = None
    if "for" in fields:
        given = fields["for"] if isinstance(fields["for"], list) else [fields["for"]]
        keys = [key.strip() for part in given for key in str(part).split(",") if key.strip()]
        named = tuple(below(uow, org, key) for key in keys)
    return ForumFacts(forum, forums, waiting, named, tuple(per_org))


def _named_forum(uow: UnitOfWork, given: str, forums: tuple[Organisation, ...]) -> Organisation:
    """The organisation ``given`` names: by code or name, or the one forum of the län it begins or abbreviates.

    "Länschefsnätverket" names Länschefsnätverket Dalarna, "LGVO" Ledningsgrupp Vård och Omsorg (LGVO) Östergötland.
    """
    found = uow.orgs.find(given) if given.strip() else None
    if found is not None:
        return found
    wanted = folded(" ".join(given.split()))
    meant = [
        forum
        for forum in forums
        if wanted and (folded(forum.name).startswith(wanted) or wanted in re.split(r"\W+", folded(forum.name)))
    ]
    if len(meant) == 1:
        return meant[0]
    hint = t("Länets beslutsorgan: {forums}.", forums=either([f.name for f in forums])) if forums else ""
    raise not_found(t("beslutsorgan"), given, [(f.code, (f.name,)) for f in forums], hint, neuter=True)
