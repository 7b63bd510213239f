"""The doors of the outbox and of named leases, as Protocols: what sending and scheduling ask of storage.

Both are fenced. A claim on digests and a scheduler lease each carry a token,
written when they are taken; every later write names the token and changes
nothing when another process has taken over meanwhile. Writes say whether they
still held (``bool``, or how many rows) so that a sender or a scheduler that
lost its claim can stop instead of acting on stale authority.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from kgflow.domain.ladders import Rung


@dataclass(frozen=True)
class ClaimedDigest:
    """A digest leased for sending, with its recipient and the claim's fencing token."""

    id: int
    message_id: str
    attempts: int
    person_code: str
    person_name: str
    email: str
    token: str = ""


@dataclass(frozen=True)
class PlanNotice:
    """What a notice about a late plan activity is about (R19): its number, målgrupp, vad and tidplan."""

    number: int
    target_group: str
    what: str
    schedule: str


@dataclass(frozen=True)
class NoticeView:
    """One queued notice with what it is about, and the organisation its recipient serves in."""

    id: int
    rung: str
    state: str
    due: date
    item_code: str
    item_title: str
    org_code: str
    org_name: str
    recipient_org: str
    workflow: str
    workflow_version: int
    recipient_org_code: str = ""
    activity: PlanNotice | None = None
    """Set when the notice is about a plan activity past its date, not about a step."""


@dataclass(frozen=True)
class WrittenRung:
    """A rung written for a step: its name, to whom, and what became of it (queued, sent, skipped, …)."""

    rung: str
    person_code: str
    status: str


@dataclass(frozen=True)
class DigestSummary:
    """One line of ``kgflow notify list``."""

    id: int
    message_id: str
    person_code: str
    email: str
    status: str
    attempts: int
    notices: int
    created_at: datetime
    sent_at: datetime | None
    reason: str | None


@dataclass(frozen=True)
class RungWindow:
    """A rung of one state's ladder that has come due today for the steps with ``due <= high``.

    Steps with ``low < due`` have reached it as their highest rung and are sent
    it; steps with ``due <= low`` have passed it and, if it is still unwritten,
    record it as skipped — or, when ``telling`` and the organisation has not been
    told on the step yet, are sent it (:func:`kgflow.domain.ladders.catch_up`).
    ``kinds``: the kinds of organisation whose steps the ladder chases (empty: all).
    """

    workflow: str
    version: int
    state: str
    rung: Rung
    low: date | None
    high: date
    responsible: Mapping[str, str]
    kinds: frozenset[str] = frozenset()
    telling: bool = False
    item_id: int | None = None
    """Only this item's steps (a follow-up round's opening notice); None: every item's."""


@dataclass(frozen=True)
class RungCount:
    """What one rung wrote (or would write): notices to send, and rungs recorded as skipped."""

    queued: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class LeaseGrant:
    """Who holds a lease after trying to take it, until when, and (for its holder) the fencing token."""

    holder: str
    token: str | None
    expires_at: datetime


class OutboxRepository(Protocol):
    """Notices queued by the sweep and the digests that carry them (R11)."""

    def queue_rung(self, window: RungWindow, now: datetime) -> RungCount:
        """Write a rung for every step in its window, at most once each; returns how many were new."""
        ...

    def count_rung(self, window: RungWindow, now: datetime) -> RungCount:
        """How many notices ``queue_rung`` would add."""
        ...

    def cancel_finished(self) -> int:
        """Cancel queued notices whose step has been finished."""
        ...

    def assemble(self, now: datetime, domain: str) -> int:
        """Gather each person's queued notices into a digest; returns how many digests."""
        ...

    def claim(self, now: datetime, lease_until: datetime, limit: int, token: str) -> list[ClaimedDigest]:
        """Lease digests that are due for sending, writing ``token`` on each."""
        ...

    def renew(self, token: str, lease_until: datetime) -> int:
        """Extend the lease of the pending digests still claimed with ``token``; returns how many."""
        ...

    def release(self, token: str) -> int:
        """Hand back the pending digests still claimed with ``token`` so anyone may send them now."""
        ...

    def notices_of(self, digest_id: int) -> list[NoticeView]:
        """The live notices of a digest."""
        ...

    def mark_sent(self, digest_id: int, token: str, now: datetime) -> bool:
        """The server accepted the digest; False (and nothing changed) if the claim was lost."""
        ...

    def mark_retry(self, digest_id: int, token: str, next_attempt_at: datetime, reason: str) -> bool:
        """Try again later; False (and nothing changed) if the claim was lost."""
        ...

    def mark_dead(self, digest_id: int, token: str, reason: str) -> bool:
        """Give up on a digest; False (and nothing changed) if the claim was lost."""
        ...

    def mark_notices_dead(self, digest_id: int, token: str, notice_ids: Sequence[int], reason: str) -> int:
        """Give up on single notices of a digest still claimed with ``token``; returns how many."""
        ...

    def digests(self, status: str | None = None) -> list[DigestSummary]:
        """Digests, newest first."""
        ...

    def rungs_of(self, instance_id: int, step: int) -> list[WrittenRung]:
        """The rungs written for one step of an instance (sent, queued or skipped), in the order written."""
        ...

    def counts(self) -> dict[str, int]:
        """Notices per status."""
        ...


class LeaseRepository(Protocol):
    """Named leases with an expiry and a fencing token, for processes that must not run twice at once."""

    def take(self, name: str, holder: str, now: datetime, until: datetime) -> LeaseGrant:
        """Take the lease with a new token if it is free or expired; report who holds it after trying."""
        ...

    def renew(self, name: str, token: str, until: datetime) -> bool:
        """Extend the lease only if ``token`` still holds it; False when another process took it."""
        ...

    def holder(self, name: str) -> LeaseGrant | None:
        """Who holds the lease now (without its token)."""
        ...

    def release(self, name: str, token: str, now: datetime) -> None:
        """Give the lease up if ``token`` still holds it: it expires now."""
        ...
