"""The step a person is taking, as the effects that store it see it, and the history rows it writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kgflow.definitions.model import EventDef
from kgflow.domain.model import HistoryEntry, Organisation, Person
from kgflow.engine.machine import CompiledWorkflow
from kgflow.service.ports import Subject

Row = tuple[HistoryEntry, int | None, int | None]
"""A history entry with the item version and level it records, as ``append_many`` takes it."""


@dataclass(frozen=True)
class Acting:
    """Who does what, where and when: fixed before any rule is asked."""

    workflow: CompiledWorkflow
    subject: Subject
    event: EventDef
    actor: Person
    fields: Mapping[str, Any]
    per_org: Mapping[Organisation, Any]
    today: date
    now: datetime

    @property
    def org(self) -> Organisation:
        """The acting organisation."""
        return self.subject.org

    @property
    def cause(self) -> dict[str, str]:
        """What a row moved by this step's consequences says caused it."""
        return {"cause": f"{self.event.name} by {self.org.code}"}

    def row(
        self,
        instance_id: int,
        event: str,
        from_state: str | None,
        to_state: str,
        *,
        fields: dict[str, Any],
        version: int,
        level: int | None,
        target_level: int | None = None,
        note: str | None = None,
    ) -> Row:
        """The history row of one instance this step moves, at this step's time and by its actor."""
        entry = HistoryEntry(
            instance_id=instance_id,
            at=self.now,
            actor=self.actor.code,
            event=event,
            from_state=from_state,
            to_state=to_state,
            fields=fields,
            note=note,
            target_level=target_level,
        )
        return entry, version, level
