"""E-mail addresses, parsed strictly when they are entered.

An address is accepted only in its plain ``local@domain`` form: no display
name, no comments, no quoting, no whitespace or line breaks, no second ``@``.
What is ambiguous to one mail program may be read differently by another (the
root of header-injection bugs such as CVE-2024-6923), so it is refused here,
before it is ever stored.
"""

from __future__ import annotations

import re

from kgflow.domain.errors import UsageError
from kgflow.domain.wording import t

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
_ADDRESS = re.compile(rf"^{_LOCAL}@{_DOMAIN}$")


def checked_address(text: str) -> str:
    """``text`` as a plain, lower-cased e-mail address.

    Raises:
        UsageError: for anything but a plain ``local@domain`` address.
    """
    candidate = text.strip()
    if len(candidate) > 254 or not _ADDRESS.fullmatch(candidate):
        raise UsageError(t("{text!r} är ingen enkel e-postadress; skriv den som namn@exempel.se.", text=text))
    return candidate.lower()
