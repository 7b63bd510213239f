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
    """
    from kgflow.scheduler.runner import SchedulerRunner

    runner = SchedulerRunner(app.services, app.app.mail, app.settings.scheduler, say)
    runner.run()
