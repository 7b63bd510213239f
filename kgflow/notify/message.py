"""Building the MIME message, with headers that cannot carry an injection.

Names and titles come from people: an organisation called "Falun\\nBcc: x@y"
must not add a header or a recipient. Python 3.11.7 is affected by CVE-2024-6923
(the email module did not quote newlines in encoded headers), so kgflow does not
rely on the library alone: every header value has its control characters
(CR, LF, and the Unicode line and paragraph separators) replaced before it is
set, and text that looks like an encoded word (``=?utf-8?q?…=0A…?=``) is broken
up so no reader decodes a line break out of it; addresses must be plain
``local@domain``; and the finished message is parsed back to check it has
exactly the headers and the one recipient it was built with.
"""

from __future__ import annotations

import re
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime

from kgflow.domain.addresses import checked_address
from kgflow.domain.errors import UsageError
from kgflow.domain.wording import t
from kgflow.service.mail import Envelope, PermanentFailure, RenderedMail

_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
HEADERS = {
    "from", "to", "subject", "message-id", "date", "auto-submitted", "mime-version", "content-type",
    "content-transfer-encoding",  # a plain-text message is one part, with its encoding at the top
}  # fmt: skip


def header_text(value: str) -> str:
    """``value`` safe for a header: control characters and line breaks become spaces, and a
    literal encoded word (``=?utf-8?q?…?=``, which a reader would decode — newlines and all)
    is broken up so it stays text."""
    return _CONTROL.sub(" ", value).replace("=?", "= ?").strip()


def build_message(envelope: Envelope, mail: RenderedMail, sender: str, now: datetime) -> EmailMessage:
    """A multipart (plain text + HTML) message for one recipient; plain text alone when there is no HTML.

    Raises:
        PermanentFailure: when the recipient's address is not a plain address,
            or the message would not read back as built.
    """
    try:
        to_address = checked_address(envelope.to_address)
    except UsageError as exc:
        raise PermanentFailure(t("mottagarens adress går inte att använda: {error}", error=exc)) from exc
    local, _, domain = to_address.partition("@")
    from_local, _, from_domain = sender.partition("@")
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = Address("kgflow", from_local, from_domain)
    message["To"] = Address(header_text(envelope.to_name), local, domain)
    message["Subject"] = header_text(mail.subject)
    message["Message-ID"] = header_text(envelope.message_id)
    message["Date"] = format_datetime(now)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    _check(message, to_address)
    return message


def _check(message: EmailMessage, to_address: str) -> None:
    """Parse the message's header section back: the same headers, one recipient, no Cc or Bcc."""
    parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes(), headersonly=True)
    names = {name.lower() for name in parsed}
    recipients = [address.addr_spec.lower() for address in parsed["To"].addresses] if parsed["To"] else []
    if not names <= HEADERS or recipients != [to_address]:
        raise PermanentFailure(
            t(
                "meddelandet lästes inte tillbaka som det byggdes (rubriker {headers}); det skickades inte",
                headers=", ".join(sorted(names)),
            )
        )
