"""``kgflow``: the root command, the global options and the one place errors are caught.

Every expected failure is a :class:`~kgflow.domain.errors.KgflowError`; the root
command turns it, like click's own usage errors, into a
:class:`~kgflow.cli.errors.CommandFailed`, which click's standalone mode prints
as one sentence on stderr with its exit code, never as a traceback.
"""

from __future__ import annotations

import os
import signal
from typing import Any

import click

from kgflow import __version__
from kgflow.cli import (
    advance,
    audit,
    backup,
    chase,
    docs,
    followup,
    init,
    item,
    org,
    person,
    report,
    scheduler,
    serve,
    status,
    todo,
    workflow,
)
from kgflow.cli.app import AppContext
from kgflow.cli.errors import click_failures, crashed, refuse_unsafe_arguments, refused
from kgflow.cli.language import speak
from kgflow.domain.errors import KgflowError


class KgflowGroup(click.Group):
    """The root group: whatever stops a command becomes one :class:`~kgflow.cli.errors.CommandFailed`."""

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


cli.add_command(init.init)
cli.add_command(org.org)
cli.add_command(person.person)
cli.add_command(item.item)
cli.add_command(advance.refer)
cli.add_command(advance.advance)
cli.add_command(advance.correct)
cli.add_command(status.status)
cli.add_command(status.history)
cli.add_command(todo.todo)
cli.add_command(todo.todo, name="att-gora")
cli.add_command(chase.overdue)
cli.add_command(chase.sweep)
cli.add_command(chase.notify)
cli.add_command(scheduler.scheduler)
cli.add_command(serve.serve)
cli.add_command(workflow.workflow)
cli.add_command(followup.followup, name="uppfoljning")
cli.add_command(followup.followup, name="followup")
cli.add_command(report.report)
cli.add_command(docs.docs)
cli.add_command(audit.audit)
cli.add_command(backup.export)
cli.add_command(backup.import_)


def main() -> None:
    """Console entry point."""
    # In a pipe (`kgflow status | head`) a closed reader ends kgflow quietly, as it does other tools.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    cli.main(prog_name="kgflow")
