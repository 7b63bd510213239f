"""Sending the outbox: one digest e-mail per person, at least once, never blocked by a bad one.

A run cancels notices whose step has been finished, gathers each person's new
notices into a digest with a stable Message-ID, then claims due digests with a
lease and sends them. The server's answer decides what happens next: accepted →
sent; 4xx or a dropped connection → retried later with backoff; 5xx → dead with
the reason. A notice that cannot be rendered is set aside as dead and the rest of
its digest still goes. A crash after the server accepted but before "sent" was
written sends the digest again, with the same Message-ID, once the lease expires.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from kgflow.definitions.model import WorkflowDefinition
from kgflow.domain.calendar import working_days_between
from kgflow.domain.ladders import REMINDER
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
from kgflow.service.ports import ClaimedDigest, DigestSummary, NoticeView, UnitOfWork

MAX_BACKOFF = timedelta(hours=6)


@dataclass
class SendReport:
    """What one run of ``notify send`` did."""

    cancelled: int = 0
    assembled: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    dead_notices: int = 0
    stopped: str | None = None
    reasons: list[str] = field(default_factory=list)


def _backoff(mail: Mail, attempts: int) -> timedelta:
    return min(timedelta(seconds=mail.retry_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _line(view: NoticeView, definition: WorkflowDefinition, today: date) -> NoticeLine:
    state = definition.states[view.state]
    late = max(working_days_between(view.due, today), 0)
    left = max(working_days_between(today, view.due), 0)
    escalation = int(view.rung.rsplit("-", 1)[1]) if view.rung.startswith("escalation-") else 0
    return NoticeLine(
        item_code=view.item_code,
        item_title=view.item_title,
        org_code=view.org_code,
        org_name=view.org_name,
        recipient_org=view.recipient_org,
        rung=view.rung,
        escalation=escalation,
        state_sv=state.label.sv,
        state_en=state.label.en,
        due=view.due,
        days_late=late,
        days_left=left,
    )


def render_digest(
    services: Services, uow: UnitOfWork, mail: Mail, claimed: ClaimedDigest
) -> tuple[RenderedMail | None, list[tuple[int, str]]]:
    """Render a digest; returns the mail (None if nothing could be rendered) and the poison notices."""
    today = services.clock.today()
    pairs: list[tuple[NoticeLine, RenderedLine]] = []
    poison: list[tuple[int, str]] = []
    for view in uow.outbox.notices_of(claimed.id):
        try:
            definition = services.catalogue.compiled(view.workflow, view.workflow_version, uow).definition
            line = _line(view, definition, today)
            pairs.append((line, mail.renderer.line(line)))
        except (RenderFailed, KeyError, LookupError) as exc:
            poison.append((view.id, f"cannot render notice {view.id}: {exc}"))
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
    )
    return mail.renderer.digest(digest_view), poison


def send_notices(services: Services, mail: Mail, *, limit: int = 500) -> SendReport:
    """Gather, claim and send due digests; see the module docstring for what happens on failure."""
    report = SendReport()
    now = services.clock.now()
    with services.uow(write=True) as uow:
        report.cancelled = uow.outbox.cancel_finished()
        report.assembled = uow.outbox.assemble(now, mail.sender_domain)
        uow.commit()
    with services.uow(write=True) as uow:
        claimed = uow.outbox.claim(now, now + timedelta(seconds=mail.lease_seconds), limit)
        uow.commit()
    fault_point("after-claim")
    if not claimed:
        return report
    done = 0
    try:
        with mail.transport.session() as sender:
            for digest in claimed:
                _deliver(services, mail, sender, digest, report)
                done += 1
    except TransportUnavailable as exc:
        # Nothing more can go out now: the rest keep their place and are tried again later.
        report.stopped = str(exc)
        _retry_rest(services, mail, claimed[done:], str(exc), report)
    return report


def _deliver(services: Services, mail: Mail, sender: Sender, digest: ClaimedDigest, report: SendReport) -> None:
    now = services.clock.now()
    with services.uow() as uow:
        try:
            rendered, poison = render_digest(services, uow, mail, digest)
        except RenderFailed as exc:
            rendered, poison = None, []
            failure = f"cannot render the digest: {exc}"
        else:
            failure = "no notice in it could be rendered"
    if poison:
        with services.uow(write=True) as uow:
            for notice_id, reason in poison:
                uow.outbox.mark_notices_dead([notice_id], reason)
            uow.commit()
        report.dead_notices += len(poison)
        report.reasons.extend(reason for _, reason in poison)
    if rendered is None:
        _finish(services, lambda uow: uow.outbox.mark_dead(digest.id, failure))
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
            _finish(services, lambda uow: uow.outbox.mark_retry(digest.id, retry_at, reason))
            report.retried += 1
            report.reasons.append(f"{digest.message_id}: {reason}")
            return
        reason = f"gave up after {digest.attempts} attempts: {reason}"
    except PermanentFailure as exc:
        reason = str(exc)
    else:
        fault_point("after-send")
        _finish(services, lambda uow: uow.outbox.mark_sent(digest.id, now))
        report.sent += 1
        return
    _finish(services, lambda uow: uow.outbox.mark_dead(digest.id, reason))
    report.dead += 1
    report.reasons.append(f"{digest.message_id}: {reason}")


def _finish(services: Services, action: Callable[[UnitOfWork], None]) -> None:
    with services.uow(write=True) as uow:
        action(uow)
        uow.commit()


def _retry_rest(services: Services, mail: Mail, rest: list[ClaimedDigest], reason: str, report: SendReport) -> None:
    now = services.clock.now()
    with services.uow(write=True) as uow:
        for digest in rest:
            uow.outbox.mark_retry(digest.id, now + _backoff(mail, digest.attempts), reason)
        uow.commit()
    report.retried += len(rest)


def preview(services: Services, mail: Mail) -> list[tuple[ClaimedDigest, RenderedMail | None]]:
    """What the next send would deliver, rendered, without changing anything."""
    now = services.clock.now()
    result: list[tuple[ClaimedDigest, RenderedMail | None]] = []
    with services.uow(write=True) as uow:
        uow.outbox.cancel_finished()
        uow.outbox.assemble(now, mail.sender_domain)
        for digest in uow.outbox.claim(now, now + timedelta(seconds=mail.lease_seconds), 10_000):
            rendered, _ = render_digest(services, uow, mail, digest)
            result.append((digest, rendered))
        uow.rollback()
    return result


def list_digests(services: Services, status: str | None = None) -> list[DigestSummary]:
    """Digests, newest first; ``status`` filters (pending, sent, dead)."""
    with services.uow() as uow:
        return uow.outbox.digests(status)
