"""``kgflow report``: where implementation stands — items × organisations, progress per LPO, what is late."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import printable, progress_bar, say, writing
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t

if TYPE_CHECKING:
    from kgflow.service.reporting import Matrix

FORMATS = ("table", "csv", "xlsx", "html")
CSV_DIALECTS = ("excel", "plain")
ORG_KINDS = ("rpo", "lpo", "lag", "region", "kommun", "unit", "body")


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="table (terminalen), csv, xlsx eller html (värmekarta)  "
                   "[standard: efter --out, annars table].")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), metavar="FIL",
              help="Skriv till FIL i stället för terminalen (en xlsx-rapport hamnar alltid i en fil).")  # fmt: skip
@click.option("--csv-dialect", type=click.Choice(CSV_DIALECTS),
              help="excel: öppnas direkt i Excel med svenska inställningar (semikolon, UTF-8 med BOM, CRLF); "
                   "plain: kommaseparerad UTF-8 utan BOM, för skript och andra program "
                   "[standard: excel].")  # fmt: skip
@click.option("--rpo", metavar="RPO", help="Bara organisationer under den här RPO:n.")
@click.option("--lpo", metavar="LPO", help="Bara organisationer under den här LPO:n.")
@click.option("--area", metavar="OMRÅDE", help="Bara kunskapsstöden i det här programområdet (kod eller namn).")
@click.option("--kind", "kinds", multiple=True, metavar="TYP",
              help="Bara kunskapsstöd av den här typen: vip, psvf, vardprogram, riktlinje, uppfoljning "
                   "(kan upprepas).")  # fmt: skip
@click.option("--item", "items", multiple=True, metavar="KUNSKAPSSTÖD",
              help="Bara det här kunskapsstödet (kan upprepas).")  # fmt: skip
@click.option("--org-kind", "org_kinds", multiple=True, type=click.Choice(ORG_KINDS),
              help="Rader för de här organisationstyperna  [standard: region, kommun, unit].")  # fmt: skip
@pass_app
def report(
    app: AppContext,
    fmt: str | None,
    out: Path | None,
    csv_dialect: str | None,
    rpo: str | None,
    lpo: str | None,
    area: str | None,
    kinds: tuple[str, ...],
    items: tuple[str, ...],
    org_kinds: tuple[str, ...],
) -> None:
    """Införandematrisen: varje kunskapsstöd × organisation med läge och nivå.

    Visar för varje LPO hur stor andel av dess huvudmän (regioner och kommuner)
    som har nått den målnivå LPO:n beslutade, och hur många steg som är
    försenade. Uppföljningsomgångar tas bara med om de efterfrågas med
    --kind uppfoljning.

    \b
    Exempel:
      kgflow report --lpo lpo-dalarna
      kgflow report --area aldres-halsa --lpo lpo-aldres-halsa-dalarna
      kgflow report --format html --out rapport.html
      kgflow report --rpo rpo-mellansverige --kind psvf --format xlsx --out psvf.xlsx
      kgflow report --format csv --out matris.csv
      kgflow report --format csv --csv-dialect plain > matris.csv
    """
    from datetime import datetime

    from kgflow.domain.errors import UsageError
    from kgflow.service.reporting import IMPLEMENTING_KINDS, implementation_matrix

    fmt = fmt or _format_of(out)
    if fmt == "table" and out is not None:
        raise UsageError(t("En tabell är för terminalen; använd --format csv, xlsx eller html med --out."))
    if fmt == "xlsx" and out is None:
        raise UsageError(t("En xlsx-rapport är en fil: ge den ett namn med --out FIL.xlsx."))
    if csv_dialect is not None and fmt != "csv":
        raise UsageError(t("--csv-dialect gäller bara CSV-rapporter; lägg till --format csv."))
    chosen_kinds = list(org_kinds or IMPLEMENTING_KINDS)
    with progress_bar(_("Läser var varje kunskapsstöd står")) as progress:
        matrix = implementation_matrix(
            app.services,
            rpo=rpo,
            lpo=lpo,
            kinds=kinds,
            items=items,
            org_kinds=chosen_kinds,
            progress=progress,
            area=area,
        )
    if not matrix.items:
        raise UsageError(t("Inget kunskapsstöd passar urvalet; se `kgflow item list`."))
    if fmt == "table":
        _print_tables(matrix)
        return
    if fmt == "xlsx":
        from kgflow.reports.tabular import write_xlsx

        assert out is not None
        with writing(out), progress_bar(_("Skriver arbetsboken")) as progress:
            sheets = write_xlsx(matrix, out, progress)
        wrote = t(
            "Skrev {out}: {sheets} blad, {items} kunskapsstöd × {orgs} organisationer.",
            out=out,
            sheets=sheets,
            items=len(matrix.items),
            orgs=len(matrix.rows),
        )
        say(str(wrote))
        return
    if fmt == "csv":
        from kgflow.reports.tabular import write_csv

        if out is None:
            _write_csv_to_stdout(matrix, csv_dialect or "excel")
            return
        with writing(out), out.open("w", encoding="utf-8", newline="") as stream:
            lines = write_csv(matrix, stream, csv_dialect or "excel")
        say(str(t("Skrev {out}: {lines} rader, en per kunskapsstöd och organisation.", out=out, lines=lines)))
        return
    from kgflow.reports.heatmap import render_html

    html = render_html(matrix, chosen_kinds, datetime.now().astimezone())
    if out is None:
        click.echo(html, nl=False)
        return
    with writing(out):
        out.write_text(html, encoding="utf-8")
    wrote = t(
        "Skrev {out}: {items} kunskapsstöd × {orgs} organisationer. Öppna den i en webbläsare.",
        out=out,
        items=len(matrix.items),
        orgs=len(matrix.rows),
    )
    say(str(wrote))


def _write_csv_to_stdout(matrix: Matrix, dialect: str) -> None:
    """The CSV on standard output in UTF-8 whatever the locale says, byte for byte as in a file."""
    from kgflow.reports.tabular import write_csv

    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a text-only stream (an embedding program's): it decides the encoding
        write_csv(matrix, sys.stdout, dialect)
        return
    stream = io.TextIOWrapper(binary, encoding="utf-8", newline="")
    try:
        write_csv(matrix, stream, dialect)
    finally:
        stream.detach()  # flushes; leaves sys.stdout's buffer open


def _format_of(out: Path | None) -> str:
    suffix = out.suffix.lower().lstrip(".") if out else ""
    if suffix in ("htm", "html"):
        return "html"
    if suffix in ("csv", "xlsx"):
        return suffix
    if out is not None:
        raise click.UsageError(str(t("Ange vilket format {out} ska ha med --format csv, xlsx eller html.", out=out)))
    return "table"


def _print_tables(matrix: Matrix) -> None:
    """The matrix and the progress per LPO as rich tables, levels coloured."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from kgflow.reports.heatmap import groups, percent, scope_text

    colours = {"level-0": "red", "level-1": "yellow", "level-2": "green", "level-3": "bold green",
               "done": "bold green", "before": "blue", "closed": "dim", "none": "dim"}  # fmt: skip
    console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200)
    title = t("Införande – {scope}, {today}", scope=scope_text(matrix.scope), today=matrix.today)
    grid = Table(title=Text(printable(str(title))), header_style="bold")
    grid.add_column(_("Organisation"))
    for item in matrix.items:
        grid.add_column(item.code, justify="center")
    for group in groups(matrix):
        grid.add_row(Text(printable(group.title), style="bold"), *("" for _ in matrix.items))
        for row in group.rows:
            cells = []
            for item in matrix.items:
                cell = matrix.cell(item.code, row.org.id)
                text = cell.short + ("!" if cell.overdue else "")
                cells.append(Text(text, style="bold red" if cell.overdue else colours[cell.shade]))
            grid.add_row(Text(printable("  " + row.org.name)), *cells, end_section=row is group.rows[-1])
    grid.caption = _("nivå/målnivå  ✓ infört  · före genomförandet  × avslutat  ! försenat")
    console.print(grid)

    progress = Table(title=_("Huvudmän på målnivå, per LPO"), header_style="bold")
    progress.add_column("LPO", justify="left")
    for column in (*(item.code for item in matrix.items), _("Totalt"), _("Försenade")):
        progress.add_column(column, justify="right")
    for entry in matrix.progress:
        shares = [f"{d}/{t}" for d, t in (entry.at_target(item.code) for item in matrix.items)]
        progress.add_row(Text(printable(entry.lpo.name)), *shares, percent(entry.share()), str(entry.overdue))
    console.print(progress)
