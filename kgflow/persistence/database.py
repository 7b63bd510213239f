"""Opening the database: URLs, SQLite's settings, PostgreSQL through the same door.

SQLite is the embedded default (a file in the working directory). Every
connection is put in WAL mode with ``synchronous=FULL`` (a committed advance
survives a power cut) and a busy timeout, and write transactions start with
``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes fails
with "database is locked" whatever the timeout, because SQLite cannot upgrade
its read lock while another writer waits. PostgreSQL URLs are routed to
psycopg 3.

A SQLite file kgflow may read but not write (``chmod 444``, an immutable file,
a read-only mount) is opened read-only (``mode=ro``; ``immutable=1`` as well
when not even SQLite's shared-memory file can be made beside it): reading
commands work, and a command that would change it is refused in one sentence
before it begins.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from kgflow.domain.errors import DatabaseRefused, DatabaseUnavailable, UsageError
from kgflow.domain.wording import t

DEFAULT_FILE = "kgflow.db"
BUSY_TIMEOUT_MS = 30_000
_PASSWORD = re.compile(r"(://[^:/@]+:)[^@]*(@)")


def default_url(directory: Path | None = None) -> str:
    """The embedded default: ``kgflow.db`` in ``directory`` (the working directory)."""
    return f"sqlite:///{(directory or Path.cwd()) / DEFAULT_FILE}"


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***``, safe to print."""
    return _PASSWORD.sub(r"\1***\2", url)


def parse_url(raw: str) -> URL:
    """Read a database URL and route PostgreSQL to psycopg 3.

    Raises:
        UsageError: when the text is not a database URL kgflow can use.
    """
    text = raw.strip()
    if "://" not in text:
        # A bare path is taken as a SQLite file, as a user would expect.
        text = f"sqlite:///{Path(text).expanduser().resolve()}"
    try:
        url = make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise UsageError(
            t(
                "{url!r} är ingen databasadress; använd sqlite:///FIL eller postgresql://VÄRD/DATABAS.",
                url=redact(raw),
            )
        ) from exc
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg2", "postgresql+psycopg"):
        return url.set(drivername="postgresql+psycopg")
    if url.drivername in ("sqlite", "sqlite+pysqlite"):
        return url.set(drivername="sqlite+pysqlite")
    raise UsageError(t("kgflow arbetar med SQLite och PostgreSQL, inte {backend!r}.", backend=url.get_backend_name()))


