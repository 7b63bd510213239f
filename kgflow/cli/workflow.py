"""``kgflow workflow``: check workflow files, and show a workflow as a diagram."""

from __future__ import annotations

from pathlib import Path

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import say


@click.group()
def workflow() -> None:
    """Validate and show workflow definitions (workflows/*.yaml)."""


@workflow.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@pass_app
def validate(app: AppContext, files: tuple[Path, ...]) -> None:
    """Check workflow files; print every problem as FILE:LINE: sentence.

    Without FILES, checks every workflow kgflow uses. Exits with 2 when a
    file is invalid, 0 when all are valid.
    """
    from kgflow.domain.errors import DefinitionError
    from kgflow.service.catalogue import load_workflow_file

    paths = list(files) or sorted(app.app.settings.workflows_dir.glob("*.yaml"))
    if not paths:
        raise click.UsageError("There are no workflow files to check.")
    failed = 0
    for path in paths:
        try:
            definition = load_workflow_file(path)
        except DefinitionError as error:
            failed += 1
            for problem in error.problems:
                say(str(problem), err=True)
            continue
        say(
            f"{path}: ok — {definition.name} version {definition.version}, "
            f"{len(definition.states)} states, {len(definition.event_names())} events"
        )
    if failed:
        raise click.exceptions.Exit(2)


@workflow.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot", "svg"]), default="mermaid", show_default=True,
              help="mermaid: text for any Mermaid viewer; dot: for Graphviz; svg: a finished drawing.")  # fmt: skip
@pass_app
def show(app: AppContext, name: str, fmt: str) -> None:
    """Print the state diagram of workflow NAME (labels in Swedish).

    Mermaid text needs no extra program; paste it into any Mermaid viewer.
    SVG is drawn by kgflow itself (no Graphviz needed) and opens in any
    browser; DOT is for those who prefer Graphviz's layout.

    \b
    Examples:
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
