"""Advancing an instance: the one use case every decision goes through.

In one transaction: find the instance, ask the compiled machine whether the
event is possible from its state, check the actor's authority (R13), read the
event's fields; then take the turn to append history, load what the event's
rules need and ask them (:mod:`kgflow.domain.rules`) — guards, warnings, the
conditions picking the target, the deciding halves of effects — write the
decision with a compare-and-set, let effects store what goes beyond the
instance, append the history row (R12), and run cascades on other instances.
Any refusal raises before the commit, so nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kgflow.definitions.model import EventDef, StateDef
from kgflow.domain import text as limits
from kgflow.domain.audit import Checkpoint
from kgflow.domain.authority import Actor
from kgflow.domain.errors import Conflict, NotFound, TransitionRefused
from kgflow.domain.model import Organisation
from kgflow.domain.rules.rulebook import CONDITIONS, GUARDS, WARNINGS
from kgflow.domain.rules.step import Decision, Facts, Refusal
from kgflow.domain.spelling import did_you_mean
from kgflow.domain.wording import Phrase, t
from kgflow.engine.machine import CompiledWorkflow, StepRefused
from kgflow.faults import fault_point
from kgflow.service.acting import Acting, Row
from kgflow.service.authorising import check_authority
from kgflow.service.cascade import CascadeOutcome, run_cascade
from kgflow.service.context import Services
from kgflow.service.effects import EFFECTS, Stored, keeps_to_its_instance
from kgflow.service.facts import load_facts
from kgflow.service.identity import acting_ref
from kgflow.service.lookup import actor_named, find_subject
from kgflow.service.ports import InstanceChange, Subject, UnitOfWork
from kgflow.service.step_values import read_values
from kgflow.service.steps import AdvanceRequest, AdvanceResult, DefaultTarget, TargetSet

__all__ = [
    "AdvanceRequest",
    "AdvanceResult",
    "DefaultTarget",
    "Prepared",
    "TargetSet",
    "advance",
    "change_of",
    "decide",
    "history_row",
    "lost_race",
    "perform",
    "prepare",
    "refused_step",
    "result_of",
]


def advance(services: Services, request: AdvanceRequest) -> AdvanceResult:
    """Perform ``request.event`` on the instance of an item at an organisation.

    Raises:
        NotFound, UsageError, NotAuthorised, TransitionRefused, Conflict: with
            one sentence; the database is unchanged.
    """
    with services.uow(write=True) as uow:
        found, seen = None, None
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
            subject, actor, seen = found
        result = perform(services, uow, subject, actor, request, seen)
        fault_point("advance-before-commit")
        uow.commit()
    return result


def perform(
    services: Services,
    uow: UnitOfWork,
    subject: Subject,
    actor: Actor,
    request: AdvanceRequest,
    seen: Checkpoint | None = None,
) -> AdvanceResult:
    """The advance inside an open unit of work (used by ``advance`` and ``refer``).

    The cheap refusals come first — the state, the actor's authority, the
    values given — so a refused attempt never waits for the turn to append
    history. Then the turn is taken, the rules' facts are read under it, the
    rules decide, and the outcome is stored.
    """
    instance = subject.instance
    prepared = prepare(services, uow, subject, actor, request)
    workflow, event, fields, per_org = prepared.workflow, prepared.event, prepared.fields, prepared.per_org
    # Every writer takes the turn to append history before it writes any instance: one lock order,
    # no deadlock, and the facts below are read under it, so no rule decides on a stale parent or child.
    # A step that keeps to its own instance shares the turn with others like it.
    uow.lock_history(seen, own_instance=keeps_to_its_instance(event))
    today = services.clock.today()
    facts = load_facts(
        uow,
        workflow,
        subject,
        event,
        fields=fields,
        note=request.note,
        force=request.force,
        today=today,
        per_org=per_org,
    )
    target, decision = decide(prepared, subject, facts)
    now = services.clock.now()
    if not uow.instances.compare_and_set(instance, change_of(target, decision), now):
        raise lost_race(uow, subject, workflow)
    fault_point("advance-after-update")
    acting = Acting(workflow, subject, event, actor.person, fields, per_org, today, now)
    stored = _store(acting, uow, decision)
    version = next((s.version for s in reversed(stored) if s.version is not None), subject.item_version.number)
    uow.history.append(*history_row(acting, request, target, decision, stored, version))
    fault_point("advance-after-history")
    standing = {k: v for s in stored for k, v in s.standing.items()}
    cascaded = (
        run_cascade(acting, uow, event.cascade, version, decision.reach, standing)
        if event.cascade is not None
        else CascadeOutcome()
    )
    targets = _targets_set(uow, cascaded)
    return result_of(
        prepared,
        subject,
        target,
        decision,
        stored,
        moved=cascaded.moved,
        targets=targets,
        default_target=_default_target(subject, fields, per_org) if targets else None,
    )


@dataclass(frozen=True)
class Prepared:
    """A step past its cheap checks: the compiled workflow, the event it resolves to, and the values it is given."""

    workflow: CompiledWorkflow
    event: EventDef
    fields: dict[str, Any]
    per_org: dict[Organisation, Any]


def prepare(services: Services, uow: UnitOfWork, subject: Subject, actor: Actor, request: AdvanceRequest) -> Prepared:
    """The checks a step passes before it waits for the turn: note, expected state, event, authority (R13), values.

    Shared by a single ``advance`` and bulk entry, so both refuse alike.

    Raises:
        NotFound, UsageError, NotAuthorised, TransitionRefused, Conflict: with one sentence.
    """
    instance = subject.instance
    if request.note is not None:
        limits.checked(request.note, "--note", limits.NOTE, multiline=True)
    workflow = services.catalogue.compiled(instance.workflow, instance.workflow_version, uow)
    if request.expect_state is not None and request.expect_state not in workflow.definition.states:
        raise NotFound(
            t("läge"),
            request.expect_state,
            did_you_mean(workflow.nearest_states(request.expect_state)),
            sentence=t(
                "Arbetsflödet {workflow} har inget läge som heter {name!r}.",
                workflow=workflow.definition.name,
                name=request.expect_state,
            ),
            neuter=True,
        )
    if request.expect_state is not None and instance.state != request.expect_state:
        raise Conflict(
            t(
                "{org} är i läget '{state}' ({code}), inte {expected!r} som väntat; ingenting ändrades.",
                org=subject.org.name,
                state=_state_label(workflow, instance.state),
                code=instance.state,
                expected=request.expect_state,
            )
        )
    try:
        event = workflow.resolve(instance.state, request.event, subject.org.kind)
    except StepRefused as refused:
        raise refused_step(subject, request.event, refused.reason) from refused
    _check_authority(uow, workflow, event, subject.org, actor, subject.item.area)
    fields, per_org = read_values(uow, event, subject.org, request.values, request.ref)
    return Prepared(workflow, event, fields, per_org)


def decide(prepared: Prepared, subject: Subject, facts: Facts) -> tuple[StateDef, Decision]:
    """Ask the step's rules (guards, warnings, conditions, effects' deciding halves): the target and the decision.

    Raises:
        TransitionRefused: a rule refused, with its sentence.
    """
    instance = subject.instance
    try:
        return _decide(
            prepared.workflow,
            instance.state,
            prepared.event,
            facts,
            Decision.starting_from(facts, late=instance.late),
        )
    except Refusal as refused:
        raise refused_step(subject, prepared.event.name, refused.reason) from refused


def change_of(target: StateDef, decision: Decision) -> InstanceChange:
    """The instance's new values after a decided step."""
    return InstanceChange(target.name, decision.level, decision.target_level, decision.due, decision.late)


