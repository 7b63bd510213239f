"""Sending the outbox: one digest e-mail per person, at least once, never blocked by a bad one.

A run cancels notices whose step has been finished, gathers each person's new
notices into a digest with a stable Message-ID, then claims due digests in small
batches, each with a lease and a fencing token, and sends them. Before each
message the batch's lease is renewed by its token; the server's answer then
decides what happens next, written only where the token still holds: accepted →
sent; 4xx or a dropped connection → retried later with backoff; 5xx → dead with
the reason. A notice that cannot be rendered is set aside as dead and the rest of
its digest still goes.

A sender that finds its token gone (it was paused or slow past its lease and
another sender claimed the digests) stops at once, counts the digests as lost
and says so; it never sends or marks what is no longer its own. What remains
at least once is a crash (or a pause) between the server's acceptance and the
commit of "sent": the digest goes again, with the same Message-ID, once the
lease expires.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kgflow.domain.errors import LeaseLost
from kgflow.domain.follow_up import OPENED, asked
from kgflow.domain.ladders import REMINDER
from kgflow.domain.wording import t
from kgflow.faults import fault_point
from kgflow.service.context import Services
from kgflow.service.mail import (
    DigestView,
    Envelope,
    Mail,
    NoticeLine,
    PermanentFailure,
    RenderedLine,
    RenderedMail,
    RenderFailed,
    Sender,
    TransientFailure,
    TransportUnavailable,
    lines_by_item,
)
from kgflow.service.mail_lines import LineContext, notice_line
from kgflow.service.plan_lines import plan_line
from kgflow.service.ports import ClaimedDigest, DigestSummary, UnitOfWork

MAX_BACKOFF = timedelta(hours=6)
CLAIM_BATCH = 5  # small: a claim covers only what one sender can send well within its lease


class ClaimLost(LeaseLost):
    """Another sender claimed digests this one had claimed (it was paused or slow past the lease)."""


def _claim_lost() -> ClaimLost:
    return ClaimLost(
        t(
            "En annan avsändare tog över samlingsmejl som den här hade tagit (den stod still eller var långsammare "
            "än KGFLOW_MAIL_LEASE_SECONDS); den här slutade och skickade inget av dem."
        )
    )


@dataclass
class SendReport:
    """What one run of ``notify send`` did."""

    cancelled: int = 0
    assembled: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    dead_notices: int = 0
    lost: int = 0
    lease_lost: bool = False
    stopped: str | None = None
    reasons: list[str] = field(default_factory=list)


def _backoff(mail: Mail, attempts: int) -> timedelta:
    return min(timedelta(seconds=mail.retry_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def round_questions(services: Services, rounds: set[str]) -> dict[str, tuple[str, ...]]:
    """The questions of these follow-up rounds, one line each, as an opening notice lists them."""
    from kgflow.service.follow_up_rounds import follow_up_definitions

    found: dict[str, tuple[str, ...]] = {}
    for definition in follow_up_definitions(services):
        for code in rounds:
            year = code.rpartition("-")[2]
            if year.isdigit() and definition.round_code(int(year)) == code:
                found[code] = tuple(asked(question) for question in definition.questions)
    return found


def render_digest(
    services: Services, uow: UnitOfWork, mail: Mail, claimed: ClaimedDigest
) -> tuple[RenderedMail | None, list[tuple[int, str]]]:
    """Render a digest; returns the mail (None if nothing could be rendered) and the poison notices."""
    today = services.clock.today()
    pairs: list[tuple[NoticeLine, RenderedLine]] = []
    poison: list[tuple[int, str]] = []
    context = LineContext(claimed.person_code, mail.web_url)
    views = uow.outbox.notices_of(claimed.id)
    if mail.web_url is None and any(view.rung == OPENED for view in views):
        context.questions = round_questions(services, {view.item_code for view in views if view.rung == OPENED})
    for view in views:
        try:
            if view.activity is not None:
                line = plan_line(view, today, mail.web_url)
            else:
                definition = services.catalogue.compiled(view.workflow, view.workflow_version, uow).definition
                line = notice_line(uow, definition, view, today, context)
            pairs.append((line, mail.renderer.line(line)))
        except (RenderFailed, KeyError, LookupError) as exc:
            poison.append(
                (view.id, str(t("texten till meddelande {id} gick inte att skapa: {error}", id=view.id, error=exc)))
            )
    if not pairs:
        return None, poison
    notices = [notice for notice, _ in pairs]
    digest_view = DigestView(
        recipient=claimed.person_name,
        today=today,
        items=list(lines_by_item(pairs)),
        total=len(notices),
        late=sum(1 for n in notices if n.days_late > 0 and n.rung != REMINDER),
        escalations=sum(1 for n in notices if n.escalation),
        web_url=mail.web_url,
        names_contacts=any(n.contacts for n in notices),
    )
    return mail.renderer.digest(digest_view), poison


def send_notices(services: Services, mail: Mail, *, limit: int = 500, batch: int = CLAIM_BATCH) -> SendReport:
    """Gather, claim and send due digests, ``batch`` at a time; see the module docstring for what happens on failure."""
    report = SendReport()
    now = services.clock.now()
    with services.uow(write=True) as uow:
        report.cancelled = uow.outbox.cancel_finished()
        report.assembled = uow.outbox.assemble(now, mail.sender_domain)
        uow.commit()
    opened = False
    claimed: list[ClaimedDigest] = []
    try:
        claimed = _claim(services, mail, min(batch, limit))
        fault_point("after-claim")
        if not claimed:
            return report
        taken = len(claimed)
        with mail.transport.session() as sender:
            opened = True
            while claimed:
                _send_batch(services, mail, sender, claimed, report)
                claimed = _claim(services, mail, min(batch, limit - taken)) if taken < limit else []
                taken += len(claimed)
    except TransportUnavailable as exc:
        # Nothing more can go out now: the rest keep their place and are tried again later.
        report.stopped = str(exc)
        if not opened:
            _retry_rest(services, mail, claimed, str(exc), report)
    except LeaseLost as exc:
        report.stopped = str(exc)
        report.lease_lost = not isinstance(exc, ClaimLost)
    return report


def _claim(services: Services, mail: Mail, limit: int) -> list[ClaimedDigest]:
    now = services.clock.now()
    with services.uow(write=True) as uow:
        claimed = uow.outbox.claim(now, _lease_end(services, mail), limit, uuid.uuid4().hex)
        uow.commit()
    return claimed


def _lease_end(services: Services, mail: Mail) -> datetime:
    return services.clock.now() + timedelta(seconds=mail.lease_seconds)


def _send_batch(services: Services, mail: Mail, sender: Sender, batch: list[ClaimedDigest], report: SendReport) -> None:
    """Send one claimed batch in order, renewing its lease before each message; stop when the claim is lost."""
    token = batch[0].token
    for position, digest in enumerate(batch):
        left = len(batch) - position
        try:
            _renew(services, mail, token, left)
            fault_point("before-send")
            _deliver(services, mail, sender, digest, report)
        except TransportUnavailable as exc:
            _retry_rest(services, mail, batch[position:], str(exc), report)
            raise
        except LeaseLost:
            # This digest and the rest of the batch are no longer this sender's to send.
            report.lost += left
            raise


def _renew(services: Services, mail: Mail, token: str, left: int) -> None:
    """Extend the lease of what is left of the batch; if any of it is now another sender's, hand the rest back."""
    with services.uow(write=True) as uow:
        held = uow.outbox.renew(token, _lease_end(services, mail))
        if held < left:
            uow.outbox.release(token)
        uow.commit()
    if held < left:
        raise _claim_lost()


