"""Passwordless web sign-in as plain rules: how long links and sessions live, how often one may ask, tokens kept.

A sign-in link and a session are bearer tokens: whoever holds one is the
person it names until it expires, so kgflow keeps only their SHA-256 and
compares digests. Requests for links are counted per address (by the digest
of the address, so an address nobody has is counted the same way and none is
stored in clear) and per client; :func:`too_many` decides over those counts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

LINK_LIFETIME = timedelta(minutes=20)
"""How long an e-mailed sign-in link may be used (once)."""

SESSION_LIFETIME = timedelta(hours=10)
"""How long a web session lasts from signing in: a working day, then sign in again."""

REQUEST_WINDOW = timedelta(minutes=15)
"""The window over which link requests are counted."""

PER_ADDRESS = 5
"""At most this many link requests per address in the window."""

PER_CLIENT = 30
"""At most this many link requests per client (IP address) in the window."""

KEEP_REQUESTS = timedelta(days=1)
"""Counted requests older than this are housekeeping and may be deleted."""


def token_hash(token: str) -> str:
    """The SHA-256 of a token, as 64 hex digits: what is stored and looked up instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def address_hash(address: str) -> str:
    """The SHA-256 of an e-mail address as people type it: stripped, lower case, so one address counts once."""
    return token_hash(address.strip().lower())


@dataclass(frozen=True)
class RequestCounts:
    """How many link requests were accepted in the window, for this address and from this client."""

    by_address: int
    by_client: int


def too_many(counts: RequestCounts) -> bool:
    """True when one more link request would exceed the limit for the address or for the client."""
    return counts.by_address >= PER_ADDRESS or counts.by_client >= PER_CLIENT


def window_start(now: datetime) -> datetime:
    """Requests made after this count against a request made at ``now`` (one exactly 15 minutes old no longer does)."""
    return now - REQUEST_WINDOW


def forget_before(now: datetime) -> datetime:
    """Requests made before this may be deleted: they no longer count for anything."""
    return now - KEEP_REQUESTS
