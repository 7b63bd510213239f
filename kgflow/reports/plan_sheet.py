"""An implementation plan as the spreadsheet a län keeps: read from and written to XLSX or CSV.

The columns are :data:`kgflow.domain.plans.COLUMNS` (Målgrupp, Vad, Var,
Genomförande, Tidplan, Status, Anteckning), first sheet, header on the first
row. CSV is written as Excel with Swedish settings opens it (semicolons,
UTF-8 with a byte-order mark) and read with semicolons or commas. A text that
could start a formula is written with a leading ``'`` in CSV (see
:mod:`kgflow.reports.tabular`) and as a text cell in XLSX; reading takes the
``'`` off again, so an export imports unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from kgflow.domain.errors import UsageError
from kgflow.domain.plans import COLUMNS
from kgflow.domain.wording import t
from kgflow.reports.tabular import BOM, CSV_DIALECTS, FORMULA_STARTS, neutralised

Rows = list[tuple[int, Sequence[object]]]


def read_sheet(path: Path) -> tuple[Sequence[object], Rows]:
    """The header and the numbered rows (as a spreadsheet numbers them) of a plan's .xlsx or .csv file.

    Read as every spreadsheet coming in is (:func:`kgflow.reports.sheets.read_sheet`), with the
    leading ``'`` this module's CSV export puts before a text that could start a formula taken off.

    Raises:
        UsageError: for a file that cannot be read, or of another kind.
    """
    from kgflow.reports.sheets import read_sheet as read_rows

    sheet = read_rows(path)
    header = [sheet.names[key] for key in sheet.columns]
    return header, [(row.line, [_unquoted(row.cells.get(key, "")) for key in sheet.columns]) for row in sheet.rows]


def _unquoted(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def write_sheet(path: Path, rows: Sequence[Sequence[str]], title: str) -> int:
    """Write the plan's rows under :data:`COLUMNS` as .xlsx or .csv (by the suffix); returns how many rows.

    Raises:
        UsageError: for another suffix, or a file that cannot be written.
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            dialect = CSV_DIALECTS["excel"]
            buffer = io.StringIO()
            buffer.write(BOM)
            writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator=dialect.lineterminator)
            writer.writerow(COLUMNS)
            writer.writerows([neutralised(value) for value in row] for row in rows)
            path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        elif suffix == ".xlsx":
            _write_xlsx(path, rows, title)
        else:
            raise UsageError(t("{path} ska vara en .xlsx- eller .csv-fil.", path=path))
    except OSError as exc:
        raise UsageError(t("Det går inte att skriva {path}: {reason}.", path=path, reason=exc.strerror)) from exc
    return len(rows)


def _write_xlsx(path: Path, rows: Sequence[Sequence[str]], title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # other people's text, never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate((30, 45, 30, 30, 30, 12, 30), start=1):
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    workbook.save(path)
