"""Web sign-in's rows in SQL: links spent by one conditional UPDATE, sessions, API tokens, counted requests, the secret.

Every token is looked up by its SHA-256. Spending a link is a single
``UPDATE … WHERE used_at IS NULL AND expires_at > now RETURNING person_id``:
of two transactions spending one link at once, the database lets exactly one
change the row (PostgreSQL makes the second wait for the first and then finds
nothing to update; SQLite runs writers one at a time).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from kgflow.domain.model import Person
from kgflow.domain.sign_in import RequestCounts
from kgflow.persistence.repositories import rows
from kgflow.persistence.repositories.rows import aware
from kgflow.persistence.tables import api_token, person, sign_in_link, sign_in_request, web_secret, web_session
from kgflow.persistence.turns import Turn, take_turn
from kgflow.service.ports import ApiTokenView

SECRET_ID = 1


class SqlSignIns:
    """Sign-in rows in SQL."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def _person(self, person_id: int | None) -> Person | None:
        if person_id is None:
            return None
        row = self._c.execute(select(person).where(person.c.id == person_id)).first()
        return rows.person(row) if row is not None else None

    def count_requests(self, address_hash: str, client: str, since: datetime) -> RequestCounts:
        """Take the requests' turn (PostgreSQL: an advisory lock; SQLite: the write lock held), then count."""
        take_turn(self._c, Turn.SIGN_IN_REQUESTS)
        recent = sign_in_request.c.at > since

        def counted(condition: ColumnElement[bool]) -> int:
            query = select(func.count()).select_from(sign_in_request).where(recent & condition)
            return int(self._c.execute(query).scalar_one())

        return RequestCounts(
            by_address=counted(sign_in_request.c.address_hash == address_hash),
            by_client=counted(sign_in_request.c.client == client),
        )

    def record_request(self, at: datetime, address_hash: str, client: str) -> None:
        """Count one accepted request."""
        self._c.execute(insert(sign_in_request).values(at=at, address_hash=address_hash, client=client))

    def forget_requests(self, before: datetime) -> int:
        """Delete requests older than ``before``."""
        return int(self._c.execute(delete(sign_in_request).where(sign_in_request.c.at < before)).rowcount)

    def add_link(self, token_hash: str, person_id: int, created_at: datetime, expires_at: datetime) -> None:
        """Store a new link."""
        self._c.execute(
            insert(sign_in_link).values(
                token_hash=token_hash, person_id=person_id, created_at=created_at, expires_at=expires_at
            )
        )

    def spend_link(self, token_hash: str, now: datetime) -> Person | None:
        """One conditional UPDATE: only an unused, unexpired link is spent, and only once."""
        spent = self._c.execute(
            update(sign_in_link)
            .where(
                (sign_in_link.c.token_hash == token_hash)
                & sign_in_link.c.used_at.is_(None)
                & (sign_in_link.c.expires_at > now)
            )
            .values(used_at=now)
            .returning(sign_in_link.c.person_id)
        ).scalar_one_or_none()
        return self._person(spent)

    def add_session(self, token_hash: str, person_id: int, created_at: datetime, expires_at: datetime) -> None:
        """Store a new session."""
        self._c.execute(
            insert(web_session).values(
                token_hash=token_hash, person_id=person_id, created_at=created_at, expires_at=expires_at
            )
        )

    def session_person(self, token_hash: str, now: datetime) -> Person | None:
        """The person of a live session, in one query."""
        row = self._c.execute(
            select(person)
            .join(web_session, web_session.c.person_id == person.c.id)
            .where(
                (web_session.c.token_hash == token_hash)
                & web_session.c.ended_at.is_(None)
                & (web_session.c.expires_at > now)
            )
        ).first()
        return rows.person(row) if row is not None else None

    def end_session(self, token_hash: str, now: datetime) -> None:
        """End a live session."""
        self._c.execute(
            update(web_session)
            .where((web_session.c.token_hash == token_hash) & web_session.c.ended_at.is_(None))
            .values(ended_at=now)
        )

    def add_api_token(self, token_hash: str, person_id: int, label: str, created_at: datetime) -> int:
        """Store a new API token; its id."""
        return int(
            self._c.execute(
                insert(api_token)
                .values(token_hash=token_hash, person_id=person_id, label=label, created_at=created_at)
                .returning(api_token.c.id)
            ).scalar_one()
        )

    def api_tokens(self, person_id: int) -> list[ApiTokenView]:
        """A person's tokens, oldest first."""
        query = select(api_token).where(api_token.c.person_id == person_id).order_by(api_token.c.id)
        return [
            ApiTokenView(
                id=row.id,
                label=row.label,
                created_at=aware(row.created_at),
                last_used_at=aware(row.last_used_at) if row.last_used_at is not None else None,
                revoked_at=aware(row.revoked_at) if row.revoked_at is not None else None,
            )
            for row in self._c.execute(query)
        ]

    def revoke_api_token(self, person_id: int, token_id: int, now: datetime) -> bool:
        """Revoke the person's own token (once: a second revocation keeps the first time)."""
        mine = (api_token.c.id == token_id) & (api_token.c.person_id == person_id)
        if self._c.execute(select(api_token.c.id).where(mine)).first() is None:
            return False
        self._c.execute(update(api_token).where(mine & api_token.c.revoked_at.is_(None)).values(revoked_at=now))
        return True

    def use_api_token(self, token_hash: str, now: datetime) -> Person | None:
        """An unrevoked token's person, stamping ``last_used_at``."""
        used = self._c.execute(
            update(api_token)
            .where((api_token.c.token_hash == token_hash) & api_token.c.revoked_at.is_(None))
            .values(last_used_at=now)
            .returning(api_token.c.person_id)
        ).scalar_one_or_none()
        return self._person(used)

    def stored_secret(self) -> str | None:
        """The secret, if made."""
        found = self._c.execute(select(web_secret.c.secret).where(web_secret.c.id == SECRET_ID)).scalar_one_or_none()
        return str(found) if found is not None else None

    def web_secret(self, made: str, now: datetime) -> str:
        """Insert ``made`` unless a secret exists, then read what is stored.

        Two processes starting at once both insert; the primary key lets one
        row in, the other's insert fails (PostgreSQL: after waiting for the
        first to commit) and it reads the winner's secret.
        """
        found = self.stored_secret()
        if found is not None:
            return found
        try:
            with self._c.begin_nested():
                self._c.execute(insert(web_secret).values(id=SECRET_ID, secret=made, created_at=now))
        except IntegrityError:
            pass
        stored = self.stored_secret()
        if stored is None:
            raise RuntimeError("the web secret was neither found nor stored")
        return stored
