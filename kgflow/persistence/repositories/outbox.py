"""The outbox: notices queued by the sweep, gathered into digests, claimed, sent once.

Queuing is one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` per (workflow,
state, rung): the database finds the steps in the rung's due-date range with its
index, joins the recipients holding the responsible role, and the unique key
(instance, step, rung, person) makes a second sweep — or a concurrent one —
queue nothing twice. Digests are claimed in small batches with a lease and a
fencing token (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite has one writer
at a time); renewing the lease and marking a digest sent, retried or dead are
compare-and-set on that token, so a sender that lost its claim changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, and_, case, exists, func, insert, literal, select, text, true, update
from sqlalchemy.dialects import postgresql, sqlite

from kgflow.persistence.repositories.rows import aware
from kgflow.persistence.tables import digest, instance, item, notice, organisation, person, role_assignment
from kgflow.service.ports import ClaimedDigest, DigestSummary, NoticeView, RungWindow

ASSEMBLY_LOCK = 7_336_123  # one number every kgflow process agrees on
_NOTICE_COLUMNS = [
    "instance_id",
    "step",
    "rung",
    "person_id",
    "recipient_org_id",
    "state",
    "due",
    "created_at",
    "status",
]


class SqlOutbox:
    """Notices and digests in SQL."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # ------------------------------------------------------------------ sweep
    def _rung_select(self, window: RungWindow, now: datetime) -> Any:
        """The notices a rung asks for: steps in the due range, joined to whoever holds the role.

        The steps are found first, through the index on (state, due), and only
        then joined to organisations and roles — as a materialised CTE, so no
        planner is tempted to walk every instance of every organisation instead.
        """
        conditions = [
            instance.c.state == window.state,
            instance.c.due <= window.high,
            instance.c.workflow == window.workflow,
            instance.c.workflow_version == window.version,
        ]
        if window.low is not None:
            conditions.append(instance.c.due > window.low)
        steps = (
            select(instance.c.id, instance.c.version, instance.c.org_id, instance.c.state, instance.c.due)
            .where(and_(*conditions))
            .cte("due_steps")
            .prefix_with("MATERIALIZED")
        )
        own = organisation.alias("own")
        target = own
        joined = steps.join(own, own.c.id == steps.c.org_id)
        for level in range(1, window.rung.levels_up + 1):
            above = organisation.alias(f"up{level}")
            joined = joined.join(above, above.c.id == target.c.parent_id)
            target = above
        role = case(dict(window.responsible), value=target.c.kind, else_=None)
        joined = joined.join(
            role_assignment, (role_assignment.c.org_id == target.c.id) & (role_assignment.c.role == role)
        )
        return (
            select(
                steps.c.id,
                steps.c.version,
                literal(window.rung.name),
                role_assignment.c.person_id,
                target.c.id,
                steps.c.state,
                steps.c.due,
                literal(now, DateTime(timezone=True)),
                literal("queued"),
            )
            .select_from(joined)
            # SQLite needs a WHERE before ON CONFLICT to tell an upsert from a join constraint.
            .where(true())
        )

    def queue_rung(self, window: RungWindow, now: datetime) -> int:
        """Queue the rung for every step in the due range; returns how many notices were new."""
        query = self._rung_select(window, now)
        dialect = postgresql if self._c.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(notice)
            .from_select(_NOTICE_COLUMNS, query)
            .on_conflict_do_nothing(index_elements=["instance_id", "step", "rung", "person_id"])
            # Count what was really inserted: a statement that starts with WITH has no row count in
            # Python's sqlite3, and conflicting rows return nothing.
            .returning(notice.c.id)
        )
        return len(self._c.execute(statement).all())

    def count_rung(self, window: RungWindow, now: datetime) -> int:
        """How many notices ``queue_rung`` would add (for ``sweep --dry-run``)."""
        query = self._rung_select(window, now).subquery()
        already = exists().where(
            (notice.c.instance_id == query.c.id)
            & (notice.c.step == query.c.version)
            & (notice.c.rung == window.rung.name)
            & (notice.c.person_id == query.c.person_id)
        )
        return int(self._c.execute(select(func.count()).select_from(query).where(~already)).scalar_one())

    # --------------------------------------------------------------- assemble
    def cancel_finished(self) -> int:
        """Cancel queued notices whose step is finished (the instance has moved on)."""
        moved_on = exists().where((instance.c.id == notice.c.instance_id) & (instance.c.version != notice.c.step))
        result = self._c.execute(
            update(notice)
            .where((notice.c.status == "queued") & moved_on)
            .values(status="cancelled", reason="steget togs innan meddelandet hann skickas")
        )
        return int(result.rowcount)

    def assemble(self, now: datetime, domain: str) -> int:
        """Gather each person's queued notices into one new digest; returns how many digests.

        Two senders assembling at once on PostgreSQL would each open a digest for the same
        person, one of them empty; an advisory lock lets one assemble while the other waits.
        """
        if self._c.dialect.name == "postgresql":
            self._c.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ASSEMBLY_LOCK})
        people = [
            row.person_id
            for row in self._c.execute(
                select(notice.c.person_id).where(notice.c.status == "queued").distinct().order_by(notice.c.person_id)
            )
        ]
        for person_id in people:
            message_id = f"<kgflow.{uuid.uuid4().hex}@{domain}>"
            digest_id = self._c.execute(
                insert(digest)
                .values(
                    person_id=person_id,
                    message_id=message_id,
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
                .returning(digest.c.id)
            ).scalar_one()
            self._c.execute(
                update(notice)
                .where((notice.c.person_id == person_id) & (notice.c.status == "queued"))
                .values(status="assigned", digest_id=digest_id)
            )
        return len(people)

    # ------------------------------------------------------------------ claim
    def claim(self, now: datetime, lease_until: datetime, limit: int, token: str) -> list[ClaimedDigest]:
        """Lease up to ``limit`` digests that are due and not leased by anyone else, writing ``token`` on them."""
        ready = (
            select(digest.c.id)
            .where(
                (digest.c.status == "pending")
                & (digest.c.next_attempt_at <= now)
                & ((digest.c.lease_until.is_(None)) | (digest.c.lease_until < now))
            )
            .order_by(digest.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = [row.id for row in self._c.execute(ready)]
        if not ids:
            return []
        self._c.execute(
            update(digest)
            .where(digest.c.id.in_(ids))
            .values(lease_until=lease_until, claim_token=token, attempts=digest.c.attempts + 1)
        )
        query = (
            select(digest.c.id, digest.c.message_id, digest.c.attempts, person.c.code, person.c.name, person.c.email)
            .join(person, person.c.id == digest.c.person_id)
            .where(digest.c.id.in_(ids))
            .order_by(digest.c.id)
        )
        return [
            ClaimedDigest(row.id, row.message_id, row.attempts, row.code, row.name, row.email, token)
            for row in self._c.execute(query)
        ]

    def _held(self, token: str) -> Any:
        return (digest.c.claim_token == token) & (digest.c.status == "pending")

    def renew(self, token: str, lease_until: datetime) -> int:
        """Extend the lease of the pending digests still claimed with ``token``; returns how many."""
        return int(self._c.execute(update(digest).where(self._held(token)).values(lease_until=lease_until)).rowcount)

    def release(self, token: str) -> int:
        """Hand back the pending digests still claimed with ``token``: anyone may send them now."""
        return int(
            self._c.execute(update(digest).where(self._held(token)).values(lease_until=None, claim_token=None)).rowcount
        )

    def notices_of(self, digest_id: int) -> list[NoticeView]:
        """The live notices of a digest, with what they are about."""
        own = organisation.alias("own")
        recipient = organisation.alias("recipient")
        query = (
            select(
                notice.c.id,
                notice.c.rung,
                notice.c.state,
                notice.c.due,
                item.c.code,
                item.c.title,
                own.c.code.label("org_code"),
                own.c.name.label("org_name"),
                recipient.c.name.label("recipient_org"),
                instance.c.workflow,
                instance.c.workflow_version,
            )
            .join(instance, instance.c.id == notice.c.instance_id)
            .join(item, item.c.id == instance.c.item_id)
            .join(own, own.c.id == instance.c.org_id)
            .join(recipient, recipient.c.id == notice.c.recipient_org_id)
            .where((notice.c.digest_id == digest_id) & (notice.c.status == "assigned"))
            .order_by(item.c.title, own.c.path, notice.c.id)
        )
        return [
            NoticeView(
                row.id,
                row.rung,
                row.state,
                row.due,
                row.code,
                row.title,
                row.org_code,
                row.org_name,
                row.recipient_org,
                row.workflow,
                row.workflow_version,
            )
            for row in self._c.execute(query)
        ]

    # ---------------------------------------------------------------- results
    def _settle(self, digest_id: int, token: str, **values: Any) -> bool:
        """Compare-and-set one claimed digest: True only if ``token`` still held it."""
        changed = self._c.execute(
            update(digest)
            .where((digest.c.id == digest_id) & self._held(token))
            .values(lease_until=None, claim_token=None, **values)
        ).rowcount
        return bool(changed)

    def mark_sent(self, digest_id: int, token: str, now: datetime) -> bool:
        """The server accepted the digest; False (nothing changed) if another sender holds it now."""
        if not self._settle(digest_id, token, status="sent", sent_at=now, reason=None):
            return False
        self._c.execute(
            update(notice)
            .where((notice.c.digest_id == digest_id) & (notice.c.status == "assigned"))
            .values(status="sent")
        )
        return True

    def mark_retry(self, digest_id: int, token: str, next_attempt_at: datetime, reason: str) -> bool:
        """Try the digest again later; False (nothing changed) if another sender holds it now."""
        return self._settle(digest_id, token, status="pending", next_attempt_at=next_attempt_at, reason=reason)

    def mark_dead(self, digest_id: int, token: str, reason: str) -> bool:
        """Give up on the digest and its notices, saying why; False (nothing changed) if the claim was lost."""
        if not self._settle(digest_id, token, status="dead", reason=reason):
            return False
        self._c.execute(
            update(notice)
            .where((notice.c.digest_id == digest_id) & (notice.c.status == "assigned"))
            .values(status="dead", reason=reason)
        )
        return True

    def mark_notices_dead(self, digest_id: int, token: str, notice_ids: Sequence[int], reason: str) -> int:
        """Give up on single notices that cannot be rendered, while the digest is still claimed with ``token``."""
        if not notice_ids:
            return 0
        still_ours = exists().where((digest.c.id == digest_id) & self._held(token))
        return int(
            self._c.execute(
                update(notice)
                .where(notice.c.id.in_(list(notice_ids)) & (notice.c.digest_id == digest_id) & still_ours)
                .values(status="dead", reason=reason)
            ).rowcount
        )

    # ------------------------------------------------------------------ lists
    def digests(self, status: str | None = None) -> list[DigestSummary]:
        """Digests, newest first; ``status`` filters (pending, sent, dead)."""
        counts = (
            select(notice.c.digest_id, func.count().label("notices"))
            .where(notice.c.digest_id.is_not(None))
            .group_by(notice.c.digest_id)
            .subquery()
        )
        query = (
            select(digest, person.c.code, person.c.email, counts.c.notices)
            .join(person, person.c.id == digest.c.person_id)
            .outerjoin(counts, counts.c.digest_id == digest.c.id)
            .order_by(digest.c.id.desc())
        )
        if status is not None:
            query = query.where(digest.c.status == status)
        return [
            DigestSummary(
                row.id,
                row.message_id,
                row.code,
                row.email,
                row.status,
                row.attempts,
                row.notices or 0,
                aware(row.created_at),
                aware(row.sent_at) if row.sent_at else None,
                row.reason,
            )
            for row in self._c.execute(query)
        ]

    def counts(self) -> dict[str, int]:
        """Notices per status."""
        return {
            row[0]: int(row[1])
            for row in self._c.execute(select(notice.c.status, func.count()).group_by(notice.c.status))
        }
