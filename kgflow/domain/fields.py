"""Values people give with an event: ``--ref``, ``--note`` and ``--set key=value``.

Parsing is strict and every refusal is one sentence naming the key and what
would have been accepted. Typed conversion follows the field types a workflow
declares (:class:`FieldType`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum

from kgflow.domain import text as limits
from kgflow.domain.calendar import EARLIEST, LATEST
from kgflow.domain.errors import UsageError
from kgflow.domain.wording import Phrase, marked, t

MAX_TEXT = limits.VALUE
# A key is a field's name or, for events that take a value per organisation, whatever names one
# as ORG does — a code, a kommunkod or a name such as "Borlänge" or "Psykiatrin, Region Dalarna".
_KEY = re.compile(r"^\w[\w .,&()'/-]*$")


class FieldType(StrEnum):
    """What a value given with ``--ref``, ``--note`` or ``--set`` must look like."""

    TEXT = "text"
    DATE = "date"
    COUNT = "count"
    LEVEL = "level"
    LIST = "list"
    FORUM = "forum"
    """The code or name of a decision forum (R6): text here, resolved and checked by the rules of the step."""


# The words of the fields the shipped workflows name, for forms and refusals; another field is shown by its name.
FIELD_WORDS: Mapping[str, str] = {
    "ref": marked("Referens (diarienummer, protokoll eller beslut)"),
    "summary": marked("Sammanfattning"),
    "reason": marked("Skäl"),
    "date": marked("Datum"),
    "due": marked("Svar senast"),
    "target": marked("Målnivå för alla"),
    "gaps": marked("Antal brister som GAP-analysen fann"),
    "gap_list": marked("Bristerna, en per rad"),
    "level": marked("Nivå"),
    "body": marked("Beslutsorgan"),
    "for": marked("Beslutet gäller (huvudmän, åtskilda med komma; tomt: alla som väntar)"),
}


# What a value of each type looks like, in words (a refusal names it: "behöver --set gaps=… (ett antal)").
TYPE_WORDS: Mapping[FieldType, str] = {
    FieldType.TEXT: marked("en text"),
    FieldType.DATE: marked("ett datum, ÅÅÅÅ-MM-DD"),
    FieldType.COUNT: marked("ett antal"),
    FieldType.LEVEL: marked("en nivå 1, 2 eller 3"),
    FieldType.LIST: marked("en lista"),
    FieldType.FORUM: marked("ett beslutsorgan i länet"),
}


def type_word(kind: FieldType) -> Phrase:
    """What a value of ``kind`` looks like, in the reader's language."""
    return t(TYPE_WORDS[kind])


def field_word(key: str) -> Phrase | str:
    """A field by its words in the reader's language (its key where the workflows' fields have none)."""
    return t(FIELD_WORDS[key]) if key in FIELD_WORDS else key


def parse_assignments(raw: Iterable[str]) -> dict[str, str]:
    """``["gaps=3", "falun=2"]`` → ``{"gaps": "3", "falun": "2"}``.

    Keys are lower-cased; the value is everything after the first ``=``. A key
    may hold letters with diacritics and spaces (``"Region Dalarna=2"``, quoted
    on the command line) so that it can name an organisation.

    Raises:
        UsageError: for a missing ``=``, an empty or odd key, or a key given twice.
    """
    result: dict[str, str] = {}
    for text in raw:
        key, sep, value = text.partition("=")
        key = " ".join(key.split()).lower()
        if not sep:
            raise UsageError(t("--set tar nyckel=värde, och {text!r} saknar '='.", text=text))
        if not _KEY.match(key) or len(key) > limits.NAME:
            raise UsageError(
                t(
                    "--set {text!r}: nyckeln ska vara ett fälts namn eller en organisations kod eller namn.",
                    text=text,
                )
            )
        if key in result:
            raise UsageError(t("--set anger {key!r} två gånger; ange den en gång.", key=key))
        result[key] = value.strip()
    return result


def parse_date(text: str, what: object = None) -> date:
    """An ISO date (YYYY-MM-DD) between :data:`~kgflow.domain.calendar.EARLIEST` and ``LATEST``.

    Raises:
        UsageError: when ``text`` is not a real date in that form, or lies outside that range.
    """
    what = what if what is not None else t("Datumet")
    candidate = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", candidate):
        raise UsageError(t("{what} ska vara ett datum skrivet ÅÅÅÅ-MM-DD, inte {text!r}.", what=what, text=text))
    try:
        day = date.fromisoformat(candidate)
    except ValueError as exc:
        raise UsageError(t("{what} {text!r} är inget verkligt datum.", what=what, text=text)) from exc
    if not EARLIEST <= day <= LATEST:
        raise UsageError(
            t(
                "{what} {day} ligger utanför de datum kgflow arbetar med, {earliest} till {latest}.",
                what=what,
                day=candidate,
                earliest=EARLIEST.isoformat(),
                latest=LATEST.isoformat(),
            )
        )
    return day


def convert(field_type: FieldType, raw: str, name: object) -> object:
    """Turn the text given for field ``name`` into its typed value.

    Raises:
        UsageError: when the text does not fit the type.
    """
    text = raw.strip()
    if field_type in (FieldType.TEXT, FieldType.FORUM):
        if not text:
            raise UsageError(t("{name} saknar värde; ange ett värde.", name=name))
        return limits.checked(text, name, MAX_TEXT)
    if field_type is FieldType.DATE:
        return parse_date(text, name).isoformat()
    if field_type is FieldType.LIST:
        parts = [limits.checked(part.strip(), name, MAX_TEXT) for part in text.split(";") if part.strip()]
        if not parts:
            raise UsageError(t("{name} ska ha minst en post; skilj posterna åt med ';'.", name=name))
        return parts
    if not (text.isascii() and text.isdigit()):  # "²" is a digit to str.isdigit, not to int()
        if field_type is FieldType.LEVEL:
            raise UsageError(t("{name} ska vara nivå 1, 2 eller 3, inte {raw!r}.", name=name, raw=raw))
        raise UsageError(t("{name} ska vara ett heltal, 0 eller mer, inte {raw!r}.", name=name, raw=raw))
    number = int(text)
    if field_type is FieldType.LEVEL and not 1 <= number <= 3:
        raise UsageError(t("{name} ska vara nivå 1, 2 eller 3, inte {number}.", name=name, number=number))
    return number
