"""``kgflow scheduler run``: the long-running job that sweeps and sends on a schedule."""

from __future__ import annotations

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import say


@click.group()
def scheduler() -> None:
    """Run the sweep and the sending on a schedule."""


@scheduler.command()
@pass_app
def run(app: AppContext) -> None:
    """Sweep and send on KGFLOW_SCHEDULE (default weekdays 07:00, Europe/Stockholm); stop with Ctrl-C.

    Start it on as many hosts as you like: one holds a lease in the database and
    runs; the others wait and take over within KGFLOW_SCHEDULER_LEASE_SECONDS if
    it stops. On taking the lease it catches up at once.

    With KGFLOW_CHECKPOINT_FILE set it also files the history's checkpoint on
    KGFLOW_CHECKPOINT_SCHEDULE (default Mondays 06:30): a line in that file and
    a mail to the responsible role at the top of the chain, when it is new.
    """
    from kgflow.scheduler.runner import SchedulerRunner

    runner = SchedulerRunner(app.services, app.app.mail, app.settings.scheduler, say, app.app.checkpoint_ledger())
    runner.run()
