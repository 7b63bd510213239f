"""Turns on PostgreSQL: transaction-scoped advisory locks, one per purpose and schema.

Each lock is the pair (purpose, hash of the schema), so two kgflow deployments
in one database — or two test workers, each in a schema of its own — never wait
for each other, while every process of one deployment agrees on the same pair.
The history seal (migration 0011, at each commit that wrote history) takes the
history turn the same way, with the schema of the table it seals.
"""

from __future__ import annotations

from enum import IntEnum

from sqlalchemy import Connection, text


class Turn(IntEnum):
    """What a turn is for: the number is the first half of the advisory lock."""

    HISTORY = 7_336_122  # sealing rows into the hash-chained history, at commit
    RULES = 7_336_125  # deciding on what other instances, items or people say (shared: deciding on one's own)
    SIGN_IN_REQUESTS = 7_336_123  # counting and recording sign-in requests
    DIGEST_ASSEMBLY = 7_336_124  # gathering queued notices into digests


_TAKE = text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))")
_SHARE = text("SELECT pg_advisory_xact_lock_shared(:key, hashtext(current_schema()))")


def take_turn(connection: Connection, turn: Turn, *, shared: bool = False) -> None:
    """Wait for ``turn`` in this schema until the transaction ends (PostgreSQL only; SQLite has one writer).

    ``shared``: many may hold it together, while nobody holds it alone.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(_SHARE if shared else _TAKE, {"key": int(turn)})
