"""Read-only questions: where things stand (``status``) and how they got there (``history``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kgflow.definitions.model import Label, StateDef
from kgflow.domain.errors import NotFound
from kgflow.domain.rules.hold import hold_words, priority_words
from kgflow.domain.spelling import did_you_mean, folded, nearest
from kgflow.domain.wording import t
from kgflow.engine.machine import CompiledWorkflow
from kgflow.service.context import Services
from kgflow.service.lookup import find_area, find_item, find_org, find_subject
from kgflow.service.ports import HistoryRecord, StatusRow, Subject, UnitOfWork


@dataclass(frozen=True)
class StatusLine:
    """A status row with the Swedish label of its state."""

    row: StatusRow
    state_label: str
    overdue: bool = False
    """Past its due date in a state that has one (what ``--late`` shows)."""
    state: Label | None = None
    """The state's labels, for showing it in the reader's language."""

    @property
    def state_shown(self) -> str:
        """The state's name in the reader's language (its Swedish label where the labels are not known)."""
        return str(self.state) if self.state is not None else self.state_label

    def as_json(self) -> dict[str, Any]:
        """The contract of ``status --json``: item, org, state, due, level and more."""
        row = self.row
        return {
            "item": row.item,
            "org": row.org,
            "org_name": row.org_name,
            "kind": row.org_kind,
            "state": row.state,
            "state_label": self.state_label,
            "due": row.due.isoformat() if row.due else None,
            "level": row.level,
            "target_level": row.target_level,
            "late": row.late,
            "item_version": row.item_version,
            "workflow": row.workflow,
            "workflow_version": row.workflow_version,
            "priority": row.priority,
            "held": row.held,
            "held_since": row.held_since.isoformat() if row.held_since else None,
            "review_on": row.review_on.isoformat() if row.review_on else None,
        }

    @property
    def standing_shown(self) -> str:
        """The state in words, with the län's priority and a hold where there are (R16)."""
        parts = [self.state_shown]
        if (priority := priority_words(self.row.priority)) is not None:
            parts.append(str(priority))
        if self.row.held_since is not None:
            parts.append(str(hold_words(self.row.held_since, self.row.review_on)))
        return ", ".join(parts)


@dataclass(frozen=True)
class HistoryLine:
    """A history row with the labels of its states."""

    record: HistoryRecord
    from_label: str | None
    to_label: str
    event: Label | None = None
    """The event's labels (None for an event the workflow does not name, shown by its id)."""
    from_state: Label | None = None
    to_state: Label | None = None

    def as_json(self) -> dict[str, Any]:
        """JSON-ready."""
        r = self.record
        return {
            "at": r.at.isoformat(),
            "actor": r.actor,
            "login": r.login,
            "event": r.event,
            "from": r.from_state,
            "to": r.to_state,
            "item_version": r.item_version,
            "level": r.level,
            "fields": dict(r.fields),
            "note": r.note,
        }


@dataclass(frozen=True)
class ItemStates:
    """One line of the summary: an item, its title, and how many instances stand in each state, most first."""

    item: str
    title: str
    states: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        """Every instance of the item."""
        return sum(count for _, count in self.states)


def status_summary(services: Services, *, area: str | None = None) -> list[ItemStates]:
    """Per item, its instances counted per state in the reader's language (one grouped query, not a row each).

    Raises:
        NotFound: for an unknown programområde.
    """
    with services.uow() as uow:
        wanted_area = find_area(uow, area) if area else None
        counted: dict[str, Counter[str]] = {}
        titles: dict[str, str] = {}
        for found in uow.instances.state_counts(wanted_area):
            known = services.catalogue.compiled(found.workflow, found.workflow_version, uow).definition.states
            label = str(known[found.state].label) if found.state in known else found.state
            counted.setdefault(found.item, Counter())[label] += found.count
            titles[found.item] = found.item_title
    return [ItemStates(code, titles[code], tuple(counts.most_common())) for code, counts in counted.items()]


