"""``kgflow workflow``: check workflow files, and show a workflow as a diagram laid out by Graphviz."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t, tn

if TYPE_CHECKING:
    from kgflow.definitions.model import WorkflowDefinition
    from kgflow.domain.wording import Phrase


@click.group()
def workflow() -> None:
    """Kontrollera och visa arbetsflöden (workflows/*.yaml)."""


@workflow.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[FILER]...")
@pass_app
def validate(app: AppContext, files: tuple[Path, ...]) -> None:
    """Kontrollera arbetsflödesfiler; varje fel skrivs som FIL:RAD: mening.

    Utan FILER kontrolleras alla arbetsflöden som kgflow använder. Avslutar
    med 2 när en fil är felaktig, med 0 när alla är riktiga.
    """
    from kgflow.cli.checking import check_files
    from kgflow.service.catalogue import load_workflow_file

    paths = list(files) or sorted(app.app.settings.workflows_dir.glob("*.yaml"))
    if not paths:
        raise click.UsageError(_("Det finns inga arbetsflödesfiler att kontrollera."))
    check_files(paths, load_workflow_file, _workflow_checked)


def _workflow_checked(path: Path, definition: WorkflowDefinition) -> Phrase:
    return t(
        "{fil}: ok — {namn} version {version}, {lagen}, {steg}",
        fil=path,
        namn=definition.name,
        version=definition.version,
        lagen=tn("{count} läge", "{count} lägen", len(definition.states)),
        steg=tn("{count} steg", "{count} steg", len(definition.event_names())),
    )


@workflow.command()
@click.argument("name", metavar="NAMN")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot", "svg"]), default="mermaid", show_default=True,
              help="mermaid: text för valfri Mermaid-visare; dot: källtext för Graphviz; "
                   "svg: en färdig bild ritad av Graphviz.")  # fmt: skip
@pass_app
def show(app: AppContext, name: str, fmt: str) -> None:
    """Skriv ut lägesdiagrammet för arbetsflödet NAMN, på det valda språket.

    Lägen är rutor och steg är pilar; läget där ärenden börjar har tjock ram
    och slutlägen dubbel ram. Mermaid-text kräver inget extra program: klistra
    in den i valfri Mermaid-visare. SVG ritas av Graphviz (programmet dot,
    Debians paket graphviz) och öppnas i valfri webbläsare; DOT är källtexten
    till samma bild. Dokumentationssidan (kgflow docs build) ritar diagrammet
    utan Graphviz.

    \b
    Exempel:
      kgflow workflow show nationellt-kunskapsstod
      kgflow workflow show nationellt-kunskapsstod --format svg > kedjan.svg
      kgflow workflow show regional-riktlinje --format dot | dot -Tpng > riktlinje.png
    """
    from kgflow.reports.diagram import to_dot, to_mermaid
    from kgflow.reports.diagram_svg import to_svg
    from kgflow.service.catalogue import WorkflowCatalogue

    definition = WorkflowCatalogue(app.app.settings.workflows_dir).current(name)
    draw = {"mermaid": to_mermaid, "dot": to_dot, "svg": to_svg}[fmt]
    click.echo(draw(definition), nl=False)
