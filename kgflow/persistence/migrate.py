"""Schema migrations, run from code: ``kgflow init`` upgrades to the newest revision.

Alembic keeps its scripts in ``migrations/``; this module builds the Alembic
configuration programmatically, so users need no ``alembic.ini``. Only ``init``
(and the tests) import it: the other commands check the revision with
:mod:`kgflow.persistence.revision`, without Alembic.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.exc import DBAPIError

from kgflow.persistence.database import Database
from kgflow.persistence.revision import current_revision
from kgflow.persistence.uow import unavailable

__all__ = ["MIGRATIONS", "current_revision", "head_revision", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest revision shipped with this kgflow."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations are shipped")
    return head


def upgrade(database: Database, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (default: the newest) in one transaction."""
    config = _config()
    try:
        connection = database.writer.connect()
    except DBAPIError as exc:
        raise unavailable(database, exc) from exc
    with connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()