def _deliver(services: Services, mail: Mail, sender: Sender, digest: ClaimedDigest, report: SendReport) -> None:
    now = services.clock.now()
    with services.uow() as uow:
        try:
            rendered, poison = render_digest(services, uow, mail, digest)
        except RenderFailed as exc:
            rendered, poison = None, []
            failure = str(t("samlingsmejlets text gick inte att skapa: {error}", error=exc))
        else:
            failure = str(t("inget av dess meddelanden gick att skapa text för"))
    if poison:
        _settle(services, digest, lambda uow: _poisoned(uow, digest, poison))
        report.dead_notices += len(poison)
        report.reasons.extend(reason for _, reason in poison)
    if rendered is None:
        _settle(services, digest, lambda uow: uow.outbox.mark_dead(digest.id, digest.token, failure))
        report.dead += 1
        report.reasons.append(f"{digest.message_id}: {failure}")
        return
    envelope = Envelope(digest.person_name, digest.email, digest.message_id)
    try:
        sender.send(envelope, rendered)
    except TransientFailure as exc:
        reason = str(exc)
        if digest.attempts < mail.max_attempts:
            retry_at = now + _backoff(mail, digest.attempts)
            _settle(services, digest, lambda uow: uow.outbox.mark_retry(digest.id, digest.token, retry_at, reason))
            report.retried += 1
            report.reasons.append(f"{digest.message_id}: {reason}")
            return
        reason = str(t("gav upp efter {count} försök: {reason}", count=digest.attempts, reason=reason))
    except PermanentFailure as exc:
        reason = str(exc)
    else:
        fault_point("after-send")
        _settle(services, digest, lambda uow: uow.outbox.mark_sent(digest.id, digest.token, now))
        report.sent += 1
        fault_point("after-sent")
        return
    _settle(services, digest, lambda uow: uow.outbox.mark_dead(digest.id, digest.token, reason))
    report.dead += 1
    report.reasons.append(f"{digest.message_id}: {reason}")


