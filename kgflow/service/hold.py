"""Priority and hold (R16): an LPO prioritises, pauses and resumes an item for its län.

``kgflow advance ITEM LPO prioritise --set priority=hög``, ``… hold --set
reason=… --set review=ÅÅÅÅ-MM-DD`` and ``… resume``. In one transaction, as an
advance: find the instance, ask the workflow's ``hold`` section and the rules
(:mod:`kgflow.domain.rules.hold`) whether the step may be taken there and now,
check the actor's authority (R13) and the values; then take the turn to append
history, lock the LPO's instance and every instance below it in the item's
tree, write them with one statement, and append one history row per instance
touched. No instance changes state; a hold pauses the deadlines (nothing held
is late or chased) and resuming moves each held due date on by the working
days held. Any refusal raises before the commit, so nothing changes.
"""

from __future__ import annotations

__all__ = ["HOLD_STEPS", "HOLD_TAKES", "HoldResult", "perform_hold", "take_hold_step"]

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kgflow.definitions.model import HOLD_STEPS, HoldDef, Label, WorkflowDefinition
from kgflow.domain import text as limits
from kgflow.domain.authority import Actor
from kgflow.domain.errors import Conflict, TransitionRefused, UsageError
from kgflow.domain.fields import parse_assignments
from kgflow.domain.model import HistoryEntry
from kgflow.domain.rules import hold as rules
from kgflow.domain.rules.step import Refusal
from kgflow.domain.wording import Phrase, joined, t
from kgflow.service.advance import AdvanceRequest
from kgflow.service.authorising import check_authority
from kgflow.service.context import Services
from kgflow.service.lookup import find_actor, find_subject
from kgflow.service.ports import Subject, TreeInstance, UnitOfWork

# The values each step takes.
HOLD_TAKES = {rules.PRIORITISE: ("priority",), rules.HOLD: ("reason", "review"), rules.RESUME: ()}


@dataclass(frozen=True)
class HoldResult:
    """What a priority or hold step did, at the LPO and below it."""

    item: str
    org: str
    org_name: str
    step: str
    label: Label
    state: str
    priority: str | None
    held_since: date | None
    review_on: date | None
    reason: str | None
    affected: int
    held_days: int | None = None
    moved_dues: int = 0

    def as_json(self) -> dict[str, Any]:
        """The result as a JSON-ready mapping."""
        return {
            "item": self.item,
            "org": self.org,
            "event": self.step,
            "state": self.state,
            "priority": self.priority,
            "held": self.held_since is not None,
            "held_since": self.held_since.isoformat() if self.held_since else None,
            "review_on": self.review_on.isoformat() if self.review_on else None,
            "reason": self.reason,
            "affected": self.affected,
            "held_days": self.held_days,
            "moved_dues": self.moved_dues,
        }


def take_hold_step(services: Services, request: AdvanceRequest) -> HoldResult:
    """Prioritise, hold or resume (``request.event``) an item at an LPO.

    Raises:
        NotFound, UsageError, NotAuthorised, TransitionRefused, Conflict: with
            one sentence; the database is unchanged.
    """
    with services.uow(write=True) as uow:
        actor = find_actor(uow, request.actor, as_of_another_date=services.as_of_another_date)
        subject = find_subject(uow, request.item, request.org)
        result = perform_hold(services, uow, subject, actor, request)
        uow.commit()
    return result


def perform_hold(
    services: Services, uow: UnitOfWork, subject: Subject, actor: Actor, request: AdvanceRequest
) -> HoldResult:
    """The priority or hold step inside an open unit of work (used by ``take_hold_step`` and bulk entry)."""
    instance = subject.instance
    step = request.event.strip().lower()
    definition = services.catalogue.compiled(instance.workflow, instance.workflow_version, uow).definition
    if definition.hold is None:
        raise _refused(
            subject,
            step,
            t("Arbetsflödet {workflow} har ingen prioritering eller paus.", workflow=definition.name),
        )
    hold = definition.hold
    label = hold.label(step)
    state = definition.states[instance.state]
    if request.expect_state is not None and instance.state != request.expect_state:
        raise Conflict(
            t(
                "{org} är i läget '{state}' ({code}), inte {expected!r} som väntat; ingenting ändrades.",
                org=subject.org.name,
                state=state.label,
                code=instance.state,
                expected=request.expect_state,
            )
        )
    try:
        rules.may_step(
            label, subject.org.name, subject.org.kind.value, instance.state, hold.at, hold.states, state.label
        )
    except Refusal as refused:
        raise _refused(subject, step, refused.reason) from refused
    check_authority(uow, definition, hold.by, label, subject.org, actor, subject.item.area)
    values = _values(request, step, label)
    if request.note is not None:
        limits.checked(request.note, "--note", limits.NOTE, multiline=True)
    uow.lock_history()
    today, now = services.clock.today(), services.clock.now()
    writing = _Writing(uow, subject, actor, step, now, request.note)
    try:
        if step == rules.PRIORITISE:
            return _prioritise(writing, label, values)
        tree = uow.instances.lock_tree(instance.id)
        if step == rules.HOLD:
            return _hold(writing, label, definition, hold, tree, values, today)
        return _resume(writing, label, tree, today)
    except rules.BadValue as bad:
        raise UsageError(bad.reason) from bad
    except Refusal as refused:
        raise _refused(subject, step, refused.reason) from refused


