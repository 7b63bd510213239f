"""The national dataset's bulk writes: history rows chained as kgflow chains them, and the instances' last rows.

Used by ``bench/national.py``; the rows are kgflow's own (the fields text of
its history repository, the hash of ``kgflow.domain.audit``), only written
in bulk rather than one parameter set at a time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, update

from kgflow.domain.audit import GENESIS, SCHEME, ChainRow, expected_hash
from kgflow.domain.model import HistoryEntry
from kgflow.persistence.repositories.history import fields_text  # the fields text kgflow stores and hashes
from kgflow.persistence.tables import history, instance


def finish_instances(connection: Any, finals: list[dict[str, Any]]) -> None:
    """The instances' final rows: one ``executemany`` on SQLite; on PostgreSQL ``COPY`` into a temporary
    table and one ``UPDATE … FROM`` it (an ``executemany`` there is one statement per instance)."""
    if connection.dialect.name != "postgresql":
        connection.execute(
            update(instance)
            .where(instance.c.id == bindparam("key"))
            .values(
                state=bindparam("state"),
                level=bindparam("level"),
                target_level=bindparam("target"),
                due=bindparam("due"),
                late=bindparam("late"),
                version=bindparam("moves"),
            ),
            finals,
        )
        return
    connection.exec_driver_sql(
        "CREATE TEMPORARY TABLE final_instance (id integer, state text, level integer, target_level integer, "
        "due date, version integer) ON COMMIT DROP"
    )
    cursor = connection.connection.driver_connection.cursor()
    with cursor, cursor.copy("COPY final_instance FROM STDIN") as copy:
        for row in finals:
            copy.write_row((row["key"], row["state"], row["level"], row["target"], row["due"], row["moves"]))
    connection.exec_driver_sql(
        "UPDATE instance SET state = f.state, level = f.level, target_level = f.target_level, due = f.due, "
        "late = false, version = f.version FROM final_instance f WHERE instance.id = f.id"
    )


_COLUMNS = ("seq", "prev_hash", "hash", "scheme", "instance_id", "item_version", "at", "login", "actor", "event",
            "from_state", "to_state", "level", "target_level", "fields", "note")  # fmt: skip
_INSERT_HISTORY = f"INSERT INTO history ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"


def append_history(uow: Any, entries: list[tuple[HistoryEntry, int | None, int | None]]) -> None:
    """History rows at the end of the chain, each hashed by kgflow's own ``expected_hash``.

    The rows are chained as kgflow chains them — the same fields text, the same
    ``ChainRow`` after the head's hash — and written in bulk instead of through
    SQLAlchemy's per-row parameter handling (most of the time before): on SQLite
    with one plain ``executemany`` (the timestamp as the column type stores it);
    on PostgreSQL with ``COPY``, the rows stamped with the session's login and
    written as ``kgflow import`` restores rows (``kgflow.restore``, for an
    administrator only), where the trigger would otherwise chain each row in turn.
    """
    connection = uow.connection
    postgres = connection.dialect.name == "postgresql"
    login = connection.exec_driver_sql("SELECT session_user").scalar_one() if postgres else None
    head = uow.history.head()
    seq, previous = (head.seq, head.hash) if head is not None else (0, GENESIS)
    column_type = history.c.at.type.dialect_impl(connection.dialect)
    stored_at = column_type.bind_processor(connection.dialect) or (lambda value: value)
    stamps: dict[datetime, Any] = {}
    texts: dict[tuple[tuple[str, Any], ...], str] = {}  # most rows say what others say: the text made once
    rows = []
    for entry, version, level in entries:
        said = tuple(sorted(entry.fields.items()))
        fields = texts[said] if said in texts else texts.setdefault(said, fields_text(entry.fields))
        seq += 1
        chained = ChainRow(
            seq, entry.instance_id, version, entry.at, entry.actor, entry.event, entry.from_state, entry.to_state,
            level, fields, entry.note, previous, "", login, entry.target_level,
        )  # fmt: skip
        digest = expected_hash(chained)
        at = stamps[entry.at] if entry.at in stamps else stamps.setdefault(entry.at, stored_at(entry.at))
        rows.append(
            (seq, previous, digest, SCHEME, entry.instance_id, version, at, login, entry.actor, entry.event,
             entry.from_state, entry.to_state, level, entry.target_level, fields, entry.note)
        )  # fmt: skip
        previous = digest
    if not rows:
        return
    if not postgres:
        connection.exec_driver_sql(_INSERT_HISTORY, rows)
        return
    connection.exec_driver_sql("SELECT set_config('kgflow.restore', 'on', true)")
    cursor = connection.connection.driver_connection.cursor()
    with cursor, cursor.copy(f"COPY history ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    connection.exec_driver_sql("SELECT set_config('kgflow.restore', 'off', true)")
