"""The history table: appended in a hash chain, read in order, never updated or deleted (R12).

Each row continues from the chain's head — the next sequence number and the
previous row's hash. On SQLite, whose single writer holds the turn for its
whole transaction, kgflow extends the chain here as it appends. On PostgreSQL
the rows go in unsealed and the database seals them in order as the
transaction commits, under a transaction-scoped advisory lock held only for
that moment (migration 0011), so writers do their work side by side. Either
way the unique keys on ``seq`` and ``prev_hash`` refuse a fork even if that
were ever bypassed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, and_, func, insert, or_, select

from kgflow.domain import records
from kgflow.domain.audit import GENESIS, SCHEME, ChainRow, Checkpoint, canonical_time, expected_hash
from kgflow.domain.model import HistoryEntry
from kgflow.domain.wording import in_swedish
from kgflow.persistence.repositories.rows import aware
from kgflow.persistence.tables import history, instance, item, item_version, organisation, person
from kgflow.service.ports import Drift, HistoryRecord

CHUNK = 5000


@dataclass
class ChainHead:
    """The chain's head as known inside one transaction, owned by its unit of work.

    It is unknown until the unit of work takes the turn to append
    (:meth:`~kgflow.persistence.uow.SqlUnitOfWork.lock_history`); history
    appends and instance writes refuse to run before that, so no writer moves
    an instance before its refusals are behind it. On PostgreSQL the head is
    not followed here: the database seals the rows as the transaction commits.
    """

    seq: int | None = None
    hash: str = GENESIS

    @property
    def known(self) -> bool:
        """True once the turn to append has been taken in this transaction."""
        return self.seq is not None

    def require(self) -> None:
        """Refuse (a programming error, not a user's) to write before the turn was taken."""
        if self.seq is None:
            raise RuntimeError("history and instances are written only after uow.lock_history()")


def fields_text(fields: dict[str, Any]) -> str:
    """A history row's values as the JSON text kgflow stores and hashes.

    What kgflow stores reads the same for every later reader: a phrase among the values is kept in Swedish.
    """
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, default=in_swedish)


_INSERT = insert(history)


@cache
def _out_of_step() -> Select[Any]:
    """Every instance whose row disagrees with its last history row (built on first use: only audits ask)."""
    last = (
        select(history.c.instance_id, func.max(history.c.seq).label("seq"))
        .where(history.c.instance_id.is_not(None))
        .group_by(history.c.instance_id)
        .subquery("last_row")
    )
    return (
        select(
            instance.c.id,
            item.c.code.label("item"),
            organisation.c.code.label("org"),
            instance.c.state,
            instance.c.level,
            instance.c.target_level,
            item_version.c.number,
            history.c.seq.label("h_seq"),
            history.c.to_state.label("h_state"),
            history.c.level.label("h_level"),
            history.c.target_level.label("h_target"),
            history.c.item_version.label("h_version"),
        )
        .join(item, item.c.id == instance.c.item_id)
        .join(organisation, organisation.c.id == instance.c.org_id)
        .join(item_version, item_version.c.id == instance.c.item_version_id)
        .outerjoin(last, last.c.instance_id == instance.c.id)
        .outerjoin(history, history.c.seq == last.c.seq)
        .where(
            or_(
                history.c.seq.is_(None),
                history.c.to_state.is_distinct_from(instance.c.state),
                history.c.level.is_distinct_from(instance.c.level),
                and_(
                    history.c.scheme == 2,
                    or_(
                        history.c.target_level.is_distinct_from(instance.c.target_level),
                        history.c.item_version.is_distinct_from(item_version.c.number),
                    ),
                ),
            )
        )
    )


# A row of this transaction on PostgreSQL is unsealed (``seq`` empty) until it commits: never the head.
_HEAD = select(history.c.seq, history.c.hash).where(history.c.seq.is_not(None)).order_by(history.c.seq.desc()).limit(1)


