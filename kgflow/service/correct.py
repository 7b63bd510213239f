"""Correcting a mistaken step (R17): a new history row with a reason; nothing is ever edited.

In one transaction, as an advance: find the instance and its latest step, ask
the workflow's ``corrections`` whether that step may be corrected, by whom and
to which state, check the actor's authority (R13) and the values given; then
take the turn to append history, move the instance with a compare-and-set,
write the correction as its own row (what it corrects, the reason, the
corrected values) and, where the step gave target levels below (the LPO's
decision, R6), set the corrected ones with a row on each instance they change.
The original row stays as it was, so ``kgflow audit verify`` still passes and
the history shows both. Any refusal raises before the commit, so nothing changes.
"""

from __future__ import annotations

__all__ = ["CORRECTION", "CorrectionRequest", "CorrectionResult", "correct"]

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kgflow.definitions.corrections import Correction
from kgflow.definitions.model import EventDef, Label, WorkflowDefinition
from kgflow.domain import authority
from kgflow.domain import text as limits
from kgflow.domain.authority import Actor
from kgflow.domain.errors import Conflict, NotAuthorised, NotFound, TransitionRefused, UsageError
from kgflow.domain.model import HistoryEntry, Organisation
from kgflow.domain.spelling import did_you_mean
from kgflow.domain.wording import Phrase, t
from kgflow.engine.machine import CompiledWorkflow
from kgflow.service.advance import TargetSet
from kgflow.service.context import Services
from kgflow.service.corrected_values import CORRECTION, retarget
from kgflow.service.lookup import find_actor, find_subject
from kgflow.service.ports import HistoryRecord, InstanceChange, Subject, UnitOfWork
from kgflow.service.step_values import read_values

_LOCAL = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class CorrectionRequest:
    """What a person asks for: ``kgflow correct ITEM ORG --to STATE --reason … [--ref …] [--set …]``."""

    item: str
    org: str
    actor: str | None
    to: str
    reason: str | None
    ref: str | None = None
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class CorrectionResult:
    """What the correction did."""

    item: str
    org: str
    org_name: str
    corrects: str
    step_label: Label | str
    step_at: datetime
    from_state: str
    to_state: str
    from_label: Label
    to_label: Label
    reason: str
    values: dict[str, Any]
    targets: tuple[TargetSet, ...]

    @property
    def step_at_local(self) -> str:
        """When the corrected step was taken, in Swedish time."""
        return f"{self.step_at.astimezone(_LOCAL):%Y-%m-%d %H:%M}"

    def as_json(self) -> dict[str, Any]:
        """The result as a JSON-ready mapping."""
        return {
            "item": self.item,
            "org": self.org,
            "corrects": self.corrects,
            "corrected_at": self.step_at.isoformat(),
            "from": self.from_state,
            "state": self.to_state,
            "reason": self.reason,
            "values": self.values,
            "targets": [{"org": target.org, "target_level": target.level} for target in self.targets],
        }


@dataclass(frozen=True)
class _Step:
    """The step a correction applies to: its row, the event it took, and where it came from."""

    record: HistoryRecord
    event: str
    origin: str | None
    before: HistoryRecord | None
    at: datetime  # when the step itself was taken (a chain of corrections keeps pointing at it)


def correct(services: Services, request: CorrectionRequest) -> CorrectionResult:
    """Correct the latest step of an item at an organisation, as ``request`` says.

    Raises:
        UsageError: no reason, or values the step does not take.
        NotFound: the item, organisation, person or state is unknown.
        NotAuthorised: the actor holds no role the workflow names for correcting the step.
        TransitionRefused: the step may not be corrected, or not to that state.
        Conflict: someone changed the instance meanwhile. In every case nothing changes.
    """
    reason = (request.reason or "").strip()
    if not reason:
        raise UsageError(t('En rättelse behöver ett skäl: skriv varför med --reason "…".'))
    limits.checked(reason, "--reason", limits.NOTE, multiline=True)
    with services.uow(write=True) as uow:
        actor = find_actor(uow, request.actor, as_of_another_date=services.as_of_another_date)
        subject = find_subject(uow, request.item, request.org)
        result = _perform(services, uow, subject, actor, request, reason)
        uow.commit()
    return result


