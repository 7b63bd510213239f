"""The mail ports: what the delivery use case asks of a renderer and a transport.

The service builds view models (who, which items, which organisations, how
late) and decides what happens after each attempt; :mod:`kgflow.notify`
implements rendering (Jinja2) and transports (SMTP, ``.eml`` files).
Transports signal outcomes with the exceptions below.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol


class RenderFailed(Exception):
    """A template could not render (a missing value, a broken template)."""


class TransientFailure(Exception):
    """Try this message again later (a 4xx reply, a dropped connection)."""


class PermanentFailure(Exception):
    """This message will never be accepted (a 5xx reply, an unusable address)."""


class TransportUnavailable(Exception):
    """Nothing can be sent now (server down, refused connection, bad login): stop and retry later."""


@dataclass(frozen=True)
class Contact:
    """Someone a line tells its reader to contact: name, address, role (both languages) and organisation."""

    name: str
    email: str
    role_sv: str
    role_en: str
    org_name: str


@dataclass(frozen=True)
class NoticeLine:
    """One notice as the recipient reads it.

    ``action_sv``/``action_en``: what is to be done, as the workflow words it;
    ``link``: where to do it on the web (when ``KGFLOW_WEB_URL`` is set), else
    ``contacts``: whom to contact, and ``contact_can_act``: whether they can take
    the step on the reader's behalf (see :mod:`kgflow.service.mail_lines`).
    ``referral``: the step is a remiss, answered by a date ("svar senast …");
    ``role_sv``/``role_en``: for an escalation, the role the reader is told in
    ("ordförande"), at ``recipient_org``; ``late_sv``/``late_en``: what the late
    organisation has not done, as the workflow words it ("har inte lämnat remissvar").
    """

    item_code: str
    item_title: str
    org_code: str
    org_name: str
    recipient_org: str
    rung: str
    escalation: int
    state_sv: str
    state_en: str
    due: date
    days_late: int
    days_left: int
    action_sv: str = ""
    action_en: str = ""
    link: str | None = None
    contacts: tuple[Contact, ...] = ()
    contact_can_act: bool = False
    referral: bool = False
    role_sv: str = ""
    role_en: str = ""
    late_sv: str = ""
    late_en: str = ""
    questions: tuple[str, ...] = ()
    """A follow-up round's opening notice without a web link: its questions, one line each."""


@dataclass(frozen=True)
class RenderedLine:
    """A notice rendered as plain text and as HTML."""

    text: str
    html: str


@dataclass(frozen=True)
class ItemGroup:
    """The rendered lines of one item, in organisation order."""

    code: str
    title: str
    lines: list[RenderedLine] = field(default_factory=list)


@dataclass(frozen=True)
class DigestView:
    """Everything one digest e-mail says."""

    recipient: str
    today: date
    items: list[ItemGroup]
    total: int
    late: int
    escalations: int
    web_url: str | None = None
    names_contacts: bool = False  # some line names a person to contact


@dataclass(frozen=True)
class CheckpointView:
    """Everything the e-mail that files a checkpoint says."""

    recipient: str
    role_sv: str
    role_en: str
    organisation: str
    line: str
    checkpoint: str
    at: datetime


@dataclass(frozen=True)
class SignInView:
    """Everything the e-mail with a one-time sign-in link says."""

    recipient: str
    link: str
    minutes: int
    expires: datetime


@dataclass(frozen=True)
class RenderedMail:
    """Subject and both parts of an e-mail; an empty ``html`` sends plain text alone."""

    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Envelope:
    """Who a message goes to and how receivers recognise it."""

    to_name: str
    to_address: str
    message_id: str


class Renderer(Protocol):
    """Turns views into text."""

    def line(self, line: NoticeLine) -> RenderedLine:
        """Render one notice; raises RenderFailed."""
        ...

    def digest(self, view: DigestView) -> RenderedMail:
        """Render a whole digest; raises RenderFailed."""
        ...

    def checkpoint(self, view: CheckpointView) -> RenderedMail:
        """Render the plain-text e-mail that files a checkpoint; raises RenderFailed."""
        ...

    def sign_in(self, view: SignInView) -> RenderedMail:
        """Render the plain-text e-mail with a sign-in link; raises RenderFailed."""
        ...


class Sender(Protocol):
    """An open connection (or folder) that sends messages."""

    def send(self, envelope: Envelope, mail: RenderedMail) -> None:
        """Send one message; raises TransientFailure, PermanentFailure or TransportUnavailable."""
        ...


class Transport(Protocol):
    """Where mail goes: opens a sending session for one run."""

    @property
    def description(self) -> str:
        """Where mail goes, for people (no secrets)."""
        ...

    def session(self) -> AbstractContextManager[Sender]:
        """A session for one run of sending; closed afterwards."""
        ...


@dataclass(frozen=True)
class Mail:
    """The mail adapters and their settings, built by bootstrap."""

    renderer: Renderer
    transport: Transport
    sender_domain: str
    lease_seconds: int = 300
    retry_seconds: int = 300
    max_attempts: int = 10
    web_url: str | None = None  # KGFLOW_WEB_URL: lines link to WEB_URL/arende/ITEM/ORG, not to whom to contact


def lines_by_item(pairs: list[tuple[NoticeLine, RenderedLine]]) -> Iterator[ItemGroup]:
    """Group rendered lines by item, keeping the order they came in."""
    groups: dict[str, ItemGroup] = {}
    for notice, rendered in pairs:
        group = groups.setdefault(notice.item_code, ItemGroup(notice.item_code, notice.item_title))
        group.lines.append(rendered)
    yield from groups.values()
