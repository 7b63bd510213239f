"""Alembic environment: migrations run on a connection kgflow hands over.

``kgflow init`` (and the tests) call :func:`kgflow.persistence.migrate.upgrade`,
which passes an open connection in ``config.attributes["connection"]``. Run
from the command line (``alembic -c kgflow/persistence/alembic.ini``) it uses
``KGFLOW_DATABASE_URL``.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from kgflow.persistence.database import Database, default_url
from kgflow.persistence.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate the given connection, or open one from the environment."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    database = Database.from_url(os.environ.get("KGFLOW_DATABASE_URL") or default_url())
    with database.writer.connect() as own:
        _run(own)
        own.commit()


run_migrations_online()
