"""The SQL unit of work: one connection, one transaction, all repositories.

``with SqlUnitOfWork(database, write=True) as uow: … uow.commit()`` — leaving
the block without ``commit()`` rolls everything back, including after an
exception. Database failures become :class:`~kgflow.domain.errors.KgflowError`
sentences here, at the adapter, so no driver exception reaches a user.

Each repository is built, and its module imported, the first time a service
asks for it inside the transaction: a command that only reads instances does not
load the outbox's SQL (nor PostgreSQL's dialect with it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from kgflow.domain.audit import GENESIS, Checkpoint
from kgflow.domain.errors import DatabaseRefused, DatabaseUnavailable, NotAuthorised
from kgflow.domain.wording import t
from kgflow.persistence.database import Database
from kgflow.persistence.turns import Turn, take_turn

if TYPE_CHECKING:
    from kgflow.persistence.backup import SqlBackup
    from kgflow.persistence.repositories.follow_up import SqlFollowUpAnswers
    from kgflow.persistence.repositories.history import ChainHead, SqlHistory
    from kgflow.persistence.repositories.instances import SqlInstances
    from kgflow.persistence.repositories.items import SqlItems
    from kgflow.persistence.repositories.leases import SqlLeases
    from kgflow.persistence.repositories.organisations import SqlOrganisations
    from kgflow.persistence.repositories.outbox import SqlOutbox
    from kgflow.persistence.repositories.people import SqlPeople
    from kgflow.persistence.repositories.plans import SqlPlans
    from kgflow.persistence.repositories.sign_ins import SqlSignIns
    from kgflow.persistence.repositories.workflows import SqlWorkflows

_Repository = TypeVar("_Repository")

INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's code for a grant missing, and for kgflow's history trigger refusing


class SqlUnitOfWork:
    """A transaction on ``database``; ``write=True`` takes SQLite's write lock at once."""

    def __init__(self, database: Database, *, write: bool = False) -> None:
        self._database = database
        self._write = write
        self._connection: Connection | None = None
        self._head: ChainHead | None = None
        self._repositories: dict[str, Any] = {}

    def __enter__(self) -> Self:
        engine = self._database.writer if self._write else self._database.reader
        try:
            connection = engine.connect()
            connection.begin()
        except DBAPIError as exc:
            raise unavailable(self._database, exc) from exc
        from kgflow.persistence.repositories.history import ChainHead

        self._connection = connection
        self._head = ChainHead()
        self._repositories = {}
        return self

    @property
    def _chain(self) -> ChainHead:
        """Where this transaction's history appends continue the chain (only inside ``with``)."""
        if self._head is None:
            raise RuntimeError("the unit of work is not open")
        return self._head

    def _repository(self, name: str, build: Callable[[Connection], _Repository]) -> _Repository:
        """The transaction's one ``name`` repository, built on first use."""
        found = self._repositories.get(name)
        if found is None:
            found = self._repositories[name] = build(self.connection)
        return cast(_Repository, found)

    @property
    def orgs(self) -> SqlOrganisations:
        """Organisations."""
        from kgflow.persistence.repositories.organisations import SqlOrganisations

        return self._repository("orgs", SqlOrganisations)

    @property
    def people(self) -> SqlPeople:
        """People and roles."""
        from kgflow.persistence.repositories.people import SqlPeople

        return self._repository("people", SqlPeople)

    @property
    def items(self) -> SqlItems:
        """Items and versions."""
        from kgflow.persistence.repositories.items import SqlItems

        return self._repository("items", SqlItems)

    @property
    def instances(self) -> SqlInstances:
        """Instances (appending history through the transaction's chain head)."""
        from kgflow.persistence.repositories.instances import SqlInstances

        return self._repository("instances", lambda connection: SqlInstances(connection, self._chain))

    @property
    def history(self) -> SqlHistory:
        """History rows (appended through the transaction's chain head)."""
        from kgflow.persistence.repositories.history import SqlHistory

        return self._repository("history", lambda connection: SqlHistory(connection, self._chain))

    @property
    def workflows(self) -> SqlWorkflows:
        """Registered workflow texts."""
        from kgflow.persistence.repositories.workflows import SqlWorkflows

        return self._repository("workflows", SqlWorkflows)

    @property
    def outbox(self) -> SqlOutbox:
        """Notices and digests."""
        from kgflow.persistence.repositories.outbox import SqlOutbox

        return self._repository("outbox", SqlOutbox)

    @property
    def leases(self) -> SqlLeases:
        """Named leases."""
        from kgflow.persistence.repositories.leases import SqlLeases

        return self._repository("leases", SqlLeases)

    @property
    def backup(self) -> SqlBackup:
        """Export and restore."""
        from kgflow.persistence.backup import SqlBackup

        return self._repository("backup", SqlBackup)

    @property
    def sign_ins(self) -> SqlSignIns:
        """Web sign-in links, sessions and API tokens."""
        from kgflow.persistence.repositories.sign_ins import SqlSignIns

        return self._repository("sign_ins", SqlSignIns)

    @property
    def plans(self) -> SqlPlans:
        """Implementation plans and their activities."""
        from kgflow.persistence.repositories.plans import SqlPlans

        return self._repository("plans", SqlPlans)

    @property
    def answers(self) -> SqlFollowUpAnswers:
        """Answers to follow-up rounds, per organisation and question."""
        from kgflow.persistence.repositories.follow_up import SqlFollowUpAnswers

        return self._repository("answers", SqlFollowUpAnswers)

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

    def lock_history(self, seen: Checkpoint | None = None, *, own_instance: bool = False) -> None:
        """Take this transaction's turn to append history, before writing any instance.

        Call it after the cheap refusals (authority, state). On SQLite the write
        lock is held from the start, so this transaction has the turn already and
        a head ``seen`` earlier in it is the head; otherwise the head is read.

        On PostgreSQL the database seals the transaction's rows into the chain as
        it commits (migration 0011), taking the history turn only for that
        moment. Here the turn to decide is taken: alone by default, so what the
        transaction reads of other instances, items and people cannot change
        under it; shared with ``own_instance``, for a step that reads and writes
        nothing but its own instance (its row's compare-and-set guards that), so
        such steps run side by side. Taking the turn twice is harmless.
        """
        head = self._chain
        if head.known:
            return
        connection = self.connection
        if connection.dialect.name == "postgresql":
            take_turn(connection, Turn.RULES, shared=own_instance)
            head.seq, head.hash = 0, GENESIS  # sealed at commit by the database, not extended here
            return
        if seen is None:
            seen = self.history.head() or Checkpoint(0, GENESIS)
        head.seq, head.hash = seen.seq, seen.hash

    @contextmanager
    def attempt(self) -> Iterator[None]:
        """A SAVEPOINT: what the block did is undone if it raises, and the history head known before it is restored."""
        chain = self._chain
        seq, head = chain.seq, chain.hash
        savepoint = self.connection.begin_nested()
        try:
            yield
        except BaseException:
            if savepoint.is_active:
                savepoint.rollback()
            chain.seq, chain.hash = seq, head
            raise
        savepoint.commit()

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
