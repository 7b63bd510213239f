"""The command line in the reader's language: kgflow's help texts and click's own words.

:func:`speak` runs at the start of every invocation. It installs the language
:func:`kgflow.locale.choose` picks, points click's gettext calls ("Usage:",
"Show this message and exit.", its usage errors) at kgflow's catalogue — click
looks its words up through :mod:`gettext`'s global domain, which a library must
not claim — and translates every command's and option's help, keyed as the
extractor (:mod:`kgflow.locale.extract`) keys it.
"""

from __future__ import annotations

import importlib

import click

from kgflow.domain import wording
from kgflow.domain.wording import marked
from kgflow.locale import help_key, use

_CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.shell_completion",
    "click.termui",
    "click.types",
    "click.utils",
)
_ORIGINAL = "_kgflow_help"
_USAGE_WORDS = (marked("[FLAGGOR]"), marked("KOMMANDO [ARGUMENT]..."))
"""What click writes in a usage line in place of the options and the subcommand, in kgflow's words."""


def speak(root: click.Command) -> str:
    """Speak the chosen language on this command line; returns the language."""
    chosen = use()
    for name in _CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = wording.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = wording.ngettext  # type: ignore[attr-defined]
    translate(root)
    return chosen


def translate(command: click.Command) -> None:
    """Put the help texts of ``command`` and of the subcommands it has loaded in the language spoken now."""
    # Click builds a command's --help option once, in the language of the first invocation; one
    # process may run several (tests, an embedding program), so it is built again in this one.
    command._help_option = None
    for holder, attribute in _texts(command):
        original = _original(holder, attribute)
        if original:
            setattr(holder, attribute, wording.gettext(help_key(original)))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            translate(sub)


def _texts(command: click.Command) -> list[tuple[object, str]]:
    texts: list[tuple[object, str]] = [(command, "help"), (command, "short_help"), (command, "epilog")]
    texts += [(command, "options_metavar")]
    if isinstance(command, click.Group):
        texts += [(command, "subcommand_metavar")]
    for param in command.params:
        texts += [(param, "metavar")]
        if isinstance(param, click.Option):
            texts += [(param, "help")]
    return texts


def _original(holder: object, attribute: str) -> str | None:
    """The text as written in the code, kept aside the first time it is translated."""
    kept: dict[str, str | None] = holder.__dict__.setdefault(_ORIGINAL, {})
    if attribute not in kept:
        written = getattr(holder, attribute, None)
        kept[attribute] = _in_kgflow_words(attribute, written)
    return kept[attribute]


def _in_kgflow_words(attribute: str, written: str | None) -> str | None:
    """Click's own English usage words replaced by kgflow's Swedish ones, which the catalogue translates."""
    if attribute == "options_metavar" and written == "[OPTIONS]":
        return _USAGE_WORDS[0]
    if attribute == "subcommand_metavar" and written in (
        "COMMAND [ARGS]...",
        "COMMAND1 [ARGS]... [COMMAND2 [ARGS]...]...",
    ):
        return _USAGE_WORDS[1]
    return written
