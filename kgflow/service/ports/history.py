"""History: the append-only, hash-chained record of what happened, and the drift checks over it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from kgflow.domain.audit import ChainRow, Checkpoint
from kgflow.domain.model import (
    HistoryEntry,
)


@dataclass(frozen=True)
class HistoryRecord:
    """One history row as shown by ``kgflow history``."""

    at: datetime
    actor: str
    event: str
    from_state: str | None
    to_state: str | None
    item_version: int | None
    level: int | None
    fields: Mapping[str, Any]
    note: str | None
    login: str | None = None
    target_level: int | None = None
    on_behalf: bool = False  # written by a login not the actor's own (an administrator or a service)


@dataclass(frozen=True)
class Drift:
    """An instance whose row disagrees with its history: (state, level, target, version) of each."""

    item: str
    org: str
    stored: tuple[str, int | None, int | None, int]
    recorded: tuple[str | None, int | None, int | None, int | None] | None


class HistoryRepository(Protocol):
    """The append-only record of transitions (R12)."""

    def append(self, entry: HistoryEntry, item_version: int | None, level: int | None) -> None:
        """Record one transition."""
        ...

    def append_many(self, entries: Sequence[tuple[HistoryEntry, int | None, int | None]]) -> None:
        """Record many transitions in one statement."""
        ...

    def out_of_step(self, limit: int = 1) -> tuple[int, list[Drift]]:
        """Instances whose row disagrees with their last history row: how many, and the first ``limit``."""
        ...

    def registered_digest(self, name: str, version: int) -> str | None:
        """The digest recorded when a workflow version was registered."""
        ...

    def for_instance(self, instance_id: int) -> list[HistoryRecord]:
        """All rows of an instance, oldest first."""
        ...

    def count(self) -> int:
        """How many rows there are."""
        ...

    def came_from(self, item_id: int, item_version: int, event: str, to_state: str) -> dict[int, str]:
        """Per instance of an item, the state that ``event`` on ``item_version`` took it from into ``to_state``."""
        ...

    def chain(self) -> Iterator[ChainRow]:
        """Every row in sequence order."""
        ...

    def head(self) -> Checkpoint | None:
        """The last row's sequence number and hash."""
        ...

    def unsealed(self) -> int:
        """How many rows have no place in the chain (on PostgreSQL only when its seal was switched off)."""
        ...
