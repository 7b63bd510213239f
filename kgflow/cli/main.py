"""``kgflow``: the root command, the global options and the one place errors are caught.

The root loads its commands lazily: :data:`kgflow.cli.commands.COMMANDS` maps
each name to ``"module:attribute"`` and its one-line help, a command's module is
imported only when that command is run (or its own ``--help`` shown), and
``kgflow --help`` lists the commands from that table without importing any.
So each command pays only for the imports it uses. To add a command, write its
module under ``kgflow/cli/`` (e.g. ``plan.py`` with a ``@click.command()`` or
``@click.group()`` named ``plan``, importing heavy modules inside its function)
and add one line to ``COMMANDS``::

    "plan": Entry("kgflow.cli.plan:plan", marked("The first sentence of its docstring.")),

then give the short help its English in ``kgflow/locale/en/LC_MESSAGES/kgflow.po``
(``python -m kgflow.locale.catalogue`` lists what is missing);
``tests/unit/test_cli_commands.py`` checks the line matches the command's
docstring. (``cli.add_command(...)`` still works, but imports the module on every
start-up.)

Every expected failure is a :class:`~kgflow.domain.errors.KgflowError`; the root
command turns it, like click's own usage errors, into a
:class:`~kgflow.cli.errors.CommandFailed`, which click's standalone mode prints
as one sentence on stderr with its exit code, never as a traceback.
"""

from __future__ import annotations

import gc
import os
import signal
from typing import Any

import click

from kgflow import __version__
from kgflow.cli.app import AppContext
from kgflow.cli.commands import COMMANDS
from kgflow.cli.errors import click_failures, crashed, refuse_unsafe_arguments, refused
from kgflow.cli.language import speak, translate
from kgflow.domain import wording
from kgflow.domain.errors import KgflowError

_COMMANDS_HEADING = "Commands"
"""Click's own heading (its Swedish is in ``sv/LC_MESSAGES/kgflow.po``, with click's other words)."""


class KgflowGroup(click.Group):
    """The root group: commands imported on demand; a failure becomes one :class:`~kgflow.cli.errors.CommandFailed`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, sorted, without importing any."""
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command called ``cmd_name``, importing its module the first time it is asked for."""
        loaded = self.commands.get(cmd_name)
        if loaded is not None:
            return loaded
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        command = entry.load()
        translate(command)
        self.commands[cmd_name] = command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list in ``--help``, from the table's short helps: no command is imported to show it."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            entry = COMMANDS.get(name)
            if entry is not None:
                # shortened as click shortens a docstring (a stand-in command, so nothing is imported)
                text = click.Command(name, help=wording.gettext(entry.short_help)).get_short_help_str(limit)
            else:
                text = self.commands[name].get_short_help_str(limit)
            rows.append((name, text))
        with formatter.section(wording.gettext(_COMMANDS_HEADING)):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse unsafe bytes on the command line, then parse the global options."""
        speak(self)
        if not ctx.resilient_parsing:
            refuse_unsafe_arguments(args)
        with click_failures():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; release the application however it ends."""
        try:
            with click_failures():
                return super().invoke(ctx)
        except KgflowError as error:
            raise refused(error) from error
        except (click.ClickException, click.exceptions.Exit):
            raise
        except Exception as error:
            if os.environ.get("KGFLOW_DEBUG"):
                raise
            raise crashed(error) from error
        finally:
            obj = ctx.obj
            if isinstance(obj, AppContext):
                obj.close()


@click.group(
    cls=KgflowGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    metavar="URL",
    help="Databasens URL eller en SQLite-fil [miljövariabel KGFLOW_DATABASE_URL; standard ./kgflow.db].",
)
@click.option(
    "--as",
    "actor",
    metavar="PERSON",
    help="Vem som agerar: personens kod, e-postadress eller fullständiga namn [miljövariabel KGFLOW_USER].",
)
@click.option("--today", metavar="ÅÅÅÅ-MM-DD", help="Kör som om det vore ett annat datum [miljövariabel KGFLOW_TODAY].")
@click.version_option(__version__, "--version", prog_name="kgflow", help="Visa versionen och avsluta.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, actor: str | None, today: str | None) -> None:
    """Följ nationella kunskapsstöd från remiss till införande.

    kgflow håller reda på varje VIP, PSVF och riktlinje hos varje organisation i
    kedjan NPO → RPO → LPO → LAG → huvudman, för ärendena vidare när någon
    beslutar och påminner om det som är försenat.

    \b
    Börja här:
      kgflow init --sample            en databas med Sveriges struktur och exempel på kunskapsstöd
      kgflow status                   var varje kunskapsstöd står
      kgflow status psvf-sjalvskada --org lpo-dalarna
      kgflow person list --org lpo-dalarna
      kgflow --as bo.lund advance vip-skadligt-bruk borlange answer --ref DNR-123
    """
    ctx.obj = AppContext(db, actor, today)


def main() -> None:
    """Console entry point."""
    # In a pipe (`kgflow status | head`) a closed reader ends kgflow quietly, as it does other tools.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # Starting up builds tens of thousands of objects that live until kgflow exits (modules, SQLAlchemy's
    # classes and tables), and the garbage collector would walk them again and again for nothing: it waits
    # until the application is assembled, when AppContext.app freezes what is there and turns it back on.
    gc.disable()
    cli.main(prog_name="kgflow")