def _poisoned(uow: UnitOfWork, digest: ClaimedDigest, poison: list[tuple[int, str]]) -> bool:
    marked = sum(uow.outbox.mark_notices_dead(digest.id, digest.token, [notice], reason) for notice, reason in poison)
    return marked == len(poison)


def _settle(services: Services, digest: ClaimedDigest, action: Callable[[UnitOfWork], bool]) -> None:
    """Write an outcome as a compare-and-set on the claim; if it no longer holds, hand back the rest and stop."""
    with services.uow(write=True) as uow:
        settled = action(uow)
        if settled:
            uow.commit()
        else:
            uow.rollback()
    if not settled:
        with services.uow(write=True) as uow:
            uow.outbox.release(digest.token)
            uow.commit()
        raise _claim_lost()


def _retry_rest(services: Services, mail: Mail, rest: list[ClaimedDigest], reason: str, report: SendReport) -> None:
    now = services.clock.now()
    with services.uow(write=True) as uow:
        retried = sum(
            uow.outbox.mark_retry(digest.id, digest.token, now + _backoff(mail, digest.attempts), reason)
            for digest in rest
        )
        uow.commit()
    report.retried += retried


def preview(services: Services, mail: Mail, to: str | None = None) -> list[tuple[ClaimedDigest, RenderedMail | None]]:
    """What the next send would deliver, rendered, without changing anything; ``to`` names one recipient.

    Raises:
        NotFound: when ``to`` names nobody (suggesting the nearest).
    """
    from kgflow.service.naming import find_person

    now = services.clock.now()
    result: list[tuple[ClaimedDigest, RenderedMail | None]] = []
    with services.uow(write=True) as uow:
        recipient = find_person(uow, to).code if to is not None else None
        uow.outbox.cancel_finished()
        uow.outbox.assemble(now, mail.sender_domain)
        for digest in uow.outbox.claim(now, now + timedelta(seconds=mail.lease_seconds), 10_000, "preview"):
            if recipient is not None and digest.person_code != recipient:
                continue
            rendered, _ = render_digest(services, uow, mail, digest)
            result.append((digest, rendered))
        uow.rollback()
    return result


def list_digests(services: Services, status: str | None = None) -> list[DigestSummary]:
    """Digests, newest first; ``status`` filters (pending, sent, dead)."""
    with services.uow() as uow:
        return uow.outbox.digests(status)
