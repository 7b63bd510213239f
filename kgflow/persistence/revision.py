"""Which schema revision a database is at, in one query, and which one this kgflow needs.

Every command but ``init`` only checks that the database is current; that check
reads Alembic's ``alembic_version`` table with one ``SELECT`` and compares it
with :data:`HEAD`, without importing Alembic (a fifth of a command's start-up).
:mod:`kgflow.persistence.migrate` keeps Alembic for creating and upgrading, and
``tests/integration/test_schema_revision.py`` checks :data:`HEAD` is the newest
migration shipped.
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from kgflow.persistence.database import Database
from kgflow.persistence.uow import unavailable

HEAD = "0011"
"""The newest revision in ``migrations/versions`` (a new migration changes this line too)."""

VERSION_TABLE = "alembic_version"
_READ = text(f"SELECT version_num FROM {VERSION_TABLE}")


def current_revision(database: Database) -> str | None:
    """The revision the database is at, or None when it has no kgflow schema.

    Raises:
        DatabaseUnavailable: when the database cannot be reached or read.
    """
    try:
        with database.reader.connect() as connection:
            try:
                return connection.execute(_READ).scalar()
            except DBAPIError:
                # Only now ask whether the table is there at all: a database without kgflow's schema.
                connection.rollback()
                if inspect(connection).has_table(VERSION_TABLE):
                    raise
                return None
    except DBAPIError as exc:
        raise unavailable(database, exc) from exc
