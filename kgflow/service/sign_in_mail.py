"""The e-mail that carries a one-time sign-in link, sent at once through kgflow's mail transport.

The link row is committed before the mail goes out (a mail never names a link
that a rollback took back). It is not queued in the outbox with the digests:
a person waits at the sign-in page for it, and a link that went out with the
next scheduled send would have expired; it goes through the same transport
(SMTP, or an ``.eml`` file where no SMTP server is set), as checkpoint mails do.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from kgflow.domain.clock import STOCKHOLM
from kgflow.domain.errors import KgflowError
from kgflow.domain.wording import t
from kgflow.service.mail import (
    Envelope,
    Mail,
    PermanentFailure,
    RenderFailed,
    SignInView,
    TransientFailure,
    TransportUnavailable,
)
from kgflow.service.sign_in import IssuedLink


def send_sign_in_link(mail: Mail, issued: IssuedLink, link: str, now: datetime) -> None:
    """E-mail ``link`` (which holds the token of ``issued``) to the person it was issued to.

    Raises:
        KgflowError: when the mail could not be sent, in one sentence (the link is then never used).
    """
    minutes = max(1, round((issued.expires - now).total_seconds() / 60))
    view = SignInView(issued.person.name, link, minutes, issued.expires.astimezone(STOCKHOLM))
    digest = hashlib.sha256(issued.token.encode()).hexdigest()[:32]
    envelope = Envelope(issued.person.name, issued.person.email, f"<kgflow.sign-in.{digest}@{mail.sender_domain}>")
    try:
        with mail.transport.session() as sender:
            sender.send(envelope, mail.renderer.sign_in(view))
    except (TransientFailure, PermanentFailure, RenderFailed, TransportUnavailable) as exc:
        raise KgflowError(
            t("Inloggningslänken kunde inte skickas just nu ({problem}); försök igen om en stund.", problem=exc)
        ) from exc
