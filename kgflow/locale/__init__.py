"""kgflow's gettext catalogues (``sv``, ``en``), and choosing the reader's language.

The catalogues live beside this module: ``kgflow.pot`` (extracted by Babel from
the code and templates), ``<lang>/LC_MESSAGES/kgflow.po`` (edited by people) and
the compiled ``kgflow.mo`` (what runs). Swedish is the source language: the code's
templates are Swedish, ``en`` translates every one of them, and ``sv`` holds only
the Swedish for the English words click itself prints ("Usage:", "Options:").
See ``README.md`` (Svenska och engelska) for the Babel commands.

Only the standard library's :mod:`gettext` runs here; Babel is a tool for the
catalogues, not a dependency of a running kgflow.
"""

from __future__ import annotations

import gettext as _gettext
import inspect
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from kgflow.domain import wording

DOMAIN = "kgflow"
DIRECTORY = Path(__file__).parent
LANGUAGES = ("sv", "en")
"""The languages kgflow speaks; the first is the default."""

_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def choose(environ: Mapping[str, str] | None = None) -> str:
    """The reader's language: ``KGFLOW_LANGUAGE``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else sv.

    A ``KGFLOW_LANGUAGE`` kgflow does not speak is not guessed at: Swedish is used,
    as for a locale such as ``C.UTF-8`` or ``de_DE``.
    """
    env = os.environ if environ is None else environ
    chosen = env.get("KGFLOW_LANGUAGE", "").strip().lower()
    if chosen:
        return chosen if chosen in LANGUAGES else LANGUAGES[0]
    for variable in _LOCALE_VARIABLES:
        value = env.get(variable, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else LANGUAGES[0]
    return LANGUAGES[0]


@cache
def translator(code: str) -> wording.Translator:
    """The compiled catalogue of ``code`` (read once per process)."""
    return _gettext.translation(DOMAIN, localedir=DIRECTORY, languages=[code], fallback=True)


def use(code: str | None = None) -> str:
    """Render phrases in ``code`` (default: :func:`choose`) from now on; returns the language used."""
    chosen = code if code in LANGUAGES else choose()
    wording.install(chosen, translator(chosen))
    return chosen


def help_key(text: str) -> str:
    """A click help text as the catalogue keys it: cleaned as click cleans it, up to a form feed."""
    return inspect.cleandoc(text).partition("\f")[0]
