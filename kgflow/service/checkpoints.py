"""Filing the history's checkpoint outside the database: a line in a file, and a mail to keep (R12).

A checkpoint (``SEQ:HASH``) is worth something only where whoever can change
the database cannot reach it. So the chain's head is appended as a line
``SEQ:HASH<TAB>time`` to a file (``KGFLOW_CHECKPOINT_FILE``, ideally on another
machine's share or a write-once store) and mailed, in plain text, to the
people who answer for the top of the chain: at every organisation without a
parent, the holders of the role the workflows name as responsible for its kind
(the NPO's samordnare in the shipped workflows; ``sekreterare`` where no
workflow names one). ``kgflow audit verify`` then checks against the file's
last line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from kgflow.domain.audit import Checkpoint, filed_line, parse_filed_line
from kgflow.domain.clock import STOCKHOLM
from kgflow.domain.errors import UsageError
from kgflow.domain.model import Person
from kgflow.domain.wording import t
from kgflow.service.context import Services
from kgflow.service.mail import (
    CheckpointView,
    Envelope,
    Mail,
    PermanentFailure,
    RenderFailed,
    TransientFailure,
    TransportUnavailable,
)

FALLBACK_ROLE = "sekreterare"


class CheckpointLedger(Protocol):
    """Where checkpoint lines are filed: appended to, never rewritten."""

    @property
    def description(self) -> str:
        """Where the lines go, for people."""
        ...

    def last(self) -> str | None:
        """The last line filed, or None when nothing has been filed yet."""
        ...

    def append(self, line: str) -> None:
        """Add a line durably (written through to the disk before returning); raises UsageError."""
        ...


@dataclass(frozen=True)
class Recipient:
    """Someone who is sent the checkpoint, and why."""

    person: Person
    role_sv: str
    role_en: str
    organisation: str


@dataclass
class FilingReport:
    """What filing a checkpoint did."""

    checkpoint: Checkpoint | None
    line: str | None = None
    filed_in: str | None = None
    unchanged: bool = False
    mailed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def last_filed(ledger: CheckpointLedger) -> Checkpoint | None:
    """The checkpoint on the ledger's last line.

    Raises:
        UsageError: when that line is not a checkpoint.
    """
    text = ledger.last()
    if text is None:
        return None
    try:
        return parse_filed_line(text)
    except ValueError as exc:
        raise UsageError(
            t("Sista raden i {ledger} är ingen kontrollpunkt: {problem}.", ledger=ledger.description, problem=exc)
        ) from exc


def recipients(services: Services) -> list[Recipient]:
    """Who the checkpoint is mailed to: the responsible role's holders at every organisation without a parent."""
    definitions = [services.catalogue.current(name) for name in services.catalogue.names()]
    found: dict[int, Recipient] = {}
    with services.uow() as uow:
        for org in uow.orgs.list():
            if org.parent_id is not None:
                continue
            roles = {d.responsible[org.kind.value] for d in definitions if org.kind.value in d.responsible} or {
                FALLBACK_ROLE
            }
            for role in sorted(roles):
                label = next((d.roles[role] for d in definitions if role in d.roles), None)
                for person in uow.people.holders(org.id, role):
                    found.setdefault(
                        person.id,
                        Recipient(person, label.sv if label else role, label.en if label else role, org.name),
                    )
    return sorted(found.values(), key=lambda r: r.person.code)


def file_checkpoint(
    services: Services, ledger: CheckpointLedger | None, mail: Mail | None, *, only_if_new: bool = False
) -> FilingReport:
    """File the chain's head in ``ledger`` and mail it (either may be None); with ``only_if_new``, not twice.

    Raises:
        UsageError: when the ledger cannot be read or written.
    """
    with services.uow() as uow:
        head = uow.history.head()
    report = FilingReport(head)
    if head is None:
        return report
    if only_if_new and ledger is not None and last_filed(ledger) == head:
        report.unchanged = True
        return report
    at = services.clock.now().astimezone(STOCKHOLM)
    report.line = filed_line(head, at)
    if ledger is not None:
        ledger.append(report.line)
        report.filed_in = ledger.description
    if mail is not None:
        _mail(services, mail, head, report.line, at, report)
    return report


def _message_id(head: Checkpoint, person: Person, domain: str) -> str:
    """The same Message-ID every time one checkpoint goes to one person."""
    digest = hashlib.sha256(f"{head}|{person.code}".encode()).hexdigest()[:32]
    return f"<kgflow.checkpoint.{head.seq}.{digest}@{domain}>"


def _mail(services: Services, mail: Mail, head: Checkpoint, line: str, at: datetime, report: FilingReport) -> None:
    people = recipients(services)
    if not people:
        report.failures.append(str(t("ingen har den ansvariga rollen vid en organisation utan överordnad")))
        return
    try:
        with mail.transport.session() as sender:
            for who in people:
                view = CheckpointView(who.person.name, who.role_sv, who.role_en, who.organisation, line, str(head), at)
                envelope = Envelope(
                    who.person.name, who.person.email, _message_id(head, who.person, mail.sender_domain)
                )
                try:
                    sender.send(envelope, mail.renderer.checkpoint(view))
                except (TransientFailure, PermanentFailure, RenderFailed) as exc:
                    report.failures.append(f"{who.person.email}: {exc}")
                else:
                    report.mailed.append(who.person.email)
    except TransportUnavailable as exc:
        report.failures.append(str(exc))
