"""Named leases with a fencing token: one row per name, taken and renewed with conditional UPDATEs.

Taking a lease writes a new random token; renewing and releasing name that
token, so a holder that was paused past its lease and resumed finds that its
token no longer matches and changes nothing. On PostgreSQL the renewing UPDATE
also locks the row until its transaction ends: a fenced transaction that
renewed first cannot be overtaken before it commits.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from kgflow.persistence.repositories.rows import aware
from kgflow.persistence.tables import lease
from kgflow.service.ports import LeaseGrant


class SqlLeases:
    """Leases in SQL."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def take(self, name: str, holder: str, now: datetime, until: datetime) -> LeaseGrant:
        """Take the lease with a new token if it is free or expired; report who holds it after trying."""
        token = uuid.uuid4().hex
        taken = self._c.execute(
            update(lease)
            .where((lease.c.name == name) & (lease.c.expires_at < now))
            .values(holder=holder, token=token, expires_at=until, acquired_at=now)
        ).rowcount
        if taken:
            return LeaseGrant(holder, token, until)
        current = self.holder(name)
        if current is not None:
            return current
        try:
            with self._c.begin_nested():
                self._c.execute(
                    insert(lease).values(name=name, holder=holder, token=token, acquired_at=now, expires_at=until)
                )
        except IntegrityError:
            return self.holder(name) or LeaseGrant(holder, None, now)
        return LeaseGrant(holder, token, until)

    def renew(self, name: str, token: str, until: datetime) -> bool:
        """Extend the lease only if ``token`` still holds it (expired or not: nobody else took it)."""
        return bool(
            self._c.execute(
                update(lease).where((lease.c.name == name) & (lease.c.token == token)).values(expires_at=until)
            ).rowcount
        )

    def holder(self, name: str) -> LeaseGrant | None:
        """Who holds the lease now, without the token (that belongs to the holder alone)."""
        current = self._c.execute(select(lease.c.holder, lease.c.expires_at).where(lease.c.name == name)).first()
        return None if current is None else LeaseGrant(current.holder, None, aware(current.expires_at))

    def release(self, name: str, token: str, now: datetime) -> None:
        """Give the lease up if ``token`` still holds it: it expires now."""
        self._c.execute(update(lease).where((lease.c.name == name) & (lease.c.token == token)).values(expires_at=now))
