"""Where one instance stands, for a page about it: its state, its history, and what can be done now, by whom.

Put together from the same queries as ``kgflow status``, ``kgflow history``
and ``kgflow todo``, so a page never answers a question a second way: the
steps the acting person may take are :func:`kgflow.service.todo.todo`'s, the
others possible from the state are the workflow's, with the roles it names, and
the organisations right below are ``kgflow status``'s lines for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgflow.definitions.model import EventDef, Label, WorkflowDefinition
from kgflow.domain.rules.hold import HOLD, hold_words, priority_words
from kgflow.service.context import Services
from kgflow.service.ports import Subject
from kgflow.service.queries import HistoryLine, StatusLine, history, history_words, status
from kgflow.service.todo import Waiting, todo


@dataclass(frozen=True)
class Standing:
    """One instance: where it stands, how it got there, and what can be done from here."""

    subject: Subject
    line: StatusLine
    history: tuple[HistoryLine, ...]
    definition: WorkflowDefinition
    events: dict[str, Label]
    roles: dict[str, Label]
    mine: Waiting | None
    """The steps the acting person may take now (None: none)."""
    possible: tuple[EventDef, ...]
    """Every step possible from the state at this kind of organisation, whoever may take it."""
    names: dict[str, str]
    """The names of the people the history names, by code."""
    below: tuple[StatusLine, ...]
    """Where the item stands at the organisations right below (whose answers a compiled answer waits for)."""
    priority: str | None = None
    """The län's priority in words ("hög prioritet"), where the LPO set one (R16)."""
    held: str | None = None
    """The hold in words, with its reason: "pausat sedan … till omprövning …: …" (R16)."""


def standing(services: Services, actor: str | None, item: str, org: str) -> Standing:
    """Where ``item`` stands at ``org``, and what ``actor`` and others may do there now.

    Raises:
        NotFound: for an unknown item or organisation, or an item that has not reached the organisation.
    """
    subject, lines = history(services, item, org)
    here_and_below = status(services, subject.item.code, subject.org.code)
    [line] = [found for found in here_and_below if found.row.org == subject.org.code]
    events, roles = history_words(services, subject)
    waiting = todo(services, actor, item=subject.item.code, org=subject.org.code).waiting if actor else ()
    mine = next((entry for entry in waiting if entry.row.org == subject.org.code), None)
    instance = subject.instance
    with services.uow() as uow:
        workflow = services.catalogue.compiled(instance.workflow, instance.workflow_version, uow)
        people = (uow.people.find(code) for code in {entry.record.actor for entry in lines})
        names = {person.code: person.name for person in people if person is not None}
        orgs = uow.orgs.by_ids(found.row.org_id for found in here_and_below)
    below = tuple(
        found
        for found in here_and_below
        if found.row.org_id in orgs and subject.org.id in orgs[found.row.org_id].parent_ids
    )
    possible = tuple(workflow.events_from(instance.state, subject.org.kind.value))
    priority = priority_words(line.row.priority)
    return Standing(
        subject,
        line,
        tuple(lines),
        workflow.definition,
        events,
        roles,
        mine,
        possible,
        names,
        below,
        priority=str(priority) if priority is not None else None,
        held=_held(line, lines),
    )


def _held(line: StatusLine, lines: list[HistoryLine]) -> str | None:
    """The hold in words, with the reason its history row recorded."""
    since = line.row.held_since
    if since is None:
        return None
    holds = [entry for entry in lines if entry.record.event == HOLD]
    reason = holds[-1].record.fields.get("reason") if holds else None
    return str(hold_words(since, line.row.review_on, str(reason) if reason else None))
