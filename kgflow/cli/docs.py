"""``kgflow docs build``: the living documentation, a static site in Swedish."""

from __future__ import annotations

from pathlib import Path

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import progress_bar, say, writing
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t

DEFAULT_RESULTS = Path("build/cucumber.json")


@click.group()
def docs() -> None:
    """Styrningens regler som en webbplats granskare kan läsa (ingen databas behövs)."""


@docs.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("site"), show_default=True,
              metavar="MAPP", help="Mappen webbplatsen skrivs i (skapas om den saknas).")  # fmt: skip
@click.option("--features", "features_dir", type=click.Path(path_type=Path, file_okay=False), metavar="MAPP",
              help="Mapp med .feature-filer  [standard: reglerna som följer med kgflow].")  # fmt: skip
@click.option("--results", type=click.Path(path_type=Path, dir_okay=False), metavar="FIL",
              help="Testresultat som cucumber-JSON  [standard: build/cucumber.json om den finns].")  # fmt: skip
@pass_app
def build(app: AppContext, out: Path, features_dir: Path | None, results: Path | None) -> None:
    """Bygg den levande dokumentationen: regler, scenarier, senaste resultat, arbetsflödenas diagram.

    Varje Regel och Scenario i egenskaperna visas med sina steg och resultatet
    av den senaste testkörningen ("godkänd", "underkänd" eller "ej körd"); varje
    arbetsflöde får en sida med sitt diagram och vem som får göra vad, och när.
    Webbplatsen är vanliga filer med inbyggd sökning: öppna index.html, ingen
    server eller nätverk behövs.

    \b
    Testresultaten kommer från pytest-bdd (kräver testberoendena, pip install -e '.[test]'):
      pytest tests/bdd --cucumberjson=build/cucumber.json
      kgflow docs build --out site
    """
    from datetime import datetime

    from kgflow.config import shipped_features
    from kgflow.domain.errors import UsageError
    from kgflow.reports.site import build as build_site
    from kgflow.service.catalogue import WorkflowCatalogue

    if results is not None and not results.is_file():
        raise UsageError(t("Det finns ingen resultatfil i {results}.", results=results))
    results_file = results or (DEFAULT_RESULTS if DEFAULT_RESULTS.is_file() else None)
    catalogue = WorkflowCatalogue(app.app.settings.workflows_dir)
    workflows = [catalogue.current(name) for name in catalogue.names()]
    with writing(out), progress_bar(_("Bygger webbplatsen")) as progress:
        built = build_site(out, features_dir or shipped_features(), results_file, workflows,
                           now=datetime.now().astimezone(), progress=progress)  # fmt: skip
    counts = built.counts
    if built.results_read:
        tested = t(
            "{passed} godkända, {failed} underkända, {not_run} ej körda",
            passed=counts["passed"],
            failed=counts["failed"],
            not_run=counts["not run"],
        )
    else:
        tested = t("inga testresultat hittades, så varje scenario visas som ej kört")
    wrote = t(
        "Skrev {pages} sidor till {out}/ ({features} egenskaper, {scenarios} scenarier: {tested}).",
        pages=built.pages,
        out=out,
        features=built.features,
        scenarios=built.scenarios,
        tested=tested,
    )
    say(str(wrote))
    say(str(t("Öppna {index} i en webbläsare.", index=out / "index.html")))
