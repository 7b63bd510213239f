"""``INSERT … ON CONFLICT DO NOTHING`` in the backend's own dialect, loading only that dialect.

SQLite and PostgreSQL both spell it ``ON CONFLICT``, but SQLAlchemy offers it
per dialect. Importing ``sqlalchemy.dialects.postgresql`` costs a SQLite user a
tenth of a second of start-up for nothing, so each backend imports its own here,
when a statement is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Table

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite


def insert_or_skip(connection: Connection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT into ``table`` for the connection's backend; add ``.on_conflict_do_nothing(...)``."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