@dataclass
class Database:
    """One database: a URL and the SQLAlchemy engines that talk to it.

    ``writer`` starts every transaction with ``BEGIN IMMEDIATE`` on SQLite;
    ``reader`` with a plain ``BEGIN``. On PostgreSQL both behave the same.
    """

    url: URL
    echo: bool = False
    _engines: dict[str, Engine] = field(default_factory=dict, repr=False)
    _bulk: list[bool] = field(default_factory=lambda: [False], repr=False)

    @classmethod
    def from_url(cls, raw: str, *, echo: bool = False) -> Database:
        """A database for ``raw`` (a URL or a bare SQLite file path)."""
        return cls(parse_url(raw), echo=echo)

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded SQLite backend."""
        return self.url.get_backend_name() == "sqlite"

    @property
    def shown_url(self) -> str:
        """The URL without its password."""
        return self.url.render_as_string(hide_password=True)

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, or None for PostgreSQL or an in-memory database."""
        if not self.is_sqlite or not self.url.database or self.url.database == ":memory:":
            return None
        return Path(self.url.database)

    @cached_property
    def read_only(self) -> bool:
        """True for an existing SQLite file this process may not write."""
        path = self.sqlite_path
        if path is None or not path.is_file():
            return False
        try:
            # Trying is the honest test: permission bits say nothing to root, nor of immutable files or mounts.
            os.close(os.open(path, os.O_RDWR))
        except PermissionError:
            return True
        except OSError as exc:
            return exc.errno == errno.EROFS
        return False

    @cached_property
    def engine(self) -> Engine:
        """The base engine (plain ``BEGIN`` on SQLite)."""
        return self._create()

    @property
    def writer(self) -> Engine:
        """An engine whose transactions take the write lock at once on SQLite.

        Raises:
            DatabaseRefused: for a SQLite file kgflow may only read.
        """
        if self.read_only:
            raise DatabaseRefused(
                t(
                    "Databasfilen {path} är skrivskyddad: kgflow kan läsa den men inte ändra den, "
                    "så ingenting ändrades.",
                    path=self.sqlite_path,
                )
            )
        return self._immediate

    @cached_property
    def _immediate(self) -> Engine:
        return self.engine.execution_options(kgflow_begin="IMMEDIATE")

    @property
    def reader(self) -> Engine:
        """An engine for read-only work."""
        return self.engine

    def dispose(self) -> None:
        """Close every pooled connection."""
        if "engine" in self.__dict__:
            self.engine.dispose()

    @contextmanager
    def loading_in_bulk(self) -> Iterator[None]:
        """While a whole sample is loaded into SQLite, commits wait for the write-ahead log, not for the disk.

        ``synchronous=NORMAL`` in WAL mode never corrupts the file; a power cut
        may lose the last commits, and a half-loaded sample is loaded again
        anyway. Every connection opened afterwards is back to ``FULL``. On
        PostgreSQL this changes nothing.
        """
        if not self.is_sqlite:
            yield
            return
        self.dispose()
        self._bulk[0] = True
        try:
            yield
        finally:
            self._bulk[0] = False
            self.dispose()

    def _create(self) -> Engine:
        kwargs: dict[str, Any] = {"echo": self.echo}
        if self.is_sqlite:
            path = self.sqlite_path
            if path is not None and not path.parent.exists():
                raise UsageError(t("Mappen {folder!r} för databasfilen finns inte.", folder=str(path.parent)))
            kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
            url = self._read_only_url(path) if path is not None and self.read_only else self.url
            engine = create_engine(url, **kwargs)
            _make_sqlite_transactional(engine, wal=url is self.url, bulk=self._bulk)
            return engine
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"connect_timeout": 10}
        if self.url.query.get("kgflow_nopool"):
            kwargs["poolclass"] = NullPool
        return create_engine(self.url, **kwargs)

    def _read_only_url(self, path: Path) -> URL:
        """``mode=ro``; with ``immutable=1`` too when SQLite cannot make its shared-memory file beside ``path``."""
        import sqlite3  # a probe of the file itself; PostgreSQL never loads the module

        database = f"file:{quote(str(path))}"
        try:
            probe = sqlite3.connect(f"{database}?mode=ro", uri=True)
            try:
                probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                probe.close()
        except sqlite3.OperationalError as exc:
            if "unable to open" in str(exc):
                # A read-only folder too: with no write-ahead log beside it, the file is the whole database.
                if Path(f"{path}-wal").exists():
                    raise DatabaseUnavailable(
                        t(
                            "Det går inte att öppna den skrivskyddade databasfilen {path}: SQLite kan inte läsa "
                            "dess loggfil (write-ahead log) i en skrivskyddad mapp; kopiera mappen dit det går "
                            "att skriva.",
                            path=path,
                        )
                    ) from exc
                return self.url.set(database=database, query={"mode": "ro", "immutable": "1", "uri": "true"})
        return self.url.set(database=database, query={"mode": "ro", "uri": "true"})


def _make_sqlite_transactional(engine: Engine, *, wal: bool = True, bulk: list[bool] | None = None) -> None:
    """Let SQLAlchemy, not pysqlite, emit BEGIN, so BEGIN IMMEDIATE is possible.

    This is SQLAlchemy's documented recipe for SQLite: switch off the driver's
    own transaction handling, then emit our BEGIN on the "begin" event. A
    read-only file keeps its journal mode (setting it is a write).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute(f"PRAGMA synchronous = {'NORMAL' if bulk and bulk[0] else 'FULL'}")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("kgflow_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")
