"""The domain's limits on text people enter, the same on SQLite and PostgreSQL.

SQLite stores whatever it is given; PostgreSQL refuses NUL in text, refuses
text that is not valid UTF-8 and enforces ``VARCHAR(n)``. So that both
backends keep the same data — and an export from one imports into the other —
kgflow checks every text before it is written, here, and the database is never
the one that refuses.

What is refused:

- **Control characters** in every text: C0 (U+0000–U+001F), DEL (U+007F) and
  C1 (U+0080–U+009F). They have no meaning in a title, a name or a reference,
  and on a terminal they are commands (ESC starts an escape sequence, CR
  overwrites a line). *Multi-line* texts (notes) may hold TAB and LF — a note is
  prose and may have paragraphs — but never CR or any other control character.
- **Lone surrogates** (U+D800–U+DFFF): what Python makes of bytes that are not
  UTF-8 on a command line; they cannot be stored as UTF-8.
- **Bidirectional overrides and isolates** (U+202A–U+202E, U+2066–U+2069): they
  make a text read differently from what it holds ("Trojan Source"). Other
  format characters stay allowed: the zero-width joiner and variation selectors
  are part of everyday emoji.
- **Lengths** over the limits below, counted in characters as PostgreSQL counts
  ``VARCHAR(n)``. Each limit is at or below its column's length in
  ``kgflow/persistence/tables.py``; a test keeps them so.
"""

from __future__ import annotations

import re

from kgflow.domain.errors import UsageError
from kgflow.domain.wording import Phrase, t

CODE = 80
"""Codes of items, organisations and people (``VARCHAR(80)``)."""
TITLE = 300
"""An item's title (``item.title``, ``VARCHAR(300)``)."""
NAME = 200
"""A name of an organisation or a person (``VARCHAR(200)``)."""
REFERENCE = 200
"""A reference (``--ref``: a diarienummer, a decision; ``item_version.adoption_ref`` is ``VARCHAR(200)``)."""
EMAIL = 254
"""An e-mail address (``person.email``, ``VARCHAR(254)``; RFC 5321's longest path)."""
ROLE = 40
"""A role name (``role_assignment.role``, ``VARCHAR(40)``)."""
LOGIN = 63
"""A database login a person is linked to (``person.login``, ``VARCHAR(63)``: PostgreSQL's longest role name)."""
VALUE = 2000
"""A text value given with ``--set`` (kept in the history row's fields)."""
NOTE = 2000
"""A note with a step (``--note``; kept in the history row)."""

_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_MULTI_LINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _described(char: str) -> Phrase:
    point = f"U+{ord(char):04X}"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return t("byte som inte är UTF-8")
    if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
        return t("ett styrtecken ({point})", point=point)
    return t("ett tecken som styr skrivriktningen ({point})", point=point)


def refusal(text: str, what: object, limit: int | None, *, multiline: bool = False) -> Phrase | None:
    """Why ``text`` may not be stored as ``what``, or None when it may.

    Args:
        text: the text as it would be stored.
        what: how the sentence names it, a phrase that can begin a sentence (``t("Titeln")``, "--note").
        limit: the most characters it may have (None: no limit but the character rules).
        multiline: allow TAB and LF (notes).
    """
    bad = (_MULTI_LINE if multiline else _SINGLE_LINE).search(text)
    if bad is not None:
        if multiline and bad.group() < "\x80":
            return t(
                "{what} innehåller {described} på position {position}; ta bort det (tabbar och radbrytningar går bra).",
                what=what,
                described=_described(bad.group()),
                position=bad.start() + 1,
            )
        return t(
            "{what} innehåller {described} på position {position}; ta bort det.",
            what=what,
            described=_described(bad.group()),
            position=bad.start() + 1,
        )
    if limit is not None and len(text) > limit:
        return t(
            "{what} har {length} tecken; högst {limit} tecken får plats, korta texten.",
            what=what,
            length=len(text),
            limit=limit,
        )
    return None


def checked(text: str, what: object, limit: int | None, *, multiline: bool = False) -> str:
    """``text`` unchanged, when it may be stored as ``what``.

    Raises:
        UsageError: one sentence saying which character or how long (see :func:`refusal`).
    """
    reason = refusal(text, what, limit, multiline=multiline)
    if reason is not None:
        raise UsageError(reason)
    return text