def history_row(
    acting: Acting,
    request: AdvanceRequest,
    target: StateDef,
    decision: Decision,
    stored: Sequence[Stored],
    version: int,
) -> Row:
    """The acting instance's history row (R12): its fields, what the rules and effects recorded, its values after."""
    subject, event, fields = acting.subject, acting.event, acting.fields
    recorded = {k: v for s in stored for k, v in s.recorded.items()}
    values = {**fields, **{org.code: value for org, value in acting.per_org.items()}, **decision.recorded, **recorded}
    if request.answers:
        values["answers"] = dict(request.answers)
    if "target" in event.fields and "target" not in fields and event.cascade is not None:
        # R6: the default is stated when applied, in the decision's own row as in its result.
        values["target"] = subject.item.default_target_level
    return acting.row(
        subject.instance.id,
        event.name,
        subject.instance.state,
        target.name,
        fields=values,
        version=version,
        level=decision.level,
        target_level=decision.target_level,
        note=request.note,
    )


def result_of(
    prepared: Prepared,
    subject: Subject,
    target: StateDef,
    decision: Decision,
    stored: Sequence[Stored] = (),
    *,
    moved: int = 0,
    targets: tuple[TargetSet, ...] = (),
    default_target: DefaultTarget | None = None,
) -> AdvanceResult:
    """What a step did, as the person is told."""
    instance, workflow = subject.instance, prepared.workflow
    return AdvanceResult(
        item=subject.item.code,
        org=subject.org.code,
        org_name=subject.org.name,
        event=prepared.event.name,
        from_state=instance.state,
        to_state=target.name,
        from_label=workflow.label(instance.state),
        to_label=target.label.sv,
        level=decision.level,
        target_level=decision.target_level,
        due=decision.due,
        late=decision.late,
        created=sum(s.created for s in stored),
        moved=moved,
        switched=sum(s.switched for s in stored),
        warnings=tuple(str(warning) for warning in decision.warnings),
        targets=targets,
        default_target=default_target,
    )