def _perform(
    services: Services, uow: UnitOfWork, subject: Subject, actor: Actor, request: CorrectionRequest, reason: str
) -> CorrectionResult:
    instance = subject.instance
    workflow = services.catalogue.compiled(instance.workflow, instance.workflow_version, uow)
    definition = workflow.definition
    step = _latest_step(uow.history.for_instance(instance.id), definition, instance.state)
    if step is None:
        raise _refused(subject, t("{org} har inget steg som kan rättas nu.", org=subject.org.name))
    rule = definition.corrections[step.event]
    event = _event(definition, step)
    label: Label | str = event.label if event else step.event
    if subject.org.kind.value not in rule.at:
        raise _refused(subject, t("Steget '{step}' rättas inte vid {org}.", step=label, org=subject.org.name))
    _check_authority(uow, definition, rule, label, subject.org, actor, subject.item.area)
    to = _target_state(workflow, rule, step, request.to, label, subject)
    undo = to != instance.state
    fields, per_org = read_values(uow, event, subject.org, request.values, request.ref, correcting=True)
    if undo and (fields or per_org):
        raise UsageError(
            t(
                "Ett steg som tas tillbaka tar inga nya värden: ta bort --ref och --set, "
                "och ta steget på nytt med kgflow advance."
            )
        )
    if not undo and not fields and not per_org:
        raise UsageError(
            t("Säg vad som ska rättas: den rätta referensen med --ref, ett värde med --set, eller ett läge med --to.")
        )
    uow.lock_history()
    now = services.clock.now()
    today = services.clock.today()
    if undo:
        before = step.before
        # The level is the step's to take back; the target level is the LPO's, whatever the step.
        change = InstanceChange(
            to,
            before.level if before else instance.level,
            instance.target_level,
            _due_on_return(step, to, workflow, today),
            False,
        )
    else:
        change = InstanceChange(to, instance.level, instance.target_level, instance.due, instance.late)
    if not uow.instances.compare_and_set(instance, change, now):
        raise Conflict(
            t("{org} ändrades av någon annan just nu; kör kgflow history och försök igen.", org=subject.org.name)
        )
    targets = retarget(uow, subject, event, definition, fields, per_org, actor, now) if not undo else ()
    recorded: dict[str, Any] = {
        "corrects": step.event,
        "corrected_at": step.at.isoformat(),
        "step_from": step.origin,
        "reason": reason,
        **fields,
        **{org.code: value for org, value in per_org.items()},
    }
    if targets:
        recorded["targets"] = {target.org: target.level for target in targets}
    entry = HistoryEntry(
        instance_id=instance.id,
        at=now,
        actor=actor.person.code,
        event=CORRECTION,
        from_state=instance.state,
        to_state=to,
        fields=recorded,
        target_level=change.target_level,
    )
    uow.history.append(entry, subject.item_version.number, change.level)
    return CorrectionResult(
        item=subject.item.code,
        org=subject.org.code,
        org_name=subject.org.name,
        corrects=step.event,
        step_label=label,
        step_at=step.at,
        from_state=instance.state,
        to_state=to,
        from_label=definition.states[instance.state].label,
        to_label=definition.states[to].label,
        reason=reason,
        values={**fields, **{org.code: value for org, value in per_org.items()}},
        targets=targets,
    )


def _latest_step(rows: list[HistoryRecord], definition: WorkflowDefinition, state: str) -> _Step | None:
    """The latest step a correction may apply to, if no later step moved the instance on.

    A correction of a step counts as that step (it may be corrected again);
    a correction that took a step back leaves nothing to correct. Rows that
    moved nothing — a version switch, a target level a parent's correction set —
    are passed over.
    """
    for index in range(len(rows) - 1, -1, -1):
        record = rows[index]
        before = _before(rows, index)
        if record.event in definition.corrections:
            return (
                _Step(record, record.event, record.from_state, before, record.at) if record.to_state == state else None
            )
        if record.event == CORRECTION and "step_from" in record.fields:
            corrected = str(record.fields.get("corrects", ""))
            origin = record.fields.get("step_from")
            if corrected not in definition.corrections or record.to_state != state or origin == state:
                return None
            at = datetime.fromisoformat(str(record.fields.get("corrected_at", record.at.isoformat())))
            return _Step(record, corrected, str(origin) if origin else None, _origin_row(rows, index, corrected), at)
        if record.from_state != record.to_state:
            return None
        # Rows that moved nothing (a version switch, a target a parent's correction set) are passed over.
    return None


