"""Advancing an instance: the one use case every decision goes through.

In one transaction: find the instance, ask the compiled machine whether the
event is possible from its state, check the actor's authority (R13), read the
event's fields, run its guards, pick its target, let effects adjust the new
values, write them with a compare-and-set, append the history row (R12), then
run effects and cascades on other instances. Any refusal raises before the
commit, so nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kgflow.definitions.model import EventDef, WorkflowDefinition
from kgflow.domain import authority
from kgflow.domain import text as limits
from kgflow.domain.authority import Actor
from kgflow.domain.errors import Conflict, NotAuthorised, TransitionRefused, UsageError
from kgflow.domain.fields import FieldType, convert, parse_assignments
from kgflow.domain.model import HistoryEntry, Organisation
from kgflow.engine.machine import CompiledWorkflow, StepRefused
from kgflow.faults import fault_point
from kgflow.service.cascade import run_cascade
from kgflow.service.context import Services
from kgflow.service.effects import EFFECTS
from kgflow.service.event_context import EventContext, Pending
from kgflow.service.guards import CONDITIONS, GUARDS, WARNINGS
from kgflow.service.identity import acting_ref
from kgflow.service.lookup import actor_named, find_subject
from kgflow.service.ports import Subject, UnitOfWork


@dataclass(frozen=True)
class AdvanceRequest:
    """What a person asks for: ``kgflow advance ITEM ORG EVENT …``."""

    item: str
    org: str
    event: str
    actor: str | None
    ref: str | None = None
    note: str | None = None
    values: tuple[str, ...] = ()
    force: bool = False
    expect_state: str | None = None


@dataclass(frozen=True)
class AdvanceResult:
    """What happened."""

    item: str
    org: str
    org_name: str
    event: str
    from_state: str
    to_state: str
    from_label: str
    to_label: str
    level: int | None
    target_level: int | None
    due: date | None
    late: bool
    created: int
    moved: int
    switched: int
    warnings: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The result as a JSON-ready mapping."""
        return {
            "item": self.item,
            "org": self.org,
            "event": self.event,
            "from": self.from_state,
            "state": self.to_state,
            "level": self.level,
            "target_level": self.target_level,
            "due": self.due.isoformat() if self.due else None,
            "late": self.late,
            "created": self.created,
            "moved": self.moved,
            "switched": self.switched,
            "warnings": list(self.warnings),
        }


def advance(services: Services, request: AdvanceRequest) -> AdvanceResult:
    """Perform ``request.event`` on the instance of an item at an organisation.

    Raises:
        NotFound, UsageError, NotAuthorised, TransitionRefused, Conflict: with
            one sentence; the database is unchanged.
    """
    with services.uow(write=True) as uow:
        found = None
        named = acting_ref(uow, request.actor, as_of_another_date=services.as_of_another_date)
        if named:
            found = uow.instances.subject_and_actor(
                request.item.strip().lower(), request.org.strip().lower(), named.strip().lower()
            )
        if found is None:
            # The one-query read misses on a name or number instead of a code, or on a mistake:
            # then look each up on its own, which also says precisely what is missing.
            actor = actor_named(uow, named)
            subject = find_subject(uow, request.item, request.org)
        else:
            subject, actor = found
        result = perform(services, uow, subject, actor, request)
        fault_point("advance-before-commit")
        uow.commit()
    return result


def perform(
    services: Services, uow: UnitOfWork, subject: Subject, actor: Actor, request: AdvanceRequest
) -> AdvanceResult:
    """The advance inside an open unit of work (used by ``advance`` and ``refer``)."""
    instance = subject.instance
    if request.note is not None:
        limits.checked(request.note, "--note", limits.NOTE, multiline=True)
    workflow = services.catalogue.compiled(instance.workflow, instance.workflow_version, uow)
    if request.expect_state is not None and instance.state != request.expect_state:
        raise Conflict(
            f"{subject.org.name} is in state '{workflow.label(instance.state)}' ({instance.state}), "
            f"not {request.expect_state!r} as expected; nothing was changed."
        )
    try:
        event = workflow.resolve(instance.state, request.event, subject.org.kind)
    except StepRefused as refused:
        raise _refused(subject, request.event, str(refused)) from refused
    # Appending history is serialised; take that turn before any instance is locked, so every
    # writer locks in the same order and two advances can never deadlock.
    uow.history.lock_head()
    _check_authority(uow, workflow, event, subject.org, actor)
    fields, per_org = _read_fields(uow, event, subject.org, request)
    now = services.clock.now()
    ctx = EventContext(
        uow=uow,
        workflow=workflow,
        subject=subject,
        event=event,
        actor=actor.person,
        fields=fields,
        per_org=per_org,
        note=request.note,
        force=request.force,
        today=services.clock.today(),
        now=now,
        pending=Pending(instance.level, instance.target_level, instance.due, instance.late),
        version_number=subject.item_version.number,
    )
    for name in event.guards:
        reason = GUARDS[name](ctx)
        if reason is not None:
            raise _refused(subject, event.name, reason)
    for name in event.warnings:
        advice = WARNINGS[name](ctx)
        if advice is not None:
            ctx.warnings.append(advice)
            ctx.recorded.setdefault("warnings", []).append(advice)
    target = workflow.target(instance.state, event.name, lambda condition: CONDITIONS[condition](ctx))
    ctx.pending.due = _due(workflow, target.name, ctx)
    for name in event.effects:
        hook = EFFECTS[name].before
        if hook is not None:
            hook(ctx)
    if not uow.instances.compare_and_set(instance, ctx.pending.change(target.name), now):
        raise _lost_race(uow, subject, workflow)
    fault_point("advance-after-update")
    for name in event.effects:
        hook = EFFECTS[name].after
        if hook is not None:
            hook(ctx)
    entry = HistoryEntry(
        instance_id=instance.id,
        at=now,
        actor=actor.person.code,
        event=event.name,
        from_state=instance.state,
        to_state=target.name,
        fields={**fields, **{org.code: value for org, value in per_org.items()}, **ctx.recorded},
        note=request.note,
        target_level=ctx.pending.target_level,
    )
    uow.history.append(entry, ctx.version_number, ctx.pending.level)
    fault_point("advance-after-history")
    if event.cascade is not None:
        ctx.moved = run_cascade(ctx, event.cascade)
    return AdvanceResult(
        item=subject.item.code,
        org=subject.org.code,
        org_name=subject.org.name,
        event=event.name,
        from_state=instance.state,
        to_state=target.name,
        from_label=workflow.label(instance.state),
        to_label=target.label.sv,
        level=ctx.pending.level,
        target_level=ctx.pending.target_level,
        due=ctx.pending.due,
        late=ctx.pending.late,
        created=ctx.created,
        moved=ctx.moved,
        switched=ctx.switched,
        warnings=tuple(ctx.warnings),
    )


