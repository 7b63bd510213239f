"""``kgflow item``: knowledge-support items (VIP, PSVF, guidelines)."""

from __future__ import annotations

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, table
from kgflow.cli.words import ITEM_KINDS as KIND_WORDS
from kgflow.cli.words import VERSION_STATUSES, named, state_label, workflow
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t

ITEM_KINDS = ["vip", "psvf", "vardprogram", "riktlinje"]


@click.group()
def item() -> None:
    """Lägg till, lista och visa kunskapsstöd (VIP, PSVF, vårdprogram, riktlinjer)."""


@item.command("add")
@click.argument("code", metavar="KOD")
@click.option("--kind", required=True, type=click.Choice(ITEM_KINDS), help="Vilket slags kunskapsstöd.")
@click.option("--title", required=True, metavar="TITEL", help="Kunskapsstödets titel, t.ex. 'PSVF Självskada'.")
@click.option(
    "--workflow", metavar="NAMN", help="Arbetsflödet kunskapsstödet följer [standard: det som hör till typen]."
)
@click.option(
    "--owner",
    metavar="ORG",
    help="Organisationen som äger kunskapsstödet [standard: den enda av arbetsflödets ägartyp, "
    "annars den av dem där du har en roll].",
)
@click.option(
    "--area",
    metavar="OMRÅDE",
    help="Programområdet, för kunskapsstöd vars ägare inte hör till något [standard: ägarens].",
)
@click.option(
    "--target-level",
    type=click.IntRange(1, 3),
    metavar="NIVÅ",
    default=2,
    show_default=True,
    help="Den målnivå LPO:erna siktar på om inget annat beslutas.",
)
@pass_app
def add(
    app: AppContext,
    code: str,
    kind: str,
    title: str,
    workflow: str | None,
    owner: str | None,
    area: str | None,
    target_level: int,
) -> None:
    """Lägg till ett kunskapsstöd; det börjar i arbetsflödets första läge hos ägaren.

    KOD är kunskapsstödets kod, med små bokstäver och bindestreck.

    \b
    Exempel:
      kgflow --as nora.lind item add psvf-adhd --kind psvf --title "PSVF ADHD"
    """
    from kgflow.service.items import add_item

    summary = add_item(
        app.services,
        code,
        kind,
        title,
        actor=app.actor,
        workflow=workflow,
        owner=owner,
        target_level=target_level,
        area=area,
    )
    added = t(
        "Lade till {code} ({title}), som ägs av {owner} och följer arbetsflödet {workflow}.",
        code=summary.item.code,
        title=summary.item.title,
        owner=summary.owner,
        workflow=summary.item.workflow,
    )
    say(str(added))
    say(str(t("Skicka det på remiss med: kgflow refer {code} --due ÅÅÅÅ-MM-DD", code=summary.item.code)))


@item.command("list")
@click.option("--area", metavar="OMRÅDE", help="Bara kunskapsstöden i det här programområdet (kod eller namn).")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut en JSON-lista.")
@pass_app
def list_(app: AppContext, area: str | None, as_json: bool) -> None:
    """Lista kunskapsstöden med version, status och antal ärenden."""
    from kgflow.service.items import list_items

    items = list_items(app.services, area=area)
    if as_json:
        emit_json(summary.as_json() for summary in items)
        return
    table(
        None,
        [_("Kunskapsstöd"), _("Typ"), _("Titel"), _("Version"), _("Status"), _("Ärenden")],
        [
            (
                s.item.code,
                named(KIND_WORDS, s.item.kind.value),
                s.item.title,
                s.as_json()["version"],
                named(VERSION_STATUSES, s.versions[-1].status.value if s.versions else None),
                sum(s.states.values()),
            )
            for s in items
        ],
    )


@item.command("show")
@click.argument("code", metavar="KUNSKAPSSTÖD")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut en JSON-lista med ett objekt.")
@pass_app
def show(app: AppContext, code: str, as_json: bool) -> None:
    """Visa ett kunskapsstöd: dess versioner och hur många organisationer som är i varje läge.

    \b
    Exempel:
      kgflow item show psvf-sjalvskada
    """
    from kgflow.service.items import show_item

    summary = show_item(app.services, code)
    data = summary.as_json()
    if as_json:
        emit_json(
            [
                {
                    **data,
                    "versions": [
                        {
                            "number": v.number,
                            "status": v.status.value,
                            "adopted_on": v.adopted_on.isoformat() if v.adopted_on else None,
                            "adoption_ref": v.adoption_ref,
                        }
                        for v in summary.versions
                    ],
                }
            ]
        )
        return
    say(f"{summary.item.title} ({summary.item.code}, {named(KIND_WORDS, summary.item.kind.value)})")
    about = t(
        "Arbetsflöde {workflow}; ägare {owner}; målnivå om inget annat beslutas: {level}",
        workflow=summary.item.workflow,
        owner=summary.owner,
        level=summary.item.default_target_level,
    )
    say(str(about))
    for version in summary.versions:
        status = named(VERSION_STATUSES, version.status.value)
        if version.adopted_on:
            line = t(
                "  version {number}: {status}, fastställd {day} ({ref})",
                number=version.number,
                status=status,
                day=version.adopted_on.isoformat(),
                ref=version.adoption_ref,
            )
        else:
            line = t("  version {number}: {status}", number=version.number, status=status)
        say(str(line))
    definition = workflow(app.services, summary.item.workflow)
    rows = sorted((state_label(definition, state), count) for state, count in summary.states.items())
    table(None, [_("Läge"), _("Ärenden")], rows)
