"""``kgflow todo`` (also ``kgflow att-gora``): what waits for the acting person, and the command to take each step."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t, tn

if TYPE_CHECKING:
    from kgflow.service.todo import Todo, Waiting


MANY = 20
"""More waiting than this, and the end of the list says how to see fewer."""


@click.command()
@click.option("--org", metavar="ORG", help="Bara vid den här organisationen och allt under den.")
@click.option("--item", metavar="KUNSKAPSSTÖD", help="Bara det här kunskapsstödet.")
@click.option("--late", is_flag=True, help="Bara det som är försenat.")
@click.option("--area", metavar="OMRÅDE", help="Bara kunskapsstöden i det här programområdet (kod eller namn).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Skriv ut en JSON-lista: ett objekt per ärende, med dess steg och kommandon.",
)
@pass_app
def todo(app: AppContext, org: str | None, item: str | None, late: bool, area: str | None, as_json: bool) -> None:
    """Det som väntar på dig: varje öppet steg du får ta, det mest brådskande först.

    Du är den som --as eller KGFLOW_USER anger. För varje ärende visas läget,
    sista dag, hur många arbetsdagar det är försenat och de steg du kan ta,
    vart och ett med det kommando som tar det; fyll i det som står med
    versaler (REFERENS, ANTAL).

    \b
    Exempel:
      kgflow --as sara.ek todo
      kgflow --as sara.ek todo --late --org falun
      kgflow --as sara.ek att-gora --item psvf-sjalvskada --json
    """
    from kgflow.service.todo import todo as waiting_for

    found = waiting_for(app.services, app.actor, item=item, org=org, late=late, area=area)
    if as_json:
        emit_json(entry.as_json() for entry in found.waiting)
        return
    say(_title(found))
    if not found.roles:
        return
    if not found.waiting:
        say(_("Inget av det som väntar på dig är försenat.") if late else _("Inget väntar på dig just nu."))
        return
    for entry in found.waiting:
        say("")
        say(_heading(entry))
        for step in entry.steps:
            say(f"    {step.label}:")
            say(f"      {step.command}")
    say("")
    say(str(_caption(found)))
    if len(found.waiting) > MANY and not (late and org and item):
        say(_("Se färre med --late, --org ORG eller --item KUNSKAPSSTÖD."))


def _title(found: Todo) -> str:
    who, code = found.person.name, found.person.code
    if not found.roles:
        return str(t("{namn} ({kod}) har ingen roll vid någon organisation: inget väntar.", namn=who, kod=code))
    roles = ", ".join(str(t("{roll} vid {organisation}", roll=h.label, organisation=h.org.name)) for h in found.roles)
    return str(t("Det här väntar på {namn} ({kod}): {roller}.", namn=who, kod=code, roller=roles))


def _heading(entry: Waiting) -> str:
    return ", ".join([_where(entry), *_standing(entry)])


def _where(entry: Waiting) -> str:
    row = entry.row
    where = t("{kunskapsstod} vid {organisation} ({kod}): {lage}", kunskapsstod=row.item, organisation=row.org_name,
              kod=row.org, lage=entry.state)  # fmt: skip
    if row.due is None:
        return str(where)
    day = row.due.isoformat()
    by = t("svar senast {datum}", datum=day) if entry.answering else t("senast {datum}", datum=day)
    if entry.days_late > 0:
        late = tn("{count} arbetsdag sent", "{count} arbetsdagar sent", entry.days_late)
        return str(t("{var}, {senast}, {sent}", var=where, senast=by, sent=late))
    return str(t("{var}, {senast}", var=where, senast=by))


def _standing(entry: Waiting) -> list[str]:
    """The län's priority and a hold, in words (R16)."""
    from kgflow.domain.rules.hold import hold_words, priority_words

    row = entry.row
    shown = [str(words)] if (words := priority_words(row.priority)) is not None else []
    if row.held_since is not None:
        shown.append(str(hold_words(row.held_since, row.review_on)))
    return shown


def _caption(found: Todo) -> object:
    count = len(found.waiting)
    late = sum(1 for entry in found.waiting if entry.days_late > 0)
    if late:
        return tn(
            "{count} ärende väntar på dig, {sena} av dem försenat. Fyll i det som står med versaler i kommandot.",
            "{count} ärenden väntar på dig, {sena} av dem försenade. Fyll i det som står med versaler i kommandona.",
            count,
            sena=late,
        )
    return tn(
        "{count} ärende väntar på dig. Fyll i det som står med versaler i kommandot.",
        "{count} ärenden väntar på dig. Fyll i det som står med versaler i kommandona.",
        count,
    )
