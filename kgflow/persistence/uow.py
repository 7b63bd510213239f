"""The SQL unit of work: one connection, one transaction, all repositories.

``with SqlUnitOfWork(database, write=True) as uow: … uow.commit()`` — leaving
the block without ``commit()`` rolls everything back, including after an
exception. Database failures become :class:`~kgflow.domain.errors.KgflowError`
sentences here, at the adapter, so no driver exception reaches a user.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from kgflow.domain.audit import GENESIS, Checkpoint
from kgflow.domain.errors import DatabaseRefused, DatabaseUnavailable, NotAuthorised
from kgflow.domain.wording import t
from kgflow.persistence.backup import SqlBackup
from kgflow.persistence.database import Database
from kgflow.persistence.repositories.follow_up import SqlFollowUpAnswers
from kgflow.persistence.repositories.history import ChainHead, SqlHistory
from kgflow.persistence.repositories.instances import SqlInstances
from kgflow.persistence.repositories.items import SqlItems
from kgflow.persistence.repositories.leases import SqlLeases
from kgflow.persistence.repositories.organisations import SqlOrganisations
from kgflow.persistence.repositories.outbox import SqlOutbox
from kgflow.persistence.repositories.people import SqlPeople
from kgflow.persistence.repositories.sign_ins import SqlSignIns
from kgflow.persistence.repositories.workflows import SqlWorkflows
from kgflow.persistence.turns import Turn, take_turn

INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's code for a grant missing, and for kgflow's history trigger refusing


class SqlUnitOfWork:
    """A transaction on ``database``; ``write=True`` takes SQLite's write lock at once."""

    def __init__(self, database: Database, *, write: bool = False) -> None:
        self._database = database
        self._write = write
        self._connection: Connection | None = None

    def __enter__(self) -> Self:
        engine = self._database.writer if self._write else self._database.reader
        try:
            connection = engine.connect()
            connection.begin()
        except DBAPIError as exc:
            raise unavailable(self._database, exc) from exc
        self._connection = connection
        self.orgs = SqlOrganisations(connection)
        self.people = SqlPeople(connection)
        self.items = SqlItems(connection)
        self._head = ChainHead()
        self.instances = SqlInstances(connection, self._head)
        self.history = SqlHistory(connection, self._head)
        self.workflows = SqlWorkflows(connection)
        self.outbox = SqlOutbox(connection)
        self.leases = SqlLeases(connection)
        self.backup = SqlBackup(connection)
        self.sign_ins = SqlSignIns(connection)
        self.answers = SqlFollowUpAnswers(connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection = self._connection
        self._connection = None
        if connection is None:
            return
        try:
            if connection.in_transaction():
                connection.rollback()
        except DBAPIError:
            connection.invalidate()
        finally:
            connection.close()
        if isinstance(exc, DBAPIError):
            raise refused(exc) from exc

    @property
    def connection(self) -> Connection:
        """The open connection (only inside ``with``)."""
        if self._connection is None:
            raise RuntimeError("the unit of work is not open")
        return self._connection

    def lock_history(self, seen: Checkpoint | None = None) -> None:
        """Take this transaction's turn to append history, before writing any instance.

        Call it after the cheap refusals (authority, state), so a refused
        attempt never waits for the turn. On PostgreSQL the turn is a
        transaction-scoped advisory lock and the head is read under it; on
        SQLite the write lock is held from the start, so a head ``seen`` earlier
        in this transaction is the head. Taking the turn twice is harmless.
        """
        if self._head.known:
            return
        connection = self.connection
        if connection.dialect.name == "postgresql":
            take_turn(connection, Turn.HISTORY)
            seen = None
        if seen is None:
            seen = self.history.head() or Checkpoint(0, GENESIS)
        self._head.seq, self._head.hash = seen.seq, seen.hash

    def commit(self) -> None:
        """Make the transaction permanent."""
        self.connection.commit()

    def rollback(self) -> None:
        """Undo the transaction."""
        self.connection.rollback()


def _first_line(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__


def refused(exc: DBAPIError) -> DatabaseRefused | NotAuthorised:
    """One sentence for a change the database would not make; everything was rolled back."""
    detail = _first_line(exc)
    if getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
        return NotAuthorised(
            t("Databasen låter inte den här inloggningen göra det ({detail}); ingenting ändrades.", detail=detail)
        )
    if "database is locked" in detail:
        return DatabaseRefused(t("Databasen var låst av en annan kgflow för länge; ingenting ändrades. Försök igen."))
    if "database or disk is full" in detail:
        return DatabaseRefused(t("Databasen är full (disken är full eller storleksgränsen nådd); ingenting ändrades."))
    if isinstance(exc, OperationalError) and ("connection" in detail.lower() or "server closed" in detail.lower()):
        return DatabaseRefused(t("Förbindelsen med databasen bröts ({detail}); ingenting ändrades.", detail=detail))
    return DatabaseRefused(t("Databasen vägrade ändringen ({detail}); ingenting ändrades.", detail=detail))


def unavailable(database: Database, exc: DBAPIError) -> DatabaseUnavailable:
    """One sentence for a database that cannot be opened or reached."""
    detail = _first_line(exc)
    path = database.sqlite_path
    if path is not None and "file is not a database" in detail:
        return DatabaseUnavailable(
            t("{path} är ingen kgflow-databas: det är inte ens en databasfil för SQLite.", path=path)
        )
    return DatabaseUnavailable(
        t("Det går inte att öppna databasen {url}: {detail}.", url=database.shown_url, detail=detail.rstrip("."))
    )
