"""Changing the database behind kgflow's back, with plain SQL, as an intruder or a careless admin would."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, text

from kgflow.persistence.database import Database


def plain_sql(database_url: str, statements: Iterable[str], *, append_only_off: bool = False) -> None:
    """Run statements in one transaction; optionally switch the history's append-only triggers off first."""
    database = Database.from_url(database_url)
    try:
        with database.engine.begin() as connection:
            if append_only_off:
                switch_off_append_only(connection)
            for statement in statements:
                connection.execute(text(statement))
    finally:
        database.dispose()


def switch_off_append_only(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.execute(text("DROP TRIGGER IF EXISTS history_no_update"))
        connection.execute(text("DROP TRIGGER IF EXISTS history_no_delete"))
    else:
        connection.execute(text("ALTER TABLE history DISABLE TRIGGER history_append_only"))


def fail_inserts_of(database_url: str, event: str) -> None:
    """Make the database refuse history rows of one event (a full disk, a broken replica, a DBA's mistake)."""
    database = Database.from_url(database_url)
    with database.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text(
                f"CREATE TRIGGER refuse_{event} BEFORE INSERT ON history WHEN NEW.event = '{event}' "
                "BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END"
            ))  # fmt: skip
        else:
            connection.execute(text(
                "CREATE FUNCTION refuse_history() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'refused by a test trigger'; END $$"
            ))  # fmt: skip
            connection.execute(text(
                f"CREATE TRIGGER refuse_{event} BEFORE INSERT ON history FOR EACH ROW "
                f"WHEN (NEW.event = '{event}') EXECUTE FUNCTION refuse_history()"
            ))  # fmt: skip
    database.dispose()