def _before(rows: list[HistoryRecord], index: int) -> HistoryRecord | None:
    return rows[index - 1] if index > 0 else None


def _origin_row(rows: list[HistoryRecord], index: int, event: str) -> HistoryRecord | None:
    """The row before the original step that a chain of corrections goes back to."""
    for back in range(index - 1, -1, -1):
        if rows[back].event == event:
            return _before(rows, back)
    return None


def _event(definition: WorkflowDefinition, step: _Step) -> EventDef | None:
    variants = definition.variants(step.event)
    return next((v for v in variants if step.origin in v.sources), variants[0] if variants else None)


def _target_state(
    workflow: CompiledWorkflow, rule: Correction, step: _Step, wanted: str, label: Label | str, subject: Subject
) -> str:
    definition = workflow.definition
    typed = wanted.strip()
    state = next(
        (
            name
            for name, s in definition.states.items()
            if typed in (name, s.label.sv, s.label.en) or typed.lower() == s.label.sv.lower()
        ),
        None,
    )
    if state is None:
        raise NotFound(
            "läge",
            typed,
            did_you_mean(workflow.nearest_states(typed)),
            sentence=str(t("Arbetsflödet har inget läge som heter {state!r}.", state=typed)),
        )
    reachable = [s for s in rule.to if s in (step.origin, step.record.to_state)]
    if state not in reachable:
        shown = _either([t("'{state}'", state=definition.states[s].label) for s in reachable])
        raise _refused(
            subject,
            t(
                "En rättelse av '{step}' kan föra ärendet till {allowed}, inte till '{state}'.",
                step=label,
                allowed=shown,
                state=definition.states[state].label,
            ),
        )
    return state


def _check_authority(
    uow: UnitOfWork,
    definition: WorkflowDefinition,
    rule: Correction,
    label: Label | str,
    org: Organisation,
    actor: Actor,
    area: str | None = None,
) -> None:
    rules = [(r.role, r.at_kind) for r in rule.by]
    if authority.is_allowed(rules, org, actor.roles, definition.responsible, area):
        return
    chain = authority.ancestors_of(org, uow.orgs.by_ids(org.ancestor_ids))
    needed = authority.requirements(rules, org, chain, definition.responsible, area)
    ways = _either([t("{role} vid {org}", role=_role(definition, req.role), org=req.org.name) for req in needed])
    raise NotAuthorised(
        t(
            "{person} får inte rätta steget '{step}' för {org}: det får {ways}.",
            person=actor.person.name,
            step=label,
            org=org.name,
            ways=ways,
        )
    )


def _either(parts: list[Phrase]) -> Phrase:
    """``a``, ``a eller b``, ``a eller b eller c``; nobody for none."""
    if not parts:
        return t("ingen i den här kedjan")
    joined = parts[0]
    for part in parts[1:]:
        joined = t("{first} eller {second}", first=joined, second=part)
    return joined


def _role(definition: WorkflowDefinition, role: str) -> str:
    label = definition.roles.get(role)
    return label.sv.lower() if label else role


def _due_on_return(step: _Step, state: str, workflow: CompiledWorkflow, today: date) -> date | None:
    """The due date the instance had in ``state`` before the step, else the state's own deadline from today."""
    before = step.before
    if before is not None and before.to_state == state and before.fields.get("due"):
        return date.fromisoformat(str(before.fields["due"]))
    return workflow.due_on_entering(state, today)


def _refused(subject: Subject, reason: Phrase) -> TransitionRefused:
    return TransitionRefused(subject.item.code, subject.org.code, subject.instance.state, CORRECTION, str(reason))
