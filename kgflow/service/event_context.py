"""The state of one advance while its guards, conditions and effects run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kgflow.definitions.model import EventDef
from kgflow.domain.model import Organisation, Person
from kgflow.engine.machine import CompiledWorkflow
from kgflow.service.ports import InstanceChange, Subject, UnitOfWork


@dataclass
class Pending:
    """The acting instance's new values, adjusted by effects before they are written."""

    level: int | None
    target_level: int | None
    due: date | None
    late: bool

    def change(self, state: str) -> InstanceChange:
        """The change to write for ``state``."""
        return InstanceChange(state, self.level, self.target_level, self.due, self.late)


@dataclass
class EventContext:
    """Everything a guard, condition or effect may look at or add to."""

    uow: UnitOfWork
    workflow: CompiledWorkflow
    subject: Subject
    event: EventDef
    actor: Person
    fields: dict[str, Any]
    per_org: dict[Organisation, Any]
    note: str | None
    force: bool
    today: date
    now: datetime
    pending: Pending
    version_number: int
    recorded: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    moved: int = 0
    switched: int = 0
    created: int = 0
    scratch: dict[str, Any] = field(default_factory=dict)

    @property
    def org(self) -> Organisation:
        """The acting organisation."""
        return self.subject.org

    @property
    def where(self) -> str:
        """The organisation's name, for sentences."""
        return self.subject.org.name
