"""Commands check the schema revision with one query, and refuse an empty or older database plainly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kgflow.domain.errors import KgflowError
from kgflow.persistence import migrate, revision
from kgflow.persistence.database import Database
from kgflow.testing import FixedClock, application
from tests.conftest import pg_schema, used_postgresql


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database that exists but holds no kgflow schema."""
    if request.param == "sqlite":
        path = tmp_path / "empty.db"
        Database.from_url(f"sqlite:///{path}").writer.connect().close()
        yield f"sqlite:///{path}"
        return
    with pg_schema("kgflow_revision", migrated=False) as url:
        used_postgresql(request)
        yield url


def test_head_is_the_newest_migration_shipped() -> None:
    assert migrate.head_revision() == revision.HEAD


def test_the_revision_is_none_then_each_one_upgraded_to(empty_url: str) -> None:
    database = Database.from_url(empty_url)
    try:
        assert revision.current_revision(database) is None
        migrate.upgrade(database, "0001")
        assert revision.current_revision(database) == "0001"
        migrate.upgrade(database)
        assert revision.current_revision(database) == revision.HEAD
    finally:
        database.dispose()


def test_a_database_without_the_schema_is_refused_in_one_sentence(empty_url: str) -> None:
    app = application(empty_url, FixedClock(date(2026, 12, 1)))
    try:
        with pytest.raises(KgflowError, match=r"har inga tabeller för kgflow; kör `kgflow init` först\.$"):
            app.ensure_ready()
    finally:
        app.close()


def test_an_older_schema_is_refused_until_init_upgrades_it(empty_url: str) -> None:
    database = Database.from_url(empty_url)
    migrate.upgrade(database, "0007")
    database.dispose()
    app = application(empty_url, FixedClock(date(2026, 12, 1)))
    try:
        with pytest.raises(
            KgflowError, match=rf"schemat 0007, och den här kgflow behöver {revision.HEAD}; kör `kgflow init`"
        ):
            app.ensure_ready()
        assert app.migrate().before == "0007"
        app.ensure_ready()
    finally:
        app.close()
