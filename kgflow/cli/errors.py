"""kgflow's failures as click exceptions: ``kgflow: <one sentence>`` on stderr and kgflow's exit code.

The root command turns what stops a command — a :class:`~kgflow.domain.errors.KgflowError`,
click's own usage errors, Ctrl-C, an unexpected exception — into one
:class:`CommandFailed` where it catches it; click's standalone mode then prints
it once and exits with its code.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

import click

from kgflow.cli.render import printable
from kgflow.domain.errors import KgflowError, UsageError
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t

UNEXPECTED = 70
"""The exit code of an error kgflow did not expect (sysexits' EX_SOFTWARE)."""


class CommandFailed(click.ClickException):
    """A command stopped: click prints ``kgflow: <sentence>`` and exits with ``exit_code``."""

    def __init__(self, sentence: str, exit_code: int) -> None:
        super().__init__(sentence)
        # Click declares the code per class; kgflow's codes come with each error.
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: IO[Any] | None = None) -> None:
        """Write the sentence to ``file`` (standard error unless given)."""
        click.echo(f"kgflow: {self.message}", file=file, err=file is None)


def refused(error: KgflowError) -> CommandFailed:
    """A kgflow error: its sentence, made safe for a terminal, and its exit code."""
    return CommandFailed(printable(str(error)), error.exit_code)


def misused(error: click.ClickException) -> CommandFailed:
    """Click's own error on one line; a usage error points at ``--help``."""
    sentence = printable(" ".join(error.format_message().split()))
    if isinstance(error, click.UsageError):
        sentence = str(t("{sentence} (se --help)", sentence=sentence))
    return CommandFailed(sentence, error.exit_code)


def stopped() -> CommandFailed:
    """The user stopped the command (Ctrl-C, or an aborted prompt)."""
    return CommandFailed(_("avbrutet."), 1)


def crashed(error: Exception) -> CommandFailed:
    """An error kgflow did not expect: named, with the way to see where it happened."""
    sentence = t(
        "ett oväntat fel stoppade kommandot ({kind}: {error}); ingenting sparades. "
        "Sätt KGFLOW_DEBUG=1 för att se var felet uppstod.",
        kind=type(error).__name__,
        error=printable(str(error)),
    )
    return CommandFailed(str(sentence), UNEXPECTED)


@contextmanager
def click_failures() -> Iterator[None]:
    """Click's own errors, an aborted prompt and Ctrl-C, as kgflow's one sentence."""
    try:
        yield
    except CommandFailed:
        raise
    except click.ClickException as error:
        raise misused(error) from error
    except click.exceptions.Abort as error:
        raise stopped() from error
    except KeyboardInterrupt as error:
        click.echo(err=True)  # closes the terminal's ^C echo, as click does
        raise stopped() from error


def refuse_unsafe_arguments(args: Sequence[str]) -> None:
    """Refuse a command line holding a character kgflow never stores, before anything is looked up.

    Raises:
        CommandFailed: naming the argument and the character, with the usage exit code.
    """
    from kgflow.domain.text import refusal

    for number, argument in enumerate(args, start=1):
        # Checked before any lookup, so SQLite and PostgreSQL never see (and never differ over) such bytes.
        where = str(t("Argument {number} på kommandoraden", number=number))
        reason = refusal(argument, where, None, multiline=True)
        if reason is not None:
            raise CommandFailed(str(reason), UsageError.exit_code)
