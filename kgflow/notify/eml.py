"""The embedded default: each message as an ``.eml`` file in a folder, ready to open.

Files are named after the Message-ID, so sending a digest again replaces its
file instead of adding a second one; each is written to a temporary name first
and renamed, so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from kgflow.notify.message import build_message
from kgflow.service.mail import Envelope, RenderedMail, TransportUnavailable


def file_name(message_id: str) -> str:
    """A safe file name for a Message-ID."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", message_id.strip("<>")) + ".eml"


class EmlSender:
    """Writes messages into a folder."""

    def __init__(self, folder: Path, sender: str, now: Callable[[], datetime]) -> None:
        self._folder = folder
        self._sender = sender
        self._now = now

    def send(self, envelope: Envelope, mail: RenderedMail) -> None:
        """Write one message as ``MESSAGE-ID.eml``."""
        message = build_message(envelope, mail, self._sender, self._now())
        target = self._folder / file_name(envelope.message_id)
        partial = target.with_suffix(".tmp")
        partial.write_bytes(message.as_bytes())
        os.replace(partial, target)


class EmlTransport:
    """Mail written as files (no SMTP server configured)."""

    def __init__(self, folder: Path, sender: str, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.folder = folder
        self._sender = sender
        self._now = now

    @property
    def description(self) -> str:
        """Where the files go."""
        return f"the folder {self.folder}"

    @contextmanager
    def session(self) -> Iterator[EmlSender]:
        """Make sure the folder exists."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TransportUnavailable(f"cannot create the mail folder {self.folder}: {exc.strerror}") from exc
        yield EmlSender(self.folder, self._sender, self._now)
