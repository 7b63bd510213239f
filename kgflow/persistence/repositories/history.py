"""The history table: appends and reads, never updates or deletes (R12)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select

from kgflow.domain.model import HistoryEntry
from kgflow.persistence.repositories.rows import aware
from kgflow.persistence.tables import history
from kgflow.service.ports import HistoryRecord


def _values(entry: HistoryEntry, item_version: int, level: int | None) -> dict[str, Any]:
    return {
        "instance_id": entry.instance_id,
        "item_version": item_version,
        "at": entry.at,
        "actor": entry.actor,
        "event": entry.event,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "level": level,
        "fields": json.dumps(entry.fields, ensure_ascii=False, sort_keys=True, default=str),
        "note": entry.note,
    }


_INSERT = insert(history)


class SqlHistory:
    """History rows in SQL."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def append(self, entry: HistoryEntry, item_version: int, level: int | None) -> None:
        """Record one transition."""
        self._c.execute(_INSERT, _values(entry, item_version, level))

    def append_many(self, entries: Sequence[tuple[HistoryEntry, int, int | None]]) -> None:
        """Record many transitions with one executemany."""
        if entries:
            self._c.execute(_INSERT, [_values(*entry) for entry in entries])

    def for_instance(self, instance_id: int) -> list[HistoryRecord]:
        """All rows of an instance, oldest first."""
        query = select(history).where(history.c.instance_id == instance_id).order_by(history.c.id)
        return [
            HistoryRecord(
                at=aware(row.at),
                actor=row.actor,
                event=row.event,
                from_state=row.from_state,
                to_state=row.to_state,
                item_version=row.item_version,
                level=row.level,
                fields=json.loads(row.fields),
                note=row.note,
            )
            for row in self._c.execute(query)
        ]

    def count(self) -> int:
        """How many rows there are."""
        return int(self._c.execute(select(func.count()).select_from(history)).scalar_one())
