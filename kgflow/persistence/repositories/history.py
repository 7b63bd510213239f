"""The history table: appended in a hash chain, read in order, never updated or deleted (R12).

Appends are serialised: on SQLite by its single writer, on PostgreSQL by a
transaction-scoped advisory lock taken before the chain's head is read. Each
append continues from the head — the next sequence number and the previous
row's hash — and the unique keys on ``seq`` and ``prev_hash`` refuse a fork
even if that were ever bypassed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from kgflow.domain.audit import GENESIS, ChainRow, Checkpoint, canonical_time, row_hash
from kgflow.domain.model import HistoryEntry
from kgflow.persistence.repositories.rows import aware
from kgflow.persistence.tables import history
from kgflow.service.ports import HistoryRecord

ADVISORY_LOCK = 7_336_122  # "kgflow history" — one number every kgflow process agrees on
CHUNK = 5000


@dataclass
class ChainHead:
    """The chain's head as known inside one transaction (None until read under the lock)."""

    seq: int | None = None
    hash: str = GENESIS

    @property
    def known(self) -> bool:
        """True once the head has been read in this transaction."""
        return self.seq is not None


def _fields_text(fields: dict[str, Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)


_INSERT = insert(history)
_HEAD = select(history.c.seq, history.c.hash).order_by(history.c.seq.desc()).limit(1)


class SqlHistory:
    """History rows in SQL, chained."""

    def __init__(self, connection: Connection, head: ChainHead) -> None:
        self._c = connection
        self._head = head

    def lock_head(self) -> None:
        """Take the right to append (PostgreSQL: an advisory lock) and read the head once."""
        if self._head.known:
            return
        if self._c.dialect.name == "postgresql":
            self._c.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
        row = self._c.execute(_HEAD).first()
        self._head.seq, self._head.hash = (row.seq, row.hash) if row else (0, GENESIS)

    def _chained(self, entry: HistoryEntry, item_version: int, level: int | None) -> dict[str, Any]:
        assert self._head.seq is not None
        seq, previous = self._head.seq + 1, self._head.hash
        fields = _fields_text(entry.fields)
        digest = row_hash(
            seq, entry.instance_id, item_version, entry.at, entry.actor, entry.event, entry.from_state,
            entry.to_state, level, fields, entry.note, previous,
        )  # fmt: skip
        self._head.seq, self._head.hash = seq, digest
        return {
            "seq": seq,
            "prev_hash": previous,
            "hash": digest,
            "instance_id": entry.instance_id,
            "item_version": item_version,
            "at": entry.at,
            "actor": entry.actor,
            "event": entry.event,
            "from_state": entry.from_state,
            "to_state": entry.to_state,
            "level": level,
            "fields": fields,
            "note": entry.note,
        }

    def append(self, entry: HistoryEntry, item_version: int, level: int | None) -> None:
        """Record one transition at the end of the chain."""
        self.lock_head()
        self._c.execute(_INSERT, self._chained(entry, item_version, level))

    def append_many(self, entries: Sequence[tuple[HistoryEntry, int, int | None]]) -> None:
        """Record many transitions, in order, with one executemany."""
        if entries:
            self.lock_head()
            self._c.execute(_INSERT, [self._chained(*entry) for entry in entries])

    def for_instance(self, instance_id: int) -> list[HistoryRecord]:
        """All rows of an instance, oldest first."""
        query = select(history).where(history.c.instance_id == instance_id).order_by(history.c.seq)
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

    def chain(self) -> Iterator[ChainRow]:
        """Every row in sequence order, read a chunk at a time."""
        after = 0
        while True:
            query = select(history).where(history.c.seq > after).order_by(history.c.seq).limit(CHUNK)
            rows = self._c.execute(query).all()
            for row in rows:
                yield ChainRow(
                    row.seq, row.instance_id, row.item_version, row.at, row.actor, row.event, row.from_state,
                    row.to_state, row.level, row.fields, row.note, row.prev_hash, row.hash,
                )  # fmt: skip
            if len(rows) < CHUNK:
                return
            after = rows[-1].seq

    def head(self) -> Checkpoint | None:
        """The last row's sequence number and hash."""
        row = self._c.execute(_HEAD).first()
        return Checkpoint(row.seq, row.hash) if row else None

    def count(self) -> int:
        """How many rows there are."""
        return int(self._c.execute(select(func.count()).select_from(history)).scalar_one())


__all__ = ["ChainHead", "SqlHistory", "canonical_time"]
