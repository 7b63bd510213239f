"""What a person asks of a step and what the step did: the request and result of ``advance`` and bulk entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


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
    answers: tuple[tuple[str, Any], ...] = ()
    """A follow-up round's answers (R14), already checked against its questions: recorded in the step's row."""


@dataclass(frozen=True)
class TargetSet:
    """A target level a step gave an organisation below the acting one (R6: the LPO's decision)."""

    org: str
    org_name: str
    org_kind: str
    level: int


@dataclass(frozen=True)
class DefaultTarget:
    """The level given to every organisation a step did not name; ``from_item``: nobody gave one."""

    level: int
    from_item: bool
    named: int


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
    targets: tuple[TargetSet, ...] = ()
    default_target: DefaultTarget | None = None

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
            "targets": [{"org": target.org, "target_level": target.level} for target in self.targets],
        }
