"""``kgflow org``: the organisations of the chain."""

from __future__ import annotations

from pathlib import Path

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, table
from kgflow.domain.model import org_kind_label
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t, tn

KINDS = ["npo", "rpo", "lpo", "lag", "region", "kommun", "huvudman", "unit", "body"]


@click.group()
def org() -> None:
    """Lista, visa och importera organisationer (NPO, RPO, LPO, LAG, huvudmän, verksamheter, beslutsorgan)."""


@org.command("list")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    help="Bara organisationer av den här typen; kommun: alla med kommunkod (Region Gotland också), "
    "huvudman: regioner och kommuner.",
)
@click.option("--under", metavar="ORG", help="Bara ORG och allt som ligger under den, vilken väg det än är.")
@click.option("--area", metavar="OMRÅDE", help="Bara NPO, RPO, LPO och LAG i det här programområdet (kod eller namn).")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut en JSON-lista.")
@pass_app
def list_(app: AppContext, kind: str | None, under: str | None, area: str | None, as_json: bool) -> None:
    """Lista organisationer, överordnade före underordnade.

    En huvudman står under LPO:n i varje programområde i sitt län och syns
    under var och en av dem med --under.

    \b
    Exempel:
      kgflow org list --kind lpo --area aldres-halsa
      kgflow org list --under lpo-dalarna
      kgflow org list --under rpo-stockholm-gotland --kind huvudman
      kgflow org list --kind kommun --json
    """
    from kgflow.service.organisations import list_orgs

    orgs = list_orgs(app.services, kind=kind, under=under, area=area)
    if as_json:
        emit_json(o.as_json() for o in orgs)
        return
    table(
        None,
        [_("Kod"), _("Namn"), _("Typ"), _("Kommunkod")],
        [("  " * o.depth + o.code, o.name, o.kind.value, o.municipality_code) for o in orgs],
        caption=str(tn("{count} organisation", "{count} organisationer", len(orgs))),
    )


@org.command("show")
@click.argument("org_ref", metavar="ORG")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut en JSON-lista med ett objekt.")
@pass_app
def show(app: AppContext, org_ref: str, as_json: bool) -> None:
    """Visa en organisation: var den står i kedjan och vem som har vilken roll där.

    ORG är en kod, en kommunkod eller ett namn: lpo-dalarna, 2080, Falun.
    """
    from kgflow.reports.history_text import role_labels
    from kgflow.service.organisations import show_org

    card = show_org(app.services, org_ref)
    if as_json:
        emit_json([card.as_json()])
        return
    org = card.org
    kind = str(org_kind_label(org.kind))
    if org.municipality_code:
        heading = t(
            "{name} ({code}, {kind}, kommunkod {number})",
            name=org.name,
            code=org.code,
            kind=kind,
            number=org.municipality_code,
        )
    else:
        heading = t("{name} ({code}, {kind})", name=org.name, code=org.code, kind=kind)
    say(str(heading))
    if card.parent is not None:
        below = tn(
            "Under {parent} ({code}); {count} organisation direkt under den.",
            "Under {parent} ({code}); {count} organisationer direkt under den.",
            card.children,
            parent=card.parent.name,
            code=card.parent.code,
        )
        say(str(below))
    if card.also_under:
        names = ", ".join(f"{other.name} ({other.code})" for other in card.also_under)
        say(str(t("Också under: {names}.", names=names)))
    if not card.people:
        say(_("Ingen har en roll här."))
        return
    labels = role_labels(app.services)
    table(
        None,
        [_("Roll"), _("Person"), _("Kod"), _("E-post")],
        [(labels.get(r, r), p.name, p.code, p.email) for r, p in card.people],
    )


@org.command("import")
@click.argument("file", metavar="FIL", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def import_(app: AppContext, file: Path) -> None:
    """Lägg till organisationer (och personer med roller) från en YAML- eller CSV-fil.

    \b
    CSV-kolumner: code,name,kind,parent[,municipality_code,area,lan,short_name,decides_for,also_under]
    (also_under: fler överordnade, åtskilda med ';')
    YAML:
      organisations:
        - {code: lpo-dalarna, name: LPO psykisk hälsa, kind: lpo, parent: rpo-mellansverige,
           area: psykisk-halsa, lan: "20"}
        - {code: falun, name: Falu kommun, short_name: Falun, kind: kommun, parent: lpo-dalarna,
           municipality_code: "2080", lan: "20", also_under: [lpo-aldres-halsa-dalarna]}
      people:
        - {code: anna.svensson, name: Anna Svensson, email: anna.svensson@example.se,
           login: anna_svensson, roles: [{role: sekreterare, at: lpo-dalarna}]}

    `login` är den PostgreSQL-roll personen loggar in med i en delad databas
    (kgflow vet då vem som agerar direkt från inloggningen); anges den för
    någon som redan finns kopplas personen till den. I en delad databas får
    bara en kgflow-administratör importera. Hela filen kontrolleras först och
    skrivs i en enda transaktion; en befintlig organisation får byta namn men
    inte flyttas.
    """
    from kgflow.service.organisations import import_orgs

    result = import_orgs(app.services, file, actor=app.actor)
    imported = t(
        "Importerade {file}: {added} organisationer tillagda, {renamed} med nytt namn, {unchanged} oförändrade; "
        "{people} personer och {roles} roller tillagda.",
        file=file,
        added=result.added,
        renamed=result.renamed,
        unchanged=result.unchanged,
        people=result.people_added,
        roles=result.roles_added,
    )
    say(str(imported))
