"""``kgflow report``: where implementation stands — items × organisations, progress per LPO, what is late."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import printable, progress_bar, say, writing

if TYPE_CHECKING:
    from kgflow.service.reporting import Matrix

FORMATS = ("table", "csv", "xlsx", "html")
CSV_DIALECTS = ("excel", "plain")
ORG_KINDS = ("rpo", "lpo", "lag", "region", "kommun", "unit", "body")


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="table (terminal), csv, xlsx or html (heatmap)  [default: from --out, else table].")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Write to FILE instead of the terminal (an xlsx report always goes to a file).")  # fmt: skip
@click.option("--csv-dialect", type=click.Choice(CSV_DIALECTS),
              help="excel: öppnas direkt i Excel med svenska inställningar (semikolon, UTF-8 med BOM, CRLF); "
                   "plain: kommaseparerad UTF-8 utan BOM, för skript och andra program "
                   "[standard: excel].")  # fmt: skip
@click.option("--rpo", metavar="RPO", help="Only organisations under this RPO.")
@click.option("--lpo", metavar="LPO", help="Only organisations under this LPO.")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="Only items of this kind: vip, psvf, vardprogram, riktlinje, uppfoljning (repeatable).")  # fmt: skip
@click.option("--item", "items", multiple=True, metavar="ITEM", help="Only this item (repeatable).")
@click.option("--org-kind", "org_kinds", multiple=True, type=click.Choice(ORG_KINDS),
              help="Rows of these organisation kinds  [default: region, kommun, unit].")  # fmt: skip
@pass_app
def report(
    app: AppContext,
    fmt: str | None,
    out: Path | None,
    csv_dialect: str | None,
    rpo: str | None,
    lpo: str | None,
    kinds: tuple[str, ...],
    items: tuple[str, ...],
    org_kinds: tuple[str, ...],
) -> None:
    """The implementation matrix: every item × organisation with its state and level.

    Shows, for each LPO, the share of its huvudmän (regions and kommuner) at
    the target level the LPO decided, and how many steps are late. Follow-up
    rounds are left out unless asked for with --kind uppfoljning.

    \b
    Examples:
      kgflow report --lpo lpo-dalarna
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
        raise UsageError("A table is for the terminal; use --format csv, xlsx or html with --out.")
    if fmt == "xlsx" and out is None:
        raise UsageError("An xlsx report is a file: name it with --out FILE.xlsx.")
    if csv_dialect is not None and fmt != "csv":
        raise UsageError("--csv-dialect gäller bara CSV-rapporter; lägg till --format csv.")
    chosen_kinds = list(org_kinds or IMPLEMENTING_KINDS)
    with progress_bar("Reading where every item stands") as progress:
        matrix = implementation_matrix(
            app.services, rpo=rpo, lpo=lpo, kinds=kinds, items=items, org_kinds=chosen_kinds, progress=progress
        )
    if not matrix.items:
        raise UsageError("No items match; see `kgflow item list`.")
    if fmt == "table":
        _print_tables(matrix)
        return
    if fmt == "xlsx":
        from kgflow.reports.tabular import write_xlsx

        assert out is not None
        with writing(out), progress_bar("Writing the workbook") as progress:
            sheets = write_xlsx(matrix, out, progress)
        say(f"Wrote {out}: {sheets} sheets, {len(matrix.items)} items × {len(matrix.rows)} organisations.")
        return
    if fmt == "csv":
        from kgflow.reports.tabular import write_csv

        if out is None:
            _write_csv_to_stdout(matrix, csv_dialect or "excel")
            return
        with writing(out), out.open("w", encoding="utf-8", newline="") as stream:
            lines = write_csv(matrix, stream, csv_dialect or "excel")
        say(f"Wrote {out}: {lines} lines, one per item and organisation.")
        return
    from kgflow.reports.heatmap import render_html

    html = render_html(matrix, chosen_kinds, datetime.now().astimezone())
    if out is None:
        click.echo(html, nl=False)
        return
    with writing(out):
        out.write_text(html, encoding="utf-8")
    say(f"Wrote {out}: {len(matrix.items)} items × {len(matrix.rows)} organisations. Open it in a browser.")


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
        raise click.UsageError(f"Say which format {out} should have with --format csv, xlsx or html.")
    return "table"


def _print_tables(matrix: Matrix) -> None:
    """The matrix and the progress per LPO as rich tables, levels coloured."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from kgflow.reports.heatmap import groups, percent

    colours = {"level-0": "red", "level-1": "yellow", "level-2": "green", "level-3": "bold green",
               "done": "bold green", "before": "blue", "closed": "dim", "none": "dim"}  # fmt: skip
    console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200)
    grid = Table(title=Text(printable(f"Införande – {matrix.scope}, {matrix.today}")), header_style="bold")
    grid.add_column("Organisation")
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
    grid.caption = "level/target  ✓ implemented  · before implementation  × closed  ! late"
    console.print(grid)

    progress = Table(title="Huvudmän at target level, per LPO", header_style="bold")
    for column in ("LPO", *(item.code for item in matrix.items), "All", "Late"):
        progress.add_column(column, justify="left" if column == "LPO" else "right")
    for entry in matrix.progress:
        shares = [f"{d}/{t}" for d, t in (entry.at_target(item.code) for item in matrix.items)]
        progress.add_row(Text(printable(entry.lpo.name)), *shares, percent(entry.share()), str(entry.overdue))
    console.print(progress)
