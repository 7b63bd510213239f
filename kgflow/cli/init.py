"""``kgflow init``: create or upgrade the database; ``--sample`` fills it with Sweden."""

from __future__ import annotations

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import say


@click.command()
@click.option("--sample", is_flag=True, help="Load the Swedish structure, its people and example items.")
@pass_app
def init(app: AppContext, sample: bool) -> None:
    """Create the database, or upgrade it to this version of kgflow.

    Safe to run again: an existing database is only upgraded. With --sample,
    an empty database gets the NPO, 6 RPOs, 21 LPOs with their LAGs, the 21
    regions and 290 kommuner, invented people in their roles, and the seeds'
    items part-way through the chain.
    """
    application = app.app
    migration = application.migrate()
    where = application.database.shown_url
    if migration.before == migration.after:
        say(f"The database {where} is up to date (schema {migration.after}).")
    elif migration.before is None:
        say(f"Created the database {where} (schema {migration.after}).")
    else:
        say(f"Upgraded the database {where} from schema {migration.before} to {migration.after}.")
    if not sample:
        return
    from kgflow.sample import load_sample

    result = load_sample(application.services, report=lambda line: say(f"  {line}"))
    say(
        f"Loaded the sample: {result.organisations} organisations, {result.people} people, "
        f"{result.items} items, {result.instances} instances after {result.steps} recorded steps."
    )
    say("Try:")
    say("  kgflow status")
    say(f"  kgflow status psvf-sjalvskada --org {result.try_org}")
    say("  kgflow org list --kind lpo")
    say(
        f"  kgflow --as {result.try_as} advance psvf-sjalvskada {result.try_org} answer --ref LPO-2026-1 --force "
        '--note "Sammanställt med inkomna svar"'
    )
