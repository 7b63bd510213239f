"""``kgflow todo``: what waits for the acting person, most urgent first, with the command to take each step.

A step waits for a person when its instance is open (not in a final state and
not yet implemented) at an organisation where the person holds a role that the
workflow allows to take one of the events possible from there (R13, decided by
:mod:`kgflow.domain.authority`). Two reads do it: the person with every role
held, then every open instance at or below those organisations; the rest is
asked of the compiled workflows, in memory.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import date
from typing import Any

from kgflow.definitions.model import EventDef, FieldDef, FieldType, Label
from kgflow.domain import authority
from kgflow.domain.authority import Actor
from kgflow.domain.calendar import working_days_between
from kgflow.domain.errors import UsageError
from kgflow.domain.model import Organisation, Person
from kgflow.domain.rules import levels
from kgflow.domain.wording import Phrase, t
from kgflow.engine.machine import CompiledWorkflow
from kgflow.service.context import Services
from kgflow.service.facts import NEEDS_CHILDREN
from kgflow.service.identity import acting_ref
from kgflow.service.lookup import actor_named, find_area, find_item, find_org
from kgflow.service.ports import StatusRow, UnitOfWork

__all__ = ["Blank", "Command", "HeldRole", "Step", "Todo", "Waiting", "todo"]


@dataclass(frozen=True)
class Blank:
    """A value the person fills in (``REFERENS``), after an optional ``key=`` that stays as written."""

    placeholder: Phrase
    key: str = ""

    def __str__(self) -> str:
        return f"{self.key}={self.placeholder}" if self.key else str(self.placeholder)


@dataclass(frozen=True)
class Command:
    """The words of a ``kgflow`` command line; real values are shell-quoted, blanks are shown as blanks."""

    words: tuple[str | Blank, ...]

    def __str__(self) -> str:
        shown = (str(word) if isinstance(word, Blank) else shlex.quote(word) for word in self.words)
        return " ".join(("kgflow", *shown))


@dataclass(frozen=True)
class Step:
    """An event the person may take now, by its label, with the command that takes it."""

    event: str
    label: Label
    command: Command
    fields: tuple[FieldDef, ...] = ()
    """The values the step takes (``ref``, ``level``, ``gaps`` …), for a form to ask for."""
    overridable: bool = False
    """The step may be forced with a note past organisations that have not answered (R4)."""
    per_organisation: FieldType | None = None
    """The step also takes a value per organisation below (an LPO's target level per huvudman)."""

    def as_json(self) -> dict[str, Any]:
        """``event``, ``label`` and ``command``."""
        return {"event": self.event, "label": str(self.label), "command": str(self.command)}


@dataclass(frozen=True)
class Waiting:
    """An instance that waits for the person: where it stands, how late, and what can be done."""

    row: StatusRow
    state: Label
    days_late: int
    steps: tuple[Step, ...]
    answering: bool = False  # on remiss: the date is when the answer is due ("svar senast")

    def as_json(self) -> dict[str, Any]:
        """The contract of ``todo --json``: item, org, state, due, days_late, events and a few labels."""
        row = self.row
        return {
            "item": row.item,
            "item_title": row.item_title,
            "org": row.org,
            "org_name": row.org_name,
            "state": row.state,
            "state_label": str(self.state),
            "due": row.due.isoformat() if row.due else None,
            "days_late": self.days_late,
            "level": row.level,
            "target_level": row.target_level,
            "priority": row.priority,
            "held": row.held,
            "held_since": row.held_since.isoformat() if row.held_since else None,
            "review_on": row.review_on.isoformat() if row.review_on else None,
            "events": [step.as_json() for step in self.steps],
        }


@dataclass(frozen=True)
class HeldRole:
    """A role the person holds, by its label, at an organisation."""

    role: str
    label: Label | str
    org: Organisation


@dataclass(frozen=True)
class Todo:
    """Who "me" is, the roles they hold, and what waits for them, most urgent first."""

    person: Person
    roles: tuple[HeldRole, ...]
    waiting: tuple[Waiting, ...]


def todo(
    services: Services,
    actor: str | None,
    *,
    item: str | None = None,
    org: str | None = None,
    late: bool = False,
    area: str | None = None,
) -> Todo:
    """Every open step the acting person may take, at ``org`` and below and of ``item`` if given.

    Sorted by urgency: the latest first, then the nearest due date, then those
    without one. ``late``: only steps past their due date; ``area``: only the
    items of one programområde.

    Raises:
        UsageError: when nobody is acting.
        NotFound: for an unknown person, item or organisation (suggesting the nearest).
    """
    today = services.clock.today()
    with services.uow() as uow:
        named = acting_ref(uow, actor, as_of_another_date=services.as_of_another_date)
        if not named:
            raise UsageError(
                t("Säg vem du är med --as PERSON (eller KGFLOW_USER=PERSON), så visar kgflow det som väntar på dig.")
            )
        me = actor_named(uow, named)
        item_id = find_item(uow, item).id if item else None
        under = find_org(uow, org) if org else None
        wanted_area = find_area(uow, area) if area else None
        workflows = {key: services.catalogue.compiled(*key, uow) for key in uow.workflows.registered()}
        found = uow.instances.at_roles_of(
            me.person.id,
            item_id=item_id,
            under=under,
            due_before=today if late else None,
            finished=_finished(workflows.values()),
            area=wanted_area,
        )
        waiting = []
        for row, at in found:
            key = (row.workflow, row.workflow_version)
            workflow = workflows.get(key) or services.catalogue.compiled(*key, uow)
            entry = _waiting(workflow, row, at, me, today)
            if entry is not None:
                waiting.append(entry)
        roles = _roles(uow, me, workflows.values())
    waiting.sort(key=lambda w: (w.row.due is None, w.row.due or date.max, w.row.item, w.row.org))
    return Todo(me.person, roles, tuple(waiting))


def _finished(workflows: Any) -> set[str]:
    """States that are final or the goal in every workflow version naming them: the query may leave them out."""
    done: dict[str, bool] = {}
    for workflow in workflows:
        for state in workflow.definition.states.values():
            ended = state.final or state.goal
            done[state.name] = done.get(state.name, True) and ended
    return {name for name, ended in done.items() if ended}


def _waiting(workflow: CompiledWorkflow, row: StatusRow, at: Organisation, me: Actor, today: date) -> Waiting | None:
    state = workflow.state(row.state)
    if state.final or state.goal:
        return None
    definition = workflow.definition
    steps = tuple(
        Step(
            event.name,
            event.label,
            _command(workflow, event, row, me.person),
            tuple(event.fields.values()),
            bool(NEEDS_CHILDREN & set(event.guards)),
            event.per_organisation,
        )
        for event in workflow.events_from(row.state, at.kind.value)
        if not _any_time(workflow, event)
        and not ("level_3_needs_gap" in event.guards and levels.next_needs_gap(row.level))
        and authority.is_allowed(
            [(rule.role, rule.at_kind) for rule in event.by], at, me.roles, definition.responsible, row.item_area
        )
    )
    if not steps:
        return None
    late = row.due is not None and row.due < today and not row.held  # a held step is not late (R16)
    days_late = working_days_between(row.due, today) if late and row.due is not None else 0
    answering = definition.referral is not None and row.state == definition.referral.state
    return Waiting(row, state.label, days_late, steps, answering)


def _any_time(workflow: CompiledWorkflow, event: EventDef) -> bool:
    """An event possible from every open state (withdrawal) is always possible, never waiting."""
    open_states = {s.name for s in workflow.definition.states.values() if not s.final}
    return len(open_states) > 1 and open_states <= set(event.sources)


def _command(workflow: CompiledWorkflow, event: EventDef, row: StatusRow, person: Person) -> Command:
    referral = workflow.definition.referral
    if referral is not None and event.name == referral.event:
        return Command(("--as", person.code, "refer", row.item, "--due", Blank(t("ÅÅÅÅ-MM-DD"))))
    words: list[str | Blank] = ["--as", person.code, "advance", row.item, row.org, event.name]
    for field in event.fields.values():
        if not field.required:
            continue
        if field.name == "ref":
            words += ["--ref", Blank(t("REFERENS"))]
        elif field.type is FieldType.LEVEL and field.name == "level" and event.name == "reach_level":
            words += ["--set", f"level={min((row.level or 0) + 1, 3)}"]
        else:
            words += ["--set", Blank(_placeholder(field), field.name)]
    return Command(tuple(words))


def _placeholder(field: FieldDef) -> Phrase:
    if field.type is FieldType.DATE:
        return t("ÅÅÅÅ-MM-DD")
    if field.type is FieldType.COUNT:
        return t("ANTAL")
    if field.type is FieldType.LEVEL:
        return t("NIVÅ")
    if field.type is FieldType.LIST:
        return t("'A; B'")
    if field.type is FieldType.FORUM:
        return t("FORUM")
    if field.name == "reason":
        return t("'SKÄL'")
    return t("'TEXT'")


def _roles(uow: UnitOfWork, me: Actor, workflows: Any) -> tuple[HeldRole, ...]:
    labels: dict[str, Label] = {}
    for workflow in workflows:
        for role, label in workflow.definition.roles.items():
            labels.setdefault(role, label)
    orgs = uow.orgs.by_ids({held.org_id for held in me.roles})
    held = [HeldRole(h.role, labels.get(h.role, h.role), orgs[h.org_id]) for h in me.roles if h.org_id in orgs]
    return tuple(sorted(held, key=lambda h: (h.org.path, h.role)))
