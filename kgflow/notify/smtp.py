"""Sending over SMTP: plain, STARTTLS or implicit TLS, certificates always verified.

When STARTTLS is asked for and the server does not offer it, nothing is sent:
kgflow never falls back to plain text. The server's replies are mapped to the
delivery outcomes: 4xx → try again later, 5xx → dead, no connection or no
login → stop this run and try again later.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from kgflow.domain.wording import t
from kgflow.notify.message import build_message
from kgflow.service.mail import Envelope, PermanentFailure, RenderedMail, TransientFailure, TransportUnavailable

SECURITY = ("none", "starttls", "ssl")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


def _outcome(code: int, text: str) -> Exception:
    detail = f"{code} {text}".strip()
    return (
        TransientFailure(t("servern svarade {detail}", detail=detail))
        if 400 <= code < 500
        else PermanentFailure(t("servern tog inte emot det: {detail}", detail=detail))
    )


def _reply(raw: bytes | str) -> str:
    return (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)).strip()


class SmtpSender:
    """An open SMTP connection."""

    def __init__(self, client: smtplib.SMTP, sender: str, now: Callable[[], datetime]) -> None:
        self._client = client
        self._sender = sender
        self._now = now

    def send(self, envelope: Envelope, mail: RenderedMail) -> None:
        """Send one message and map the server's answer."""
        message = build_message(envelope, mail, self._sender, self._now())
        try:
            refused = self._client.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise _outcome(code, _reply(text)) from exc
        except smtplib.SMTPResponseException as exc:
            raise _outcome(exc.smtp_code, _reply(exc.smtp_error)) from exc
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise TransportUnavailable(t("förbindelsen med e-postservern bröts: {error}", error=exc)) from exc
        if refused:
            code, text = next(iter(refused.values()))
            raise _outcome(code, _reply(text))


class SmtpTransport:
    """Mail through an SMTP server."""

    def __init__(
        self,
        host: str,
        port: int,
        security: str,
        sender: str,
        user: str | None = None,
        password: str | None = None,
        *,
        timeout: float = 30.0,
        context: ssl.SSLContext | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if security not in SECURITY:
            raise ValueError(f"security must be one of {', '.join(SECURITY)}")
        self.host, self.port, self.security = host, port, security
        self._sender = sender
        self._user, self._password = user, password
        self._timeout = timeout
        self._context = context or ssl.create_default_context()
        self._now = now

    @property
    def description(self) -> str:
        """Where mail goes (no password)."""
        return f"smtp://{self.host}:{self.port} ({self.security})"

    @contextmanager
    def session(self) -> Iterator[SmtpSender]:
        """Connect, secure and log in; closed afterwards."""
        client = self._connect()
        try:
            yield SmtpSender(client, self._sender, self._now)
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()

    def _connect(self) -> smtplib.SMTP:
        try:
            if self.security == "ssl":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self._timeout, context=self._context
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self._timeout)
            if self.security == "starttls":
                client.ehlo()
                if not client.has_extn("starttls"):
                    client.close()
                    raise TransportUnavailable(
                        t(
                            "{host}:{port} erbjuder inte STARTTLS; kgflow skickar inte i klartext",
                            host=self.host,
                            port=self.port,
                        )
                    )
                client.starttls(context=self._context)
                client.ehlo()
            if self._user:
                client.login(self._user, self._password or "")
        except TransportUnavailable:
            raise
        except smtplib.SMTPAuthenticationError as exc:
            raise TransportUnavailable(t("e-postservern godtog inte inloggningen för {user}", user=self._user)) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TransportUnavailable(
                t("når inte e-postservern {host}:{port}: {error}", host=self.host, port=self.port, error=exc)
            ) from exc
        return client
