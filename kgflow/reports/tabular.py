"""The implementation matrix for spreadsheets: CSV (one line per item and organisation) and XLSX.

CSV comes in two dialects. ``excel`` (the default) is what Excel with Swedish
settings opens by a double click: fields separated by semicolons (the comma is
the decimal sign in Sweden), UTF-8 with a byte-order mark so å, ä and ö survive,
and CRLF line ends. ``plain`` is comma-separated UTF-8 without a byte-order mark
and with LF line ends, for scripts and other programs.

The XLSX workbook opens with an overview (progress per LPO), then the whole
matrix (level and target level as two numeric columns per item), then one sheet
per item, and last a legend ("Förklaring"); every data sheet has a frozen header
and a filter, and level cells are coloured as in the HTML heatmap — by
conditional formatting, so a level typed in changes colour with it.

Names and titles are other people's text, and a spreadsheet program runs a
cell that looks like a formula. In CSV, a text starting with ``=``, ``+``,
``-``, ``@``, TAB or CR gets a leading ``'`` (OWASP's advice on CSV injection);
in XLSX every text is stored as a text cell, never as a formula.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import marked, t
from kgflow.reports.heatmap import overall_share, scope_text
from kgflow.reports.templating import kind_sv
from kgflow.service.reporting import Cell, Matrix, Row

COLUMNS = (
    "rpo", "lpo", "org", "org_name", "kind", "item", "item_title",
    "state", "state_label", "level", "target_level", "due", "overdue",
)  # fmt: skip
# Fill colours of the heatmap (style.css), by Cell.shade.
SHADES = {
    "level-0": "FDE0DC", "level-1": "FFF3C4", "level-2": "C8E6C9", "level-3": "66BB6A",
    "done": "66BB6A", "before": "E3ECF7", "closed": "EEEEEE", "none": "FAFAFA",
}  # fmt: skip
OVERDUE_RED = "B3261E"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: separator, line end, and whether it opens with a byte-order mark."""

    delimiter: str
    lineterminator: str
    bom: bool


CSV_DIALECTS = {
    "excel": CsvDialect(delimiter=";", lineterminator="\r\n", bom=True),
    "plain": CsvDialect(delimiter=",", lineterminator="\n", bom=False),
}