class SqlHistory:
    """History rows in SQL, chained."""

    def __init__(self, connection: Connection, head: ChainHead) -> None:
        self._c = connection
        self._head = head

    def _chained(self, entry: HistoryEntry, item_version: int | None, level: int | None) -> dict[str, Any]:
        values: dict[str, Any] = {
            "scheme": SCHEME,
            "instance_id": entry.instance_id,
            "item_version": item_version,
            "at": entry.at,
            "actor": entry.actor,
            "event": entry.event,
            "from_state": entry.from_state,
            "to_state": entry.to_state,
            "level": level,
            "target_level": entry.target_level,
            "fields": fields_text(entry.fields),
            "note": entry.note,
        }
        self._head.require()
        if self._c.dialect.name == "postgresql":
            return values  # the database's trigger stamps the login and time and extends the chain
        assert self._head.seq is not None
        seq, previous = self._head.seq + 1, self._head.hash
        row = ChainRow(
            seq, entry.instance_id, item_version, entry.at, entry.actor, entry.event, entry.from_state,
            entry.to_state, level, values["fields"], entry.note, previous, "", None, entry.target_level,
        )  # fmt: skip
        digest = expected_hash(row)
        self._head.seq, self._head.hash = seq, digest
        return {**values, "seq": seq, "prev_hash": previous, "hash": digest}

    def append(self, entry: HistoryEntry, item_version: int | None, level: int | None) -> None:
        """Record one transition at the end of the chain."""
        self._c.execute(_INSERT, self._chained(entry, item_version, level))

    def append_many(self, entries: Sequence[tuple[HistoryEntry, int | None, int | None]]) -> None:
        """Record many transitions, in order, with one executemany."""
        if entries:
            self._c.execute(_INSERT, [self._chained(*entry) for entry in entries])

    def for_instance(self, instance_id: int) -> list[HistoryRecord]:
        """All rows of an instance, oldest first."""
        query = (
            select(history, person.c.login.label("own_login"))
            .outerjoin(person, person.c.code == history.c.actor)
            .where(history.c.instance_id == instance_id)
            .order_by(history.c.seq, history.c.id)
        )
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
                login=row.login,
                target_level=row.target_level,
                on_behalf=row.login is not None and row.login != row.own_login,
            )
            for row in self._c.execute(query)
        ]

    def came_from(self, item_id: int, item_version: int, event: str, to_state: str) -> dict[int, str]:
        """Per instance of an item, the state that ``event`` on ``item_version`` took it from into ``to_state``."""
        query = (
            select(history.c.instance_id, history.c.from_state)
            .join(instance, instance.c.id == history.c.instance_id)
            .where(
                and_(
                    instance.c.item_id == item_id,
                    history.c.item_version == item_version,
                    history.c.event == event,
                    history.c.to_state == to_state,
                    history.c.from_state.is_not(None),
                )
            )
            .order_by(history.c.seq, history.c.id)
        )
        return {row.instance_id: row.from_state for row in self._c.execute(query)}

    def chain(self) -> Iterator[ChainRow]:
        """Every row in sequence order, read a chunk at a time."""
        after = 0
        while True:
            query = select(history).where(history.c.seq > after).order_by(history.c.seq).limit(CHUNK)
            rows = self._c.execute(query).all()
            for row in rows:
                yield ChainRow(
                    row.seq, row.instance_id, row.item_version, row.at, row.actor, row.event, row.from_state,
                    row.to_state, row.level, row.fields, row.note, row.prev_hash, row.hash, row.login,
                    row.target_level, row.scheme,
                )  # fmt: skip
            if len(rows) < CHUNK:
                return
            after = rows[-1].seq

    def out_of_step(self, limit: int = 1) -> tuple[int, list[Drift]]:
        """Instances whose own row disagrees with their last history row: how many, and the first ``limit``.

        State and level are compared for every instance; target level and item
        version where the last row is of scheme 2 (older rows did not record them).
        """
        query = _out_of_step().order_by(instance.c.id)
        found = self._c.execute(query).all()
        drifts = [
            Drift(
                row.item,
                row.org,
                (row.state, row.level, row.target_level, row.number),
                None if row.h_seq is None else (row.h_state, row.h_level, row.h_target, row.h_version),
            )
            for row in found[:limit]
        ]
        return len(found), drifts

    def registered_digest(self, name: str, version: int) -> str | None:
        """The digest the history recorded when workflow ``name`` version ``version`` was registered."""
        query = (
            select(history.c.fields).where(history.c.event == records.WORKFLOW).order_by(history.c.seq, history.c.id)
        )
        digest = None
        for (text_fields,) in self._c.execute(query):
            fact = json.loads(text_fields)
            if fact.get("name") == name and fact.get("version") == version:
                digest = fact.get("digest")
        return digest

    def head(self) -> Checkpoint | None:
        """The last row's sequence number and hash."""
        row = self._c.execute(_HEAD).first()
        return Checkpoint(row.seq, row.hash) if row else None

    def count(self) -> int:
        """How many rows there are."""
        return int(self._c.execute(select(func.count()).select_from(history)).scalar_one())

    def unsealed(self) -> int:
        """How many rows have no place in the chain: committed unsealed only if PostgreSQL's seal was switched off."""
        query = select(func.count()).select_from(history).where(history.c.seq.is_(None))
        return int(self._c.execute(query).scalar_one())


__all__ = ["ChainHead", "SqlHistory", "canonical_time", "fields_text"]
