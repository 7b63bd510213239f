"""The embedded default: each message as an ``.eml`` file in a folder, ready to open.

Files are named by the day they were written (Swedish time), the recipient and
a short id taken from the Message-ID, e.g.
``2027-02-12_karin.nilsson@falun.se_3f9a0c1b7e2d.eml``, so a folder sorted by
name reads as a log, and a secretary can find a person's mail. The short id is
what makes a message's file unique and stable: sending the same message again
(a retry after a crash, the same checkpoint mailed twice) finds the file that
already carries its id, whatever day that was, and replaces it instead of adding
a second one. Each file is written to a temporary name first and renamed, so a
crash never leaves half a file.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from kgflow.domain.clock import STOCKHOLM
from kgflow.domain.wording import t
from kgflow.notify.message import build_message
from kgflow.service.mail import Envelope, RenderedMail, TransportUnavailable

SHORT_ID_LENGTH = 12
_UNSAFE = re.compile(r"[^A-Za-z0-9._@-]")
_NAMED = re.compile(rf"_([0-9a-f]{{{SHORT_ID_LENGTH}}})\.eml$")


def short_id(message_id: str) -> str:
    """Twelve hex digits that stand for one Message-ID (the first of its SHA-256)."""
    return hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:SHORT_ID_LENGTH]


def file_name(message_id: str, to_address: str, day: date) -> str:
    """``DAY_RECIPIENT_SHORTID.eml``, with only letters a–z, digits and ``. _ @ -`` in it."""
    recipient = _UNSAFE.sub("_", to_address.strip().lower())[:100].strip(".") or "mottagare"
    return f"{day.isoformat()}_{recipient}_{short_id(message_id)}.eml"


def legacy_file_name(message_id: str) -> str:
    """The name kgflow gave a message's file before files were named by day and recipient."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", message_id.strip("<>")) + ".eml"


class EmlSender:
    """Writes messages into a folder."""

    def __init__(self, folder: Path, sender: str, now: Callable[[], datetime]) -> None:
        self._folder = folder
        self._sender = sender
        self._now = now
        # One look at the folder per session, not one per message: which short ids have a file already.
        self._written = {
            match.group(1): path for path in folder.glob("*.eml") if (match := _NAMED.search(path.name)) is not None
        }

    def send(self, envelope: Envelope, mail: RenderedMail) -> None:
        """Write one message, replacing the file the same message was written to before, if any."""
        now = self._now()
        message = build_message(envelope, mail, self._sender, now)
        key = short_id(envelope.message_id)
        target = self._written.get(key)
        if target is None:
            legacy = self._folder / legacy_file_name(envelope.message_id)
            fresh = self._folder / file_name(envelope.message_id, envelope.to_address, now.astimezone(STOCKHOLM).date())
            target = legacy if legacy.exists() else fresh
        partial = target.with_suffix(".tmp")
        partial.write_bytes(message.as_bytes())
        os.replace(partial, target)
        self._written[key] = target


class EmlTransport:
    """Mail written as files (no SMTP server configured)."""

    def __init__(self, folder: Path, sender: str, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.folder = folder
        self._sender = sender
        self._now = now

    @property
    def description(self) -> str:
        """Where the files go."""
        return str(t("mappen {folder}", folder=self.folder))

    @contextmanager
    def session(self) -> Iterator[EmlSender]:
        """Make sure the folder exists."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TransportUnavailable(
                t("kan inte skapa e-postmappen {folder}: {error}", folder=self.folder, error=exc.strerror)
            ) from exc
        yield EmlSender(self.folder, self._sender, self._now)
