"""Administrative changes as history rows: one place turns facts into entries of the chain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kgflow.domain.model import HistoryEntry
from kgflow.service.ports import UnitOfWork


def record_facts(uow: UnitOfWork, facts: Sequence[tuple[str, dict[str, Any]]], *, actor: str, now: datetime) -> None:
    """Append one history row per (event, fact), with no instance, in one statement (taking the turn)."""
    uow.lock_history()
    uow.history.append_many(
        [(HistoryEntry(None, now, actor, event, None, None, dict(fact)), None, None) for event, fact in facts]
    )
