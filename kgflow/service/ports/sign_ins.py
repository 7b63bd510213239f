"""Web sign-in's rows: one-time links, sessions, personal API tokens, counted link requests and the shared secret.

Tokens arrive here as their SHA-256 (:func:`kgflow.domain.sign_in.token_hash`);
no plain token is ever stored. None of these rows is part of the history chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kgflow.domain.model import Person
from kgflow.domain.sign_in import RequestCounts


@dataclass(frozen=True)
class ApiTokenView:
    """A personal API token as its owner sees it listed (never the token itself)."""

    id: int
    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class SignInRepository(Protocol):
    """Links, sessions, API tokens, link requests and the web secret."""

    def count_requests(self, address_hash: str, client: str, since: datetime) -> RequestCounts:
        """Take the turn to count and record link requests, then count those made after ``since``.

        The turn lasts until the transaction ends, so two requests at once
        cannot both slip under a limit.
        """
        ...

    def record_request(self, at: datetime, address_hash: str, client: str) -> None:
        """Count one accepted link request."""
        ...

    def forget_requests(self, before: datetime) -> int:
        """Delete requests made before ``before`` (housekeeping); returns how many."""
        ...

    def add_link(self, token_hash: str, person_id: int, created_at: datetime, expires_at: datetime) -> None:
        """Store a new sign-in link."""
        ...

    def spend_link(self, token_hash: str, now: datetime) -> Person | None:
        """Mark an unused, unexpired link used, atomically; its person, or None (unknown, used or expired).

        Of two transactions spending the same link at once, exactly one gets the person.
        """
        ...

    def add_session(self, token_hash: str, person_id: int, created_at: datetime, expires_at: datetime) -> None:
        """Store a new web session."""
        ...

    def session_person(self, token_hash: str, now: datetime) -> Person | None:
        """The person of a session that has neither ended nor expired at ``now``."""
        ...

    def end_session(self, token_hash: str, now: datetime) -> None:
        """End a session (nothing happens for one unknown or already ended)."""
        ...

    def add_api_token(self, token_hash: str, person_id: int, label: str, created_at: datetime) -> int:
        """Store a new personal API token; returns its id."""
        ...

    def api_tokens(self, person_id: int) -> list[ApiTokenView]:
        """A person's API tokens, revoked ones too, oldest first."""
        ...

    def revoke_api_token(self, person_id: int, token_id: int, now: datetime) -> bool:
        """Revoke one of the person's own tokens; False when they have no such token (already revoked is True)."""
        ...

    def use_api_token(self, token_hash: str, now: datetime) -> Person | None:
        """The person of an unrevoked token, noting that it was used at ``now``; None for any other."""
        ...

    def web_secret(self, made: str, now: datetime) -> str:
        """The stored secret; ``made`` is stored first if there is none yet (the first of two at once wins)."""
        ...

    def stored_secret(self) -> str | None:
        """The stored secret, if one has been made."""
        ...
