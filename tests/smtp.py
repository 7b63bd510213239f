"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, recording what it accepted.

Replies can be scripted: refuse a recipient with 550, answer DATA with 451 a
few times, hold every message for a while before answering (a slow relay), or
stop the server altogether. Tests assert on the messages the server actually
received, and may wait until it has received so many.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    """One accepted message."""

    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Handler:
    """Accepts mail, unless told otherwise."""

    received: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    data_replies: list[str] = field(default_factory=list)
    hold_seconds: float = 0.0
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        if address.lower() in self.refuse:
            return self.refuse[address.lower()]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.data_replies:
            return self.data_replies.pop(0)
        if self.hold_seconds:
            # A slow relay: it takes its time over every message before it answers.
            await asyncio.sleep(self.hold_seconds)
        with self.arrived:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"


class SmtpServer:
    """A controllable aiosmtpd server."""

    def __init__(self, tls_context: ssl.SSLContext | None = None) -> None:
        self.handler = Handler()
        self.host = "127.0.0.1"
        self.port = free_port()
        self._tls = tls_context
        self._controller: Controller | None = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def wait_for_messages(self, count: int, timeout: float = 30.0) -> None:
        """Block until the server has accepted at least ``count`` messages; fail after ``timeout`` seconds."""
        with self.handler.arrived:
            if not self.handler.arrived.wait_for(lambda: len(self.handler.received) >= count, timeout):
                raise AssertionError(f"the server received {len(self.handler.received)} messages, not {count}")

    def start(self) -> None:
        kwargs: dict[str, Any] = {"hostname": self.host, "port": self.port}
        if self._tls is not None:
            kwargs.update(tls_context=self._tls, require_starttls=True)
        self._controller = Controller(self.handler, **kwargs)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def environment(self) -> dict[str, str]:
        """What a kgflow process needs to send here (plain SMTP, as on a local relay)."""
        return {
            "KGFLOW_SMTP_HOST": self.host,
            "KGFLOW_SMTP_PORT": str(self.port),
            "KGFLOW_SMTP_SECURITY": "none",
            "KGFLOW_MAIL_FROM": "kgflow@lpo.example.se",
        }
