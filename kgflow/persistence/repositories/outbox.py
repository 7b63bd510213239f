"""The outbox: notices queued by the sweep, gathered into digests, claimed, sent once.

Queuing is one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` per (workflow,
state, ladder, rung): the database finds the steps in the rung's due-date range
with its index, joins the people each recipient of the rung names (by role and
relation, :mod:`~kgflow.persistence.repositories.rung_recipients`), writes the
rungs a catch-up passes over as skipped, and the unique key
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

from sqlalchemy import (
    Connection,
    exists,
    func,
    insert,
    select,
    update,
)

from kgflow.domain.ladders import Outcome
from kgflow.domain.plans import ActivityStatus
from kgflow.persistence.repositories.rows import aware
from kgflow.persistence.repositories.rung_queue import NOTICE_COLUMNS, rung_select
from kgflow.persistence.repositories.upsert import insert_or_skip
from kgflow.persistence.tables import digest, instance, item, notice, organisation, person, plan_activity
from kgflow.persistence.turns import Turn, take_turn
from kgflow.service.ports import (
    ClaimedDigest,
    DigestSummary,
    NoticeView,
    PlanNotice,
    RungCount,
    RungWindow,
    WrittenRung,
)


class SqlOutbox:
    """Notices and digests in SQL."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # ------------------------------------------------------------------ sweep
    def queue_rung(self, window: RungWindow, now: datetime) -> RungCount:
        """Write the rung for every step in its window; returns how many notices were new, by outcome."""
        query = rung_select(window, now)
        statement = (
            insert_or_skip(self._c, notice)
            .from_select(NOTICE_COLUMNS, query)
            .on_conflict_do_nothing(index_elements=["instance_id", "step", "rung", "person_id"])
            # Count what was really inserted: a statement that starts with WITH has no row count in
            # Python's sqlite3, and conflicting rows return nothing.
            .returning(notice.c.status)
        )
        written = [row.status for row in self._c.execute(statement)]
        return RungCount(written.count(Outcome.SEND.value), written.count(Outcome.SKIP.value))

    def count_rung(self, window: RungWindow, now: datetime) -> RungCount:
        """How many notices ``queue_rung`` would add, by outcome (for ``sweep --dry-run``)."""
        query = rung_select(window, now).subquery()
        already = exists().where(
            (notice.c.instance_id == query.c.instance_id)
            & (notice.c.step == query.c.step)
            & (notice.c.rung == window.rung.name)
            & (notice.c.person_id == query.c.person_id)
        )
        counts = {
            row[0]: int(row[1])
            for row in self._c.execute(
                select(query.c.status, func.count()).select_from(query).where(~already).group_by(query.c.status)
            )
        }
        return RungCount(counts.get(Outcome.SEND.value, 0), counts.get(Outcome.SKIP.value, 0))

    # --------------------------------------------------------------- assemble
    def cancel_finished(self) -> int:
        """Cancel queued notices whose step is finished (the instance has moved on, the activity was marked)."""
        moved_on = exists().where((instance.c.id == notice.c.instance_id) & (instance.c.version != notice.c.step))
        result = self._c.execute(
            update(notice)
            .where((notice.c.status == "queued") & notice.c.activity_id.is_(None) & moved_on)
            .values(status="cancelled", reason="steget togs innan meddelandet hann skickas")
        )
        still_planned = exists().where(
            (plan_activity.c.id == notice.c.activity_id) & (plan_activity.c.status == ActivityStatus.PLANNED.value)
        )
        marked = self._c.execute(
            update(notice)
            .where((notice.c.status == "queued") & notice.c.activity_id.is_not(None) & ~still_planned)
            .values(status="cancelled", reason="aktiviteten markerades innan meddelandet hann skickas")
        )
        return int(result.rowcount) + int(marked.rowcount)

    def assemble(self, now: datetime, domain: str) -> int:
        """Gather each person's queued notices into one new digest; returns how many digests.

        Two senders assembling at once on PostgreSQL would each open a digest for the same
        person, one of them empty; an advisory lock lets one assemble while the other waits.
        """
        take_turn(self._c, Turn.DIGEST_ASSEMBLY)
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
                recipient.c.code.label("recipient_org_code"),
                plan_activity.c.number.label("activity_number"),
                plan_activity.c.target_group,
                plan_activity.c.what,
                plan_activity.c.schedule,
            )
            .join(instance, instance.c.id == notice.c.instance_id)
            .join(item, item.c.id == instance.c.item_id)
            .join(own, own.c.id == instance.c.org_id)
            .join(recipient, recipient.c.id == notice.c.recipient_org_id)
            .outerjoin(plan_activity, plan_activity.c.id == notice.c.activity_id)
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
                row.recipient_org_code,
                PlanNotice(row.activity_number, row.target_group, row.what, row.schedule)
                if row.activity_number is not None
                else None,
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

    def rungs_of(self, instance_id: int, step: int) -> list[WrittenRung]:
        """The rungs written for one step of an instance (sent, queued or skipped), in the order written."""
        query = (
            select(notice.c.rung, person.c.code, notice.c.status)
            .join(person, person.c.id == notice.c.person_id)
            .where((notice.c.instance_id == instance_id) & (notice.c.step == step))
            .order_by(notice.c.id)
        )
        return [WrittenRung(row.rung, row.code, row.status) for row in self._c.execute(query)]

    def counts(self) -> dict[str, int]:
        """Notices per status."""
        return {
            row[0]: int(row[1])
            for row in self._c.execute(select(notice.c.status, func.count()).group_by(notice.c.status))
        }
