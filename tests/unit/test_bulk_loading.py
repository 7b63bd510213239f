"""Loading the sample in bulk: SQLite waits only for its log while it lasts, and for the disk again afterwards."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from kgflow.persistence.database import Database

NORMAL, FULL = 1, 2  # what PRAGMA synchronous answers


def synchronous(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(text("PRAGMA synchronous")).scalar_one())


def test_bulk_loading_relaxes_sqlite_only_while_it_lasts(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path / 'kgflow.db'}")
    assert synchronous(database) == FULL
    with database.loading_in_bulk():
        assert synchronous(database) == NORMAL
    assert synchronous(database) == FULL
    database.dispose()
