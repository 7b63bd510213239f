"""``kgflow scheduler run``: the long-running job that sweeps and sends on a schedule."""

from __future__ import annotations

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import say


@click.group()
def scheduler() -> None:
    """Kör påminnelserna och utskicken på ett schema."""


@scheduler.command()
@pass_app
def run(app: AppContext) -> None:
    """Köa påminnelser och skicka enligt KGFLOW_SCHEDULE (standard vardagar 07:00, Europe/Stockholm); stoppa med Ctrl-C.

    Starta den på så många datorer du vill: en håller ett lås i databasen och
    kör; de andra väntar och tar över inom KGFLOW_SCHEDULER_LEASE_SECONDS om den
    slutar. När den får låset tar den genast igen det som missats.

    Med KGFLOW_CHECKPOINT_FILE satt arkiverar den också historikens kontrollpunkt
    enligt KGFLOW_CHECKPOINT_SCHEDULE (standard måndagar 06:30): en rad i filen
    och ett mejl till den ansvariga rollen högst upp i kedjan, när den är ny.
    """
    from kgflow.scheduler.runner import SchedulerRunner

    runner = SchedulerRunner(app.services, app.app.mail, app.settings.scheduler, say, app.app.checkpoint_ledger())
    runner.run()
