"""``kgflow org``: the organisations of the chain."""

from __future__ import annotations

from pathlib import Path

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, table

KINDS = ["npo", "rpo", "lpo", "lag", "region", "kommun", "unit", "body"]


@click.group()
def org() -> None:
    """List, show and import organisations (NPO, RPO, LPO, LAG, huvudmän, units, decision bodies)."""


@org.command("list")
@click.option("--kind", type=click.Choice(KINDS), help="Only organisations of this kind.")
@click.option("--under", metavar="ORG", help="Only this organisation and everything below it.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@pass_app
def list_(app: AppContext, kind: str | None, under: str | None, as_json: bool) -> None:
    """List organisations, parents before children.

    \b
    Examples:
      kgflow org list --kind lpo
      kgflow org list --under lpo-dalarna
      kgflow org list --kind kommun --json
    """
    from kgflow.service.organisations import list_orgs

    orgs = list_orgs(app.services, kind=kind, under=under)
    if as_json:
        emit_json(
            {
                "code": o.code,
                "name": o.name,
                "kind": o.kind.value,
                "municipality_code": o.municipality_code,
                "depth": o.depth,
            }
            for o in orgs
        )
        return
    table(
        None,
        ["Code", "Name", "Kind", "Kommunkod"],
        [("  " * o.depth + o.code, o.name, o.kind.value, o.municipality_code) for o in orgs],
        caption=f"{len(orgs)} organisations",
    )


@org.command("show")
@click.argument("org_ref", metavar="ORG")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list with one object.")
@pass_app
def show(app: AppContext, org_ref: str, as_json: bool) -> None:
    """Show an organisation: where it sits in the chain and who holds which role there.

    ORG is a code, a municipality code or a name: lpo-dalarna, 2080, Falun.
    """
    from kgflow.service.organisations import show_org

    card = show_org(app.services, org_ref)
    if as_json:
        emit_json([card.as_json()])
        return
    org = card.org
    number = f", kommunkod {org.municipality_code}" if org.municipality_code else ""
    say(f"{org.name} ({org.code}, {org.kind.value}{number})")
    if card.parent is not None:
        say(f"Under {card.parent.name} ({card.parent.code}); {card.children} directly below it.")
    table(None, ["Role", "Person", "Code", "E-mail"], [(r, p.name, p.code, p.email) for r, p in card.people])


@org.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def import_(app: AppContext, file: Path) -> None:
    """Add organisations (and people with roles) from a YAML or CSV file.

    \b
    CSV columns: code,name,kind,parent[,municipality_code]
    YAML:
      organisations:
        - {code: lpo-dalarna, name: LPO psykisk hälsa, kind: lpo, parent: rpo-mellansverige}
      people:
        - {code: anna.svensson, name: Anna Svensson, email: anna.svensson@example.se,
           login: anna_svensson, roles: [{role: sekreterare, at: lpo-dalarna}]}

    `login` is the PostgreSQL role the person logs in with on a shared
    database (kgflow then knows who acts from the login itself); giving it
    for someone already known links them to it. On a shared database only a
    kgflow administrator may import. The whole file is checked first and written in one transaction; an
    existing organisation may be renamed, not moved.
    """
    from kgflow.service.organisations import import_orgs

    result = import_orgs(app.services, file, actor=app.actor)
    say(
        f"Imported {file}: {result.added} organisations added, {result.renamed} renamed, "
        f"{result.unchanged} unchanged; {result.people_added} people and {result.roles_added} roles added."
    )
