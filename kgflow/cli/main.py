"""``kgflow``: the root command, the global options and the one place errors are rendered.

Every expected failure is a :class:`~kgflow.errors.KgflowError`; it is printed
here as one sentence on stderr with its exit code, never as a traceback.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

import click

from kgflow import __version__
from kgflow.cli import advance, audit, backup, chase, docs, init, item, org, report, scheduler, status, workflow
from kgflow.cli.app import AppContext
from kgflow.cli.render import printable
from kgflow.errors import KgflowError, UsageError

UNEXPECTED = 70


class KgflowGroup(click.Group):
    """A group that renders kgflow's errors as one plain sentence and an exit code."""

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; click's own usage errors become one sentence too."""
        from kgflow.domain.text import refusal

        for number, argument in enumerate(sys.argv[1:] if args is None else args, start=1):
            # Checked before any lookup, so SQLite and PostgreSQL never see (and never differ over) such bytes.
            reason = refusal(argument, f"Argument {number} on the command line", None, multiline=True)
            if reason is not None:
                click.echo(f"kgflow: {reason}", err=True)
                sys.exit(UsageError.exit_code)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Abort:
            click.echo("kgflow: stopped.", err=True)
            sys.exit(1)
        except click.ClickException as error:
            hint = " (see --help)" if isinstance(error, click.UsageError) else ""
            click.echo(f"kgflow: {printable(' '.join(error.format_message().split()))}{hint}", err=True)
            sys.exit(error.exit_code)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn kgflow errors into a sentence on stderr."""
        try:
            return super().invoke(ctx)
        except KgflowError as error:
            click.echo(f"kgflow: {printable(str(error))}", err=True)
            ctx.exit(error.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:
            if os.environ.get("KGFLOW_DEBUG"):
                raise
            click.echo(
                f"kgflow: an unexpected error stopped the command ({type(error).__name__}: {printable(str(error))}); "
                "nothing was committed. Set KGFLOW_DEBUG=1 to see where.",
                err=True,
            )
            ctx.exit(UNEXPECTED)
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
    help="Database URL or SQLite file [env KGFLOW_DATABASE_URL; default ./kgflow.db].",
)
@click.option(
    "--as",
    "actor",
    metavar="PERSON",
    help="Who is acting: a person's code or e-mail [env KGFLOW_USER].",
)
@click.option("--today", metavar="YYYY-MM-DD", help="Run as of another date [env KGFLOW_TODAY].")
@click.version_option(__version__, prog_name="kgflow")
@click.pass_context
def cli(ctx: click.Context, db: str | None, actor: str | None, today: str | None) -> None:
    """Follow national knowledge support from remiss to implementation.

    kgflow tracks every VIP, PSVF and guideline for every organisation in the
    chain NPO → RPO → LPO → LAG → huvudman, advances it on people's decisions
    and chases what is late.

    \b
    Start here:
      kgflow init --sample            a database with Sweden's structure and example items
      kgflow status                   where every item stands
      kgflow status psvf-sjalvskada --org lpo-dalarna
      kgflow --as PERSON advance psvf-sjalvskada falun answer --ref DNR-123
    """
    ctx.obj = AppContext(db, actor, today)


cli.add_command(init.init)
cli.add_command(org.org)
cli.add_command(item.item)
cli.add_command(advance.refer)
cli.add_command(advance.advance)
cli.add_command(status.status)
cli.add_command(status.history)
cli.add_command(chase.overdue)
cli.add_command(chase.sweep)
cli.add_command(chase.notify)
cli.add_command(scheduler.scheduler)
cli.add_command(workflow.workflow)
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
