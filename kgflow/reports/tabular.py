"""The implementation matrix for spreadsheets: CSV (one line per item and organisation) and XLSX.

The XLSX workbook opens with an overview (progress per LPO), then the whole
matrix, then one sheet per item; every sheet has a frozen header and a filter,
and levels are coloured as in the HTML heatmap.

Names and titles are other people's text, and a spreadsheet program runs a
cell that looks like a formula. In CSV, a text starting with ``=``, ``+``,
``-``, ``@``, TAB or CR gets a leading ``'`` (OWASP's advice on CSV injection);
in XLSX every text is stored as a text cell, never as a formula.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from kgflow.reports.heatmap import overall_share
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


def write_csv(matrix: Matrix, stream: IO[str]) -> int:
    """Write the CSV; returns the number of lines after the header."""
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for _, _, record in records(matrix):
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


def write_xlsx(matrix: Matrix, path: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the workbook; returns the number of sheets."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    late = Border(*(Side(style="medium", color=OVERDUE_RED),) * 4)

    def append(sheet: Any, values: list[Any]) -> None:
        sheet.append(values)
        for target in sheet[sheet.max_row]:
            if target.data_type == "f":
                # openpyxl reads a text starting with '=' as a formula; it is someone's text.
                target.data_type = "s"

    def header(sheet: Any, names: list[str], widths: list[int]) -> None:
        append(sheet, names)
        for column, width in enumerate(widths, 1):
            sheet.cell(row=1, column=column).font = bold
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}1"

    def shade(target: Any, cell: Cell) -> None:
        target.fill = PatternFill("solid", fgColor=SHADES[cell.shade])
        target.alignment = Alignment(horizontal="center")
        if cell.overdue:
            target.border = late

    book = Workbook()
    taken: set[str] = set()
    overview = book.worksheets[0]
    overview.title = sheet_title("Översikt", taken)
    header(overview, ["LPO", "RPO", "Huvudmän på målnivå", "Av", "Andel", "Försenade steg"], [44, 44, 20, 8, 10, 16])
    for entry in matrix.progress:
        done, total = entry.at_target()
        share = entry.share()
        append(overview, [entry.lpo.name, entry.rpo.name if entry.rpo else "", done, total, share, entry.overdue])
        overview.cell(row=overview.max_row, column=5).number_format = "0%"
    overview.append([])
    append(overview, ["Hela rapporten", matrix.scope, None, None, overall_share(matrix), matrix.overdue])
    overview.cell(row=overview.max_row, column=5).number_format = "0%"
    overview.cell(row=overview.max_row, column=1).font = bold

    grid = book.create_sheet(sheet_title("Matris", taken))
    header(grid, ["Organisation", "Typ", "LPO", *(item.code for item in matrix.items)],
           [34, 14, 30, *(14 for _ in matrix.items)])  # fmt: skip
    grid.freeze_panes = "D2"
    for row in matrix.rows:
        append(grid, [row.org.name, kind_sv(row.org.kind), row.lpo.name if row.lpo else "",
                     *(matrix.cell(item.code, row.org.id).short for item in matrix.items)])  # fmt: skip
        for offset, item in enumerate(matrix.items, 4):
            shade(grid.cell(row=grid.max_row, column=offset), matrix.cell(item.code, row.org.id))

    labels = ["RPO", "LPO", "Organisation", "Kod", "Typ", "Läge", "Nivå", "Målnivå", "Svarsdag", "Försenat"]
    sheets = {item.code: book.create_sheet(sheet_title(item.code, taken)) for item in matrix.items}
    for sheet in sheets.values():
        header(sheet, labels, [30, 34, 34, 22, 14, 30, 8, 10, 12, 10])
    total = len(matrix.items) * len(matrix.rows)
    for done, (row, cell, record) in enumerate(records(matrix), 1):
        sheet = sheets[record["item"]]
        append(sheet, [
            row.rpo.name if row.rpo else "", row.lpo.name if row.lpo else "", row.org.name, row.org.code,
            kind_sv(row.org.kind), cell.state_label, cell.level, cell.target_level, cell.due,
            "ja" if cell.overdue else "",
        ])  # fmt: skip
        shade(sheet.cell(row=sheet.max_row, column=7), cell)
        if progress is not None and done % 500 == 0:
            progress(done, total)
    book.save(path)
    return len(book.sheetnames)
