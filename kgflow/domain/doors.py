"""Where a person gives a value: the command line's options, or the fields and boxes of a web form.

A refusal says how to put things right — "vänta, eller använd --force med en
--note" — in the words of the door the person came through. The rule writes an
:class:`Option` where it names a way of giving a value; the option renders as
the command line's flag, or, inside :func:`through` ``("web")`` (each web
request), as the form's field. Everything else in the sentence stays the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from kgflow.domain.fields import field_word
from kgflow.domain.wording import Phrase, t

_door: ContextVar[str] = ContextVar("kgflow_door", default="cli")


@contextmanager
def through(door: str) -> Iterator[None]:
    """Name options as ``door`` ("cli" or "web") does inside the block."""
    token = _door.set(door)
    try:
        yield
    finally:
        _door.reset(token)


@dataclass(frozen=True)
class Option:
    """A way of giving a value: ``cli`` on the command line, ``web`` (a phrase) in a form."""

    cli: str
    web: Phrase | str

    def __str__(self) -> str:
        return str(self.web) if _door.get() == "web" else self.cli


def given_as(key: str) -> Option:
    """How a person gives the value ``key``: ``--ref`` or ``--set key=…``, or the form's field by its words."""
    cli = "--ref" if key == "ref" else f"--set {key}=…"
    return Option(cli, t("”{field}”", field=field_word(key)))


FORCE = Option("--force", t("kryssrutan ”Lämna det samlade svaret utan dem som inte har svarat”"))
"""Forcing a compiled answer past those who have not answered (R4)."""

NOTE = Option("--note", t("anteckning"))
"""A note: "… med en --note" on the command line, "… med en anteckning" on the web."""
