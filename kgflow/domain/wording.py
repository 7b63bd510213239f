"""Words a person reads: Swedish templates, rendered in the reader's language when shown.

Domain and service code never choose a language. They say what they mean with
:func:`t` — a Swedish template and its values — and get a :class:`Phrase` back,
which renders itself only when it is turned into text: at the edge (the command
line, the site, an e-mail), in the language the edge installed with :func:`speak`.
Until then, and wherever nothing was installed, a phrase reads in Swedish, the
catalogues' source language.

``t``, ``tn`` and :func:`marked` are the keywords Babel extracts (see ``babel.cfg``),
so every template written with them lands in ``kgflow/locale/kgflow.pot``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol


class Translator(Protocol):
    """What :mod:`gettext` translations offer; ``NullTranslations`` is the Swedish one."""

    def gettext(self, message: str, /) -> str:
        """The translation of ``message``, or ``message`` itself."""
        ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        """The translation of the form that fits ``n``."""
        ...

    def pgettext(self, context: str, message: str, /) -> str:
        """The translation of ``message`` where the same word means something else elsewhere."""
        ...


class _Swedish:
    """The source language: every template is already its own Swedish text."""

    def gettext(self, message: str, /) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str, /) -> str:
        return message


_current: ContextVar[tuple[str, Translator]] = ContextVar("kgflow_language", default=("sv", _Swedish()))


def language() -> str:
    """The language phrases render in now (``"sv"`` or ``"en"``)."""
    return _current.get()[0]


def install(code: str, translator: Translator) -> None:
    """Render every phrase from now on (in this context) in ``code`` through ``translator``."""
    _current.set((code, translator))


@contextmanager
def speak(code: str, translator: Translator) -> Iterator[None]:
    """Render phrases in ``code`` inside the block (a web request, one e-mail), then as before."""
    token = _current.set((code, translator))
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    """``message`` (a Swedish template) in the current language."""
    return _current.get()[1].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a Swedish template that fits ``n``, in the current language."""
    return _current.get()[1].ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, as meant in ``context`` ("antal": a count's noun)."""
    return _current.get()[1].pgettext(context, message)


def marked(template: str) -> str:
    """Mark a Swedish template for the catalogue without translating it yet (gettext's ``N_``)."""
    return template


@dataclass(frozen=True)
class Phrase:
    """A Swedish template and its values; ``str()`` renders it in the current language.

    Values that are phrases themselves render in the same language, so a refusal
    can carry another refusal's reason and still read as one sentence.
    """

    template: str
    values: Mapping[str, object] = field(default_factory=dict)
    plural: str | None = None
    count: int | None = None

    def __str__(self) -> str:
        if self.plural is not None and self.count is not None:
            text = ngettext(self.template, self.plural, self.count)
        else:
            text = gettext(self.template)
        if not self.values:
            return text
        return text.format_map({key: _shown(value) for key, value in self.values.items()})

    def __add__(self, other: object) -> str:
        return str(self) + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + str(self)


def _shown(value: object) -> object:
    return str(value) if isinstance(value, Phrase) else value


def t(template: str, /, **values: object) -> Phrase:
    """A phrase: ``template`` is Swedish with ``{name}`` placeholders filled from ``values``."""
    return Phrase(template, values)


@dataclass(frozen=True)
class Joined:
    """Parts (phrases, labels, text) joined by ``separator``, each rendered only when the whole is shown."""

    parts: tuple[object, ...]
    separator: str = ", "

    def __str__(self) -> str:
        return self.separator.join(str(part) for part in self.parts)


def joined(parts: Iterable[object], separator: str = ", ") -> Joined:
    """``parts`` as one value for a template, rendered part by part in the reader's language."""
    return Joined(tuple(parts), separator)


def tn(singular: str, plural: str, count: int, /, **values: object) -> Phrase:
    """A phrase whose form follows ``count`` (``{count}`` is available to the template)."""
    return Phrase(singular, {"count": count, **values}, plural, count)


def in_swedish(value: object) -> str:
    """``value`` rendered in Swedish whatever the reader's language: for text kgflow stores.

    What goes into the database — a warning recorded with a step, a note kgflow
    writes itself — is part of the record and reads the same for every later
    reader, so it is written in the source language, never in the language of the
    session that happened to write it.
    """
    with speak("sv", _Swedish()):
        return str(value)
