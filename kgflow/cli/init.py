"""``kgflow init``: create or upgrade the database; ``--sample`` fills it with Sweden."""

from __future__ import annotations

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import say
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t


@click.command()
@click.option("--sample", is_flag=True, help="Läs in Sveriges struktur, dess personer och exempel på kunskapsstöd.")
@pass_app
def init(app: AppContext, sample: bool) -> None:
    """Skapa databasen, eller uppgradera den till den här versionen av kgflow.

    Går att köra igen: en befintlig databas uppgraderas bara. Med --sample får
    en tom databas sex programområden med sina NPO, RPO:er och LPO:er, de 21
    regionerna och 290 kommunerna, länens beslutsorgan, påhittade personer i
    sina roller och kunskapsstöden ur underlaget på de datum underlaget ger,
    med det som är på remiss i dag.
    """
    application = app.app
    migration = application.migrate()
    where = application.database.shown_url
    if migration.before == migration.after:
        say(str(t("Databasen {where} är redan uppdaterad (schema {schema}).", where=where, schema=migration.after)))
    elif migration.before is None:
        say(str(t("Skapade databasen {where} (schema {schema}).", where=where, schema=migration.after)))
    else:
        upgraded = t(
            "Uppgraderade databasen {where} från schema {before} till {after}.",
            where=where,
            before=migration.before,
            after=migration.after,
        )
        say(str(upgraded))
    if not sample:
        return
    from kgflow.sample import load_sample

    with application.database.loading_in_bulk():
        result = load_sample(application.services, report=lambda line: say(f"  {line}"))
    loaded = t(
        "Läste in exemplet: {organisations} organisationer, {people} personer, {items} kunskapsstöd och "
        "{instances} ärenden efter {steps} registrerade steg.",
        organisations=result.organisations,
        people=result.people,
        items=result.items,
        instances=result.instances,
        steps=result.steps,
    )
    say(str(loaded))
    say(_("Prova:"))
    say("  kgflow status")
    say(f"  kgflow status psvf-sjalvskada --org {result.try_org}")
    say("  kgflow org list --kind lpo")
    say(f"  kgflow person list --org {result.try_org}")
    say(
        f"  kgflow --as {result.try_as} advance vip-skadligt-bruk {result.try_org} answer --ref LPO-2026-1 --force "
        '--note "Sammanställt med inkomna svar"'
    )
