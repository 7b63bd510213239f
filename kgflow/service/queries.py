"""Read-only questions: where things stand (``status``) and how they got there (``history``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kgflow.engine.machine import CompiledWorkflow
from kgflow.service.context import Services
from kgflow.service.lookup import find_item, find_org, find_subject
from kgflow.service.ports import HistoryRecord, StatusRow, Subject, UnitOfWork


@dataclass(frozen=True)
class StatusLine:
    """A status row with the Swedish label of its state."""

    row: StatusRow
    state_label: str

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
        }


@dataclass(frozen=True)
class HistoryLine:
    """A history row with the labels of its states."""

    record: HistoryRecord
    from_label: str | None
    to_label: str

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


def _labeller(services: Services, uow: UnitOfWork) -> Any:
    cache: dict[tuple[str, int], CompiledWorkflow] = {}

    def label(workflow: str, version: int, state: str) -> str:
        key = (workflow, version)
        if key not in cache:
            cache[key] = services.catalogue.compiled(workflow, version, uow)
        return cache[key].label(state)

    return label


def status(services: Services, item: str | None = None, org: str | None = None) -> list[StatusLine]:
    """Instances of one item or all, at an organisation and everything below it, or everywhere."""
    with services.uow() as uow:
        item_id = find_item(uow, item).id if item else None
        under = find_org(uow, org) if org else None
        label = _labeller(services, uow)
        return [
            StatusLine(row, label(row.workflow, row.workflow_version, row.state))
            for row in uow.instances.status(item_id=item_id, under=under)
        ]


def history(services: Services, item: str, org: str) -> tuple[Subject, list[HistoryLine]]:
    """Every recorded transition of an item at an organisation, oldest first."""
    with services.uow() as uow:
        subject = find_subject(uow, item, org)
        workflow = services.catalogue.compiled(subject.instance.workflow, subject.instance.workflow_version, uow)
        lines = [
            HistoryLine(
                r,
                workflow.label(r.from_state) if r.from_state else None,
                workflow.label(r.to_state) if r.to_state else "",
            )
            for r in uow.history.for_instance(subject.instance.id)
        ]
        return subject, lines