def neutralised(value: object) -> object:
    """A CSV value a spreadsheet will show, not run: texts that could start a formula get a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def records(matrix: Matrix) -> Iterator[tuple[Row, Cell, dict[str, Any]]]:
    """One record per item and organisation the item reached, in matrix order."""
    for item in matrix.items:
        for row in matrix.rows:
            cell = matrix.cell(item.code, row.org.id)
            if cell.state is None:
                continue
            yield (
                row,
                cell,
                {
                    "rpo": row.rpo.code if row.rpo else "",
                    "lpo": row.lpo.code if row.lpo else "",
                    "org": row.org.code,
                    "org_name": row.org.name,
                    "kind": row.org.kind,
                    "item": item.code,
                    "item_title": item.title,
                    "state": cell.state,
                    "state_label": cell.state_label,
                    "level": cell.level,
                    "target_level": cell.target_level,
                    "due": cell.due.isoformat() if cell.due else None,
                    "overdue": cell.overdue,
                },
            )


def write_csv(matrix: Matrix, stream: IO[str], dialect: str = "excel") -> int:
    """Write the CSV in one of ``CSV_DIALECTS`` to a text stream that encodes UTF-8.

    Returns:
        The number of lines after the header.
    """
    chosen = CSV_DIALECTS[dialect]
    if chosen.bom:
        stream.write(BOM)
    writer = csv.DictWriter(
        stream, fieldnames=COLUMNS, delimiter=chosen.delimiter, lineterminator=chosen.lineterminator
    )
    writer.writeheader()
    count = 0
    for *_ignored, record in records(matrix):
        writer.writerow({key: "" if value is None else neutralised(value) for key, value in record.items()})
        count += 1
    return count


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "blad"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


# The legend sheet: what a cell shows, what it means, and the shade it is drawn in (None: no fill).
LEGEND: tuple[tuple[str, str, str | None], ...] = (
    ("0", marked("Nivå 0: genomförandet har börjat, men ingen nivå är nådd ännu."), "level-0"),
    ("1", marked("Nivå 1 – kännedom: personalen känner till kunskapsstödet och vet var det finns."), "level-1"),
    ("2", marked("Nivå 2 – kunna använda: personalen kan använda stödet, hänvisa vidare och följa dess vägledning."),
     "level-2"),
    ("3", marked("Nivå 3 – innehållskunskap: verksamheten kan ge de prioriterade insatserna (kräver en avslutad "
          "GAP-analys)."), "level-3"),
    (marked("Målnivå"), marked("Den nivå (1–3) som det lokala beslutet satte för organisationen. Stödet är infört när "
                "nivån har nått målnivån."), None),
    ("✓", marked("Infört (ett arbetsflöde utan nivåer, till exempel en regional riktlinje)."), "done"),
    ("·", marked("Före genomförandet: remiss, fastställande, lokalt beslut eller GAP-analys."), "before"),
    ("×", marked("Avslutat, till exempel återkallat."), "closed"),
    ("", marked("Tom ruta: kunskapsstödet har inte nått organisationen."), "none"),
    (marked("Röd ram"), marked("Försenat: svarsdagen för steget har passerat. På bladen per kunskapsstöd står ”ja” i "
                "kolumnen Försenat."), None),
)  # fmt: skip
LEGEND_NOTES = (
    marked("Färgerna på nivårutorna följer talet i rutan: skriver du in en annan nivå byter rutan färg."),
    marked("Nivå och målnivå är tal, så att de går att sortera, filtrera och räkna med."),
    marked(
        "Översikt: hur många av LPO:ns huvudmän (regioner och kommuner) som har nått sin målnivå, av "
        "alla huvudmän som stödet har nått, och hur många steg som är försenade."
    ),
)


def write_xlsx(matrix: Matrix, path: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the workbook; returns the number of sheets."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    late = Border(*(Side(style="medium", color=OVERDUE_RED),) * 4)

    fills = {name: PatternFill("solid", fgColor=colour, bgColor=colour) for name, colour in SHADES.items()}
    center = Alignment(horizontal="center")
    last_row: dict[int, int] = {}  # per sheet: rows appended so far (openpyxl's max_row scans every cell)

    def fill(shade: str) -> PatternFill:
        return fills[shade]

    def append(sheet: Any, values: list[Any]) -> int:
        """Append a row; returns its number."""
        sheet.append(values)
        row = last_row[id(sheet)] = last_row.get(id(sheet), 0) + 1
        for column, value in enumerate(values, 1):
            if isinstance(value, str) and value.startswith("="):
                # openpyxl reads a text starting with '=' as a formula; it is someone's text.
                sheet.cell(row=row, column=column).data_type = "s"
        return row

    def header(sheet: Any, names: list[str], widths: list[int]) -> None:
        append(sheet, names)
        for column, width in enumerate(widths, 1):
            sheet.cell(row=1, column=column).font = bold
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}1"

    def shade(target: Any, cell: Cell) -> None:
        target.fill = fill(cell.shade)
        target.alignment = center
        if cell.overdue:
            target.border = late

    def colour_levels(sheet: Any, columns: list[int]) -> None:
        """Level cells coloured by their value, so an edited level changes colour (blank and text cells keep theirs)."""
        rows = last_row.get(id(sheet), 0)
        if rows < 2 or not columns:
            return
        ranges = " ".join(f"{get_column_letter(c)}2:{get_column_letter(c)}{rows}" for c in columns)
        first = f"{get_column_letter(columns[0])}2"
        for level, test in ((0, "=0"), (1, "=1"), (2, "=2"), (3, ">=3")):
            formula = f"AND(ISNUMBER({first}),{first}{test})"
            rule = FormulaRule(formula=[formula], fill=fill(f"level-{level}"))  # type: ignore[no-untyped-call]
            sheet.conditional_formatting.add(ranges, rule)

    book = Workbook()
    taken: set[str] = set()
    overview = book.worksheets[0]
    overview.title = sheet_title(_("Översikt"), taken)
    header(overview, ["LPO", "RPO", _("Huvudmän på målnivå"), _("Av"), _("Andel"), _("Försenade steg")],
           [44, 44, 20, 8, 10, 16])  # fmt: skip
    for entry in matrix.progress:
        done, total = entry.at_target()
        share = entry.share()
        line = append(
            overview, [entry.lpo.name, entry.rpo.name if entry.rpo else "", done, total, share, entry.overdue]
        )
        overview.cell(row=line, column=5).number_format = "0%"
    append(overview, [])
    line = append(overview, [_("Hela rapporten"), scope_text(matrix.scope), None, None, overall_share(matrix),
                            matrix.overdue])  # fmt: skip
    overview.cell(row=line, column=5).number_format = "0%"
    overview.cell(row=line, column=1).font = bold

    grid = book.create_sheet(sheet_title(_("Matris"), taken))
    item_columns = [
        str(title)
        for item in matrix.items
        for title in (t("{item} nivå", item=item.code), t("{item} målnivå", item=item.code))
    ]
    header(grid, [_("Organisation"), _("Typ"), "LPO", *item_columns], [34, 14, 30, *(10 for _ in item_columns)])
    grid.freeze_panes = "D2"
    for row in matrix.rows:
        cells = [matrix.cell(item.code, row.org.id) for item in matrix.items]
        number = append(grid, [row.org.name, kind_sv(row.org.kind), row.lpo.name if row.lpo else "",
                               *(value for cell in cells for value in _level_and_target(cell))])  # fmt: skip
        for offset, cell in enumerate(cells):
            shade(grid.cell(row=number, column=4 + 2 * offset), cell)
            target = grid.cell(row=number, column=5 + 2 * offset)
            target.alignment = center
            if cell.overdue:
                target.border = late
    colour_levels(grid, [4 + 2 * offset for offset in range(len(matrix.items))])

    labels = ["RPO", "LPO", _("Organisation"), _("Kod"), _("Typ"), _("Läge"), _("Nivå"), _("Målnivå"), _("Svarsdag"),
              _("Försenat")]  # fmt: skip
    sheets = {item.code: book.create_sheet(sheet_title(item.code, taken)) for item in matrix.items}
    for sheet in sheets.values():
        header(sheet, labels, [30, 34, 34, 22, 14, 30, 8, 10, 12, 10])
    total = len(matrix.items) * len(matrix.rows)
    for done, (row, cell, record) in enumerate(records(matrix), 1):
        sheet = sheets[record["item"]]
        number = append(sheet, [
            row.rpo.name if row.rpo else "", row.lpo.name if row.lpo else "", row.org.name, row.org.code,
            kind_sv(row.org.kind), cell.state_label, cell.level, cell.target_level, cell.due,
            _("ja") if cell.overdue else "",
        ])  # fmt: skip
        shade(sheet.cell(row=number, column=7), cell)
        if progress is not None and done % 500 == 0:
            progress(done, total)
    for sheet in sheets.values():
        colour_levels(sheet, [7])

    if matrix.plans:
        plans = book.create_sheet(sheet_title(_("Planer"), taken))
        header(plans, ["LPO", _("Kunskapsstöd"), _("Huvudmän på målnivå"), _("Av"), _("Aktiviteter"),
                       _("Genomförda"), _("Inställda"), _("Försenade")], [44, 30, 20, 8, 12, 12, 12, 12])  # fmt: skip
        for planned in matrix.plans:
            done, total = planned.at_target
            number = append(plans, [planned.lpo.name, planned.item.code, done, total, planned.activities,
                                    planned.done, planned.cancelled, planned.late])  # fmt: skip
            if planned.late:
                plans.cell(row=number, column=8).border = late

    legend = book.create_sheet(sheet_title(_("Förklaring"), taken))
    legend.append([_("Förklaring till rapporten")])
    legend["A1"].font = Font(bold=True, size=14)
    legend.append([])
    legend.append([_("I rutan"), _("Betyder")])
    for column in ("A", "B"):
        legend[f"{column}3"].font = bold
    legend.column_dimensions["A"].width = 12
    legend.column_dimensions["B"].width = 100
    for shown, meaning, shaded in LEGEND:
        legend.append([int(shown) if shown.isdigit() else _(shown) if shown else shown, _(meaning)])
        sample = legend.cell(row=legend.max_row, column=1)
        sample.alignment = Alignment(horizontal="center")
        if shaded is not None:
            sample.fill = fill(shaded)
        if shown == "Röd ram":
            sample.border = late
    legend.append([])
    for note in LEGEND_NOTES:
        legend.append(["", _(note)])
    book.save(path)
    return len(book.sheetnames)


def _level_and_target(cell: Cell) -> tuple[int | str | None, int | None]:
    """The two matrix cells of one item: the level as a number (or ✓ · × where there is none), and the target."""
    if cell.level is None:
        return (cell.short or None), cell.target_level
    return cell.level, cell.target_level
