"""Named leases: one row per name, taken with a conditional UPDATE so only one holder wins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from kgflow.persistence.repositories.rows import aware
from kgflow.persistence.tables import lease


class SqlLeases:
    """Leases in SQL."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def acquire(self, name: str, holder: str, now: datetime, until: datetime) -> tuple[str, datetime]:
        """Take or renew the lease if it is free, expired or already ours; report who holds it after."""
        taken = self._c.execute(
            update(lease)
            .where((lease.c.name == name) & ((lease.c.holder == holder) | (lease.c.expires_at < now)))
            .values(holder=holder, expires_at=until, acquired_at=now)
        ).rowcount
        if not taken:
            current = self._c.execute(select(lease.c.holder, lease.c.expires_at).where(lease.c.name == name)).first()
            if current is not None:
                return current.holder, aware(current.expires_at)
            try:
                with self._c.begin_nested():
                    self._c.execute(insert(lease).values(name=name, holder=holder, acquired_at=now, expires_at=until))
            except IntegrityError:
                current = self._c.execute(select(lease.c.holder, lease.c.expires_at).where(lease.c.name == name)).one()
                return current.holder, aware(current.expires_at)
        return holder, until

    def release(self, name: str, holder: str, now: datetime) -> None:
        """Give the lease up if we hold it: it expires now."""
        self._c.execute(update(lease).where((lease.c.name == name) & (lease.c.holder == holder)).values(expires_at=now))
