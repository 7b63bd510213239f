"""``kgflow docs build``: the living documentation, a static site in Swedish."""

from __future__ import annotations

from pathlib import Path

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import progress_bar, say, writing

DEFAULT_RESULTS = Path("build/cucumber.json")


@click.group()
def docs() -> None:
    """The governance rules as a website reviewers can read (no database needed)."""


@docs.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("site"), show_default=True,
              help="Folder to write the site into (created if missing).")  # fmt: skip
@click.option("--features", "features_dir", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="Folder of .feature files  [default: the rules shipped with kgflow].")  # fmt: skip
@click.option("--results", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help=f"Test results as cucumber JSON  [default: {DEFAULT_RESULTS} if it exists].")  # fmt: skip
@pass_app
def build(app: AppContext, out: Path, features_dir: Path | None, results: Path | None) -> None:
    """Build the living documentation: rules, scenarios, last results, workflow diagrams.

    Every Regel and Scenario of the features is shown with its steps and the
    result of the latest test run ("godkänd", "underkänd" or "ej körd"); each
    workflow gets a page with its diagram and who may do what, when. The site
    is plain files with its search built in: open index.html, no server or
    network needed.

    \b
    Test results come from pytest-bdd:
      pytest tests/bdd --cucumberjson=build/cucumber.json
      kgflow docs build --out site
    """
    from datetime import datetime

    from kgflow.config import shipped_features
    from kgflow.domain.errors import UsageError
    from kgflow.reports.site import build as build_site
    from kgflow.service.catalogue import WorkflowCatalogue

    if results is not None and not results.is_file():
        raise UsageError(f"There is no results file at {results}.")
    results_file = results or (DEFAULT_RESULTS if DEFAULT_RESULTS.is_file() else None)
    catalogue = WorkflowCatalogue(app.app.settings.workflows_dir)
    workflows = [catalogue.current(name) for name in catalogue.names()]
    with writing(out), progress_bar("Building the site") as progress:
        built = build_site(out, features_dir or shipped_features(), results_file, workflows,
                           now=datetime.now().astimezone(), progress=progress)  # fmt: skip
    counts = built.counts
    tested = (
        f"{counts['passed']} passed, {counts['failed']} failed, {counts['not run']} not run"
        if built.results_read
        else "no test results found, so every scenario shows as not run"
    )
    say(f"Wrote {built.pages} pages to {out}/ ({built.features} features, {built.scenarios} scenarios: {tested}).")
    say(f"Open {out / 'index.html'} in a browser.")