def _targets_set(uow: UnitOfWork, cascaded: CascadeOutcome) -> tuple[TargetSet, ...]:
    """The target levels the step's cascade gave, per organisation, in the chain's order."""
    if not cascaded.targets:
        return ()
    orgs = uow.orgs.by_ids(candidate.org_id for candidate, _ in cascaded.targets)
    found = [(orgs[candidate.org_id], level) for candidate, level in cascaded.targets if candidate.org_id in orgs]
    return tuple(
        TargetSet(org.code, org.name, org.kind.value, level) for org, level in sorted(found, key=lambda f: f[0].path)
    )


def _default_target(subject: Subject, fields: dict[str, Any], per_org: dict[Organisation, Any]) -> DefaultTarget:
    """The level given to organisations the step did not name, and whether it was the item's own default."""
    if "target" in fields:
        return DefaultTarget(int(fields["target"]), from_item=False, named=len(per_org))
    return DefaultTarget(subject.item.default_target_level, from_item=True, named=len(per_org))


def _decide(
    workflow: CompiledWorkflow, state: str, event: EventDef, facts: Facts, decision: Decision
) -> tuple[StateDef, Decision]:
    """Ask the event's rules in order: guards, warnings, the conditions picking the target, effects."""
    for name in event.guards:
        decision = GUARDS[name](facts, decision)
    for name in event.warnings:
        said = len(decision.warnings)
        decision = WARNINGS[name](facts, decision)
        if advice := decision.warnings[said:]:
            decision = decision.record(warnings=[*decision.recorded.get("warnings", []), *advice])
    target = workflow.target(state, event.name, lambda condition: CONDITIONS[condition](facts, decision))
    given = facts.fields.get("due")
    due = date.fromisoformat(str(given)) if given is not None else workflow.due_on_entering(target.name, facts.today)
    decision = decision.but(due=due, stays=target.name == state)
    for name in event.effects:
        decide = EFFECTS[name].decide
        if decide is not None:
            decision = decide(facts, decision)
    return target, decision


def _store(acting: Acting, uow: UnitOfWork, decision: Decision) -> list[Stored]:
    stored = []
    for name in acting.event.effects:
        store = EFFECTS[name].store
        if store is not None:
            try:
                stored.append(store(acting, uow, decision))
            except Refusal as refused:
                raise refused_step(acting.subject, acting.event.name, refused.reason) from refused
    return stored


def refused_step(subject: Subject, event: str, reason: Phrase | str) -> TransitionRefused:
    """The refusal of ``event`` at ``subject`` for ``reason``, naming the item, organisation and state."""
    return TransitionRefused(subject.item.code, subject.org.code, subject.instance.state, event, reason)


def _check_authority(
    uow: UnitOfWork,
    workflow: CompiledWorkflow,
    event: EventDef,
    org: Organisation,
    actor: Actor,
    area: str | None = None,
) -> None:
    check_authority(uow, workflow.definition, event.by, event.label, org, actor, area)


def _state_label(workflow: CompiledWorkflow, state: str) -> object:
    """The label of ``state`` (rendered in the reader's language), or the name itself if unknown."""
    known = workflow.definition.states.get(state)
    return known.label if known else state


def lost_race(uow: UnitOfWork, subject: Subject, workflow: CompiledWorkflow) -> Conflict:
    """The conflict of a compare-and-set that found the instance changed: who changed it, when, and where it is now."""
    latest = uow.history.for_instance(subject.instance.id)[-1:]
    current = uow.instances.get(subject.instance.id)
    state = _state_label(workflow, current.state) if current else t("borta")
    if latest:
        return Conflict(
            t(
                "{org} ändrades av {actor} {at} UTC; ärendet är nu i läget '{state}' — kör status och försök igen.",
                org=subject.org.name,
                actor=latest[0].actor,
                at=latest[0].at.strftime("%Y-%m-%d %H:%M:%S"),
                state=state,
            )
        )
    return Conflict(
        t(
            "{org} ändrades av någon annan; ärendet är nu i läget '{state}' — kör status och försök igen.",
            org=subject.org.name,
            state=state,
        )
    )
