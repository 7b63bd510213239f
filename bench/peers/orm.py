"""The schema a user of a plain state-machine library would write: an SQLAlchemy 2 ORM model, and its engine.

Two mapped classes: ``Instance`` (one row per organisation's instance: its
state, a version the ORM checks on every UPDATE, and for SpiffWorkflow the
serialized workflow) and ``History`` (one row per transition). The engine gets
the same SQLite file settings as kgflow's: WAL, the given ``synchronous``,
foreign keys on. There is no hash chain: a user of these libraries would not
write one, so the peers do less work per step than kgflow does.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, ForeignKey, String, Text, create_engine, event, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The peers' declarative base."""


class Instance(Base):
    """One organisation's instance of the seven-step process."""

    __tablename__ = "instance"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime | None]
    document: Mapped[str | None] = mapped_column(Text)  # SpiffWorkflow's serialized workflow
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's documented form


class History(Base):
    """One transition: who, when, which event, from and to which state."""

    __tablename__ = "history"
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instance.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(80))
    event: Mapped[str] = mapped_column(String(80))
    from_state: Mapped[str] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))


def sqlite_engine(path: Path, synchronous: str) -> Engine:
    """An engine on ``path`` whose connections use WAL, ``synchronous`` and foreign keys."""
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA synchronous = {synchronous}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    return engine


def create(path: Path, instances: int, state: str, document: str | None = None) -> list[int]:
    """A fresh file at ``path`` with ``instances`` rows in ``state``; their ids."""
    engine = sqlite_engine(path, "NORMAL")
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(Instance), [{"state": state, "version": 1, "document": document}] * instances)
    engine.dispose()
    return list(range(1, instances + 1))
