"""``kgflow person``: who is in kgflow and which roles they hold where."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, table
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t, tn

if TYPE_CHECKING:
    from kgflow.service.people import HeldRole


@click.group()
def person() -> None:
    """Lista och visa personer: kod, namn, e-post och roller vid organisationer."""


@person.command("list")
@click.option("--org", "org_ref", metavar="ORG", help="Bara de som har en roll vid ORG eller under den.")
@click.option("--role", metavar="ROLL", help="Bara de som har rollen (sekreterare, ordforande, kontaktperson …).")
@click.option("--search", metavar="TEXT", help="Bara de vars kod, namn eller e-post innehåller TEXT.")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut en JSON-lista.")
@pass_app
def list_(app: AppContext, org_ref: str | None, role: str | None, search: str | None, as_json: bool) -> None:
    """Lista personer med deras roller, i kodordning.

    \b
    Exempel:
      kgflow person list --org lpo-dalarna
      kgflow person list --role sekreterare
      kgflow person list --search eriksson --json
    """
    from kgflow.reports.history_text import role_labels
    from kgflow.service.people import list_people

    cards = list_people(app.services, org=org_ref, role=role, search=search)
    if as_json:
        emit_json(card.as_json() for card in cards)
        return
    labels = role_labels(app.services)
    table(
        None,
        [_("Kod"), _("Namn"), _("E-post"), _("Roller")],
        [(c.person.code, c.person.name, c.person.email, _roles(c.roles, labels)) for c in cards],
        caption=str(tn("{count} person", "{count} personer", len(cards))),
    )


@person.command("show")
@click.argument("person_ref", metavar="PERSON")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut en JSON-lista med ett objekt.")
@pass_app
def show(app: AppContext, person_ref: str, as_json: bool) -> None:
    """Visa en person och rollerna hen har vid organisationer.

    PERSON är en kod, en e-postadress eller ett fullständigt namn: sara.ek, "Sara Ek".
    """
    from kgflow.reports.history_text import role_labels
    from kgflow.service.people import show_person

    card = show_person(app.services, person_ref)
    if as_json:
        emit_json([card.as_json()])
        return
    say(f"{card.person.name} ({card.person.code}, {card.person.email})")
    if not card.roles:
        say(_("Inga roller."))
        return
    labels = role_labels(app.services)
    table(
        None,
        [_("Roll"), _("Organisation"), _("Kod")],
        [(labels.get(r.role, r.label), r.org.name, r.org.code) for r in card.roles],
    )


def _roles(roles: Sequence[HeldRole], labels: dict[str, str]) -> str:
    return "\n".join(str(t("{role} vid {org}", role=labels.get(r.role, r.label), org=r.org.name)) for r in roles)