@dataclass(frozen=True)
class _Writing:
    """The step being taken: where, by whom, when, and the history rows it writes."""

    uow: UnitOfWork
    subject: Subject
    actor: Actor
    step: str
    now: datetime
    note: str | None

    def rows(self, tree: list[TreeInstance], fields_of: dict[int, dict[str, Any]]) -> None:
        """One history row per instance in ``fields_of``: the LPO's own with the note, the others with the cause."""
        own = self.subject.instance.id
        cause = {"cause": f"{self.step} by {self.subject.org.code}"}
        self.uow.history.append_many(
            [
                (
                    HistoryEntry(
                        instance_id=held.id,
                        at=self.now,
                        actor=self.actor.person.code,
                        event=self.step,
                        from_state=held.state,
                        to_state=held.state,
                        fields=fields_of[held.id] if held.id == own else {**cause, **fields_of[held.id]},
                        note=self.note if held.id == own else None,
                        target_level=held.target_level,
                    ),
                    held.item_version,
                    held.level,
                )
                for held in tree
                if held.id in fields_of
            ]
        )

    def result(self, label: Label, **values: Any) -> HoldResult:
        """What the step did."""
        instance = self.subject.instance
        return HoldResult(
            item=self.subject.item.code,
            org=self.subject.org.code,
            org_name=self.subject.org.name,
            step=self.step,
            label=label,
            state=instance.state,
            **{
                "priority": instance.priority,
                "held_since": instance.held_since,
                "review_on": instance.review_on,
                "reason": None,
                **values,
            },
        )


def _prioritise(writing: _Writing, label: Label, values: dict[str, str]) -> HoldResult:
    priority = rules.priority_from(values.get("priority"))
    instance = writing.subject.instance
    writing.uow.instances.set_priority(instance.id, priority.value, writing.now)
    own = TreeInstance(
        instance.id,
        writing.subject.org.code,
        instance.state,
        instance.level,
        instance.target_level,
        writing.subject.item_version.number,
        instance.due,
        instance.held_since,
        instance.review_on,
    )
    writing.rows([own], {instance.id: {"priority": priority.value}})
    return writing.result(label, priority=priority.value, affected=1)


def _hold(
    writing: _Writing,
    label: Label,
    definition: WorkflowDefinition,
    hold: HoldDef,
    tree: list[TreeInstance],
    values: dict[str, str],
    today: date,
) -> HoldResult:
    instance = writing.subject.instance
    states = definition.states

    def still_to_do(held: TreeInstance) -> bool:
        if held.id == instance.id:
            return states[held.state].deadline is not None
        return not (states[held.state].final or states[held.state].goal)

    reason = values.get("reason") or writing.note
    open_steps = sum(1 for held in tree if held.state in states and still_to_do(held))
    # Read again under the lock: the instance as found before the turn was taken may be out of date.
    since = next(held.held_since for held in tree if held.id == instance.id)
    chosen = rules.hold_values(reason, values.get("review"), today, since, open_steps)
    pausing = [held for held in tree if held.held_since is None and not states[held.state].final]
    writing.uow.instances.hold([held.id for held in pausing], today, chosen.review_on, writing.now)
    recorded = {"reason": chosen.reason, "review": chosen.review_on.isoformat()}
    writing.rows(pausing, {held.id: dict(recorded) for held in pausing})
    return writing.result(
        label, held_since=today, review_on=chosen.review_on, reason=chosen.reason, affected=len(pausing)
    )


def _resume(writing: _Writing, label: Label, tree: list[TreeInstance], today: date) -> HoldResult:
    own = writing.subject.instance.id
    since = rules.may_resume(next(entry.held_since for entry in tree if entry.id == own))
    held = [entry for entry in tree if entry.held_since is not None]
    dues: dict[int, date | None] = {}
    fields: dict[int, dict[str, Any]] = {}
    for entry in held:
        assert entry.held_since is not None
        days = rules.held_days(entry.held_since, today)
        due = rules.shifted_due(entry.due, days)
        dues[entry.id] = due
        fields[entry.id] = {"held_since": entry.held_since.isoformat(), "held_days": days}
        if due != entry.due and due is not None:
            fields[entry.id]["due"] = due.isoformat()
    writing.uow.instances.resume(dues, writing.now)
    writing.rows(held, fields)
    return writing.result(
        label,
        held_since=None,
        review_on=None,
        affected=len(held),
        held_days=rules.held_days(since, today),
        moved_dues=sum(1 for entry in held if dues[entry.id] != entry.due),
    )


def _values(request: AdvanceRequest, step: str, label: Label) -> dict[str, str]:
    """The ``--set`` values the step takes; anything else is the person's mistake, said in one sentence."""
    takes = HOLD_TAKES[step]
    if request.ref is not None:
        raise UsageError(t("Steget '{step}' tar ingen referens; ta bort --ref.", step=label))
    given = parse_assignments(request.values)
    for key in given:
        if key not in takes:
            known: Phrase = (
                t("det tar {keys}", keys=joined([f"--set {name}=…" for name in takes]))
                if takes
                else t("det tar inga värden")
            )
            raise UsageError(t("Steget '{step}' tar inget värde {key!r}; {known}.", step=label, key=key, known=known))
    return given


def _refused(subject: Subject, step: str, reason: Phrase | str) -> TransitionRefused:
    return TransitionRefused(subject.item.code, subject.org.code, subject.instance.state, step, reason)