def _refused(subject: Subject, event: str, reason: str) -> TransitionRefused:
    return TransitionRefused(subject.item.code, subject.org.code, subject.instance.state, event, reason)


def _due(workflow: CompiledWorkflow, state: str, ctx: EventContext) -> date | None:
    if "due" in ctx.fields:
        return date.fromisoformat(str(ctx.fields["due"]))
    return workflow.due_on_entering(state, ctx.today)


def _check_authority(
    uow: UnitOfWork, workflow: CompiledWorkflow, event: EventDef, org: Organisation, actor: Actor
) -> None:
    definition = workflow.definition
    rules = [(rule.role, rule.at_kind) for rule in event.by]
    if authority.is_allowed(rules, org, actor.roles, definition.responsible):
        return
    ancestors = uow.orgs.by_ids(org.path[:-1])
    chain = [ancestors[i] for i in org.path[:-1] if i in ancestors]
    needed = authority.requirements(rules, org, chain, definition.responsible)
    ways = " or ".join(f"the {_role(definition, req.role)} of {req.org.name}" for req in needed)
    raise NotAuthorised(
        f"{actor.person.name} ({actor.person.code}) may not {event.label.en.lower()} for {org.name}: "
        f"that takes {ways or 'a role nobody holds in this chain'}."
    )


def _role(definition: WorkflowDefinition, role: str) -> str:
    label = definition.roles.get(role)
    return label.sv.lower() if label else role


def _read_fields(
    uow: UnitOfWork, event: EventDef, org: Organisation, request: AdvanceRequest
) -> tuple[dict[str, Any], dict[Organisation, Any]]:
    given = parse_assignments(request.values)
    if request.ref is not None:
        if "ref" in given:
            raise UsageError("Give the reference once, with --ref.")
        given["ref"] = request.ref
    fields: dict[str, Any] = {}
    per_org: dict[Organisation, Any] = {}
    for key, raw in given.items():
        spec = event.fields.get(key)
        if key == "ref":
            # A reference is stored in a column as well as in the history row: its limit is the column's.
            fields[key] = convert(spec.type if spec else FieldType.TEXT, raw, "--ref")
            limits.checked(str(fields[key]), "--ref", limits.REFERENCE)
        elif spec is not None:
            fields[key] = convert(spec.type, raw, _shown(key))
        elif event.per_organisation is not None:
            target_org = uow.orgs.find(key)
            if target_org is None or org.id not in target_org.path or target_org.id == org.id:
                raise UsageError(f"--set {key}=…: {key!r} is not an organisation below {org.name}.")
            per_org[target_org] = convert(event.per_organisation, raw, f"--set {key}")
        else:
            takes = ", ".join(sorted(event.fields)) or "nothing"
            raise UsageError(f"'{event.label.sv}' ({event.name}) takes no value {key!r}; it takes: {takes}.")
    for spec in event.fields.values():
        if spec.required and spec.name not in fields:
            raise UsageError(f"'{event.label.sv}' ({event.name}) needs {_shown(spec.name)} ({spec.type.value}).")
    return fields, per_org


def _shown(key: str) -> str:
    return "--ref" if key == "ref" else f"--set {key}=…"


def _lost_race(uow: UnitOfWork, subject: Subject, workflow: CompiledWorkflow) -> Conflict:
    latest = uow.history.for_instance(subject.instance.id)[-1:]
    current = uow.instances.get(subject.instance.id)
    state = workflow.label(current.state) if current else "gone"
    who = f"by {latest[0].actor} at {latest[0].at:%Y-%m-%d %H:%M:%S} UTC" if latest else "by someone else"
    return Conflict(f"{subject.org.name} was changed {who}; it is now in state '{state}' — run status and try again.")