def status(
    services: Services,
    item: str | None = None,
    org: str | None = None,
    *,
    late: bool = False,
    open_only: bool = False,
    state: str | None = None,
    area: str | None = None,
) -> list[StatusLine]:
    """Instances of one item or all, at an organisation and everything below it, or everywhere.

    Args:
        late: only instances past their due date in a state that has one.
        open_only: only instances not in a final state.
        state: only instances in this state, named by id or by its Swedish or English label.
        area: only the items of this programområde (its code or name).

    Raises:
        NotFound: for an unknown item, organisation or state (suggesting the nearest).
    """
    today = services.clock.today()
    with services.uow() as uow:
        found_item = find_item(uow, item) if item else None
        under = find_org(uow, org) if org else None
        wanted_area = find_area(uow, area) if area else None
        workflows = _workflows(services, uow, found_item.workflow if found_item else None)
        states = find_states(workflows, state) if state else None
        lines = []
        rows = uow.instances.status(
            item_id=found_item.id if found_item else None,
            under=under,
            states=states,
            due_before=today if late else None,
            area=wanted_area,
        )
        for row in rows:
            key = (row.workflow, row.workflow_version)
            workflow = workflows.get(key) or services.catalogue.compiled(*key, uow)
            known = workflow.definition.states.get(row.state)
            overdue = known is not None and _overdue(known, row, today)
            if (late and not overdue) or (open_only and known is not None and known.final):
                continue
            label = known.label.sv if known else row.state
            lines.append(StatusLine(row, label, overdue, known.label if known else None))
        return lines


def _overdue(state: StateDef, row: StatusRow, today: date) -> bool:
    return state.deadline is not None and not state.final and row.due is not None and row.due < today and not row.held


def _workflows(services: Services, uow: UnitOfWork, name: str | None) -> dict[tuple[str, int], CompiledWorkflow]:
    """Every registered workflow version (only those of ``name`` if given), compiled."""
    return {
        key: services.catalogue.compiled(*key, uow)
        for key in uow.workflows.registered()
        if name is None or key[0] == name
    }


def find_states(workflows: dict[tuple[str, int], CompiledWorkflow], typed: str) -> set[str]:
    """The states ``typed`` names, by id or by Swedish or English label, in any of ``workflows``.

    Raises:
        NotFound: when no state is called that, suggesting the nearest.
    """
    wanted = folded(" ".join(typed.split()))
    every = {s.name: s for workflow in workflows.values() for s in workflow.definition.states.values()}
    named = {name for name, s in every.items() if wanted in (folded(name), folded(s.label.sv), folded(s.label.en))}
    if named:
        return named
    raise state_not_found(typed, every.values())


def state_not_found(typed: str, states: Any) -> NotFound:
    """No state is called ``typed``: suggest by id and labels."""
    # Rendered here (the reader's language is installed before any service runs) so that this reads the
    # same whether NotFound takes phrases or only text.
    candidates = [(s.name, (s.label.sv, s.label.en)) for s in states]
    name = typed.strip()
    return NotFound(
        str(t("läge")),
        name,
        did_you_mean(nearest(typed, candidates)) or str(t("Se lägena med `kgflow workflow show ARBETSFLÖDE`.")),
        sentence=str(t("Det finns inget läge som heter {name!r}.", name=name)),
    )


def history(services: Services, item: str, org: str) -> tuple[Subject, list[HistoryLine]]:
    """Every recorded transition of an item at an organisation, oldest first."""
    with services.uow() as uow:
        subject = find_subject(uow, item, org)
        workflow = services.catalogue.compiled(subject.instance.workflow, subject.instance.workflow_version, uow)
        states = workflow.definition.states
        events = workflow.definition.step_labels()
        lines = [
            HistoryLine(
                r,
                workflow.label(r.from_state) if r.from_state else None,
                workflow.label(r.to_state) if r.to_state else "",
                events.get(r.event),
                _state_label(states, r.from_state),
                _state_label(states, r.to_state),
            )
            for r in uow.history.for_instance(subject.instance.id)
        ]
        return subject, lines


def _state_label(states: Mapping[str, StateDef], state: str | None) -> Label | None:
    known = states.get(state) if state is not None else None
    return known.label if known is not None else None


def history_words(services: Services, subject: Subject) -> tuple[dict[str, Label], dict[str, Label]]:
    """The labels of the events and roles of the subject's workflow, for showing stored ids as words."""
    with services.uow() as uow:
        definition = services.catalogue.compiled(
            subject.instance.workflow, subject.instance.workflow_version, uow
        ).definition
    events = definition.step_labels()
    return events, dict(definition.roles)
