"""The implementation matrix for spreadsheets: CSV (one line per item and organisation) and XLSX.

CSV comes in two dialects. ``excel`` (the default) is what Excel with Swedish
settings opens by a double click: fields separated by semicolons (the comma is
the decimal sign in Sweden), UTF-8 with a byte-order mark so å, ä and ö survive,
and CRLF line ends. ``plain`` is comma-separated UTF-8 without a byte-order mark
and with LF line ends, for scripts and other programs.

The XLSX workbook (overview, matrix, a sheet per item, plans, legend) is
written by :mod:`kgflow.reports.workbook`; :func:`write_xlsx` is its door.

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
    """A valid, unique sheet name, as Excel wants one.

    At most 31 characters (UTF-16 units, as Excel counts them), none of []:*?/\\, and no apostrophe first or last.
    """
    base = re.sub(r"^'|'$", "-", _at_most(re.sub(r"[\[\]:*?/\\]", "-", text), 31)) or "blad"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"~{n}"
        title, n = _at_most(base, 31 - len(suffix)) + suffix, n + 1
    taken.add(title.lower())
    return title


def _at_most(text: str, units: int) -> str:
    """``text`` cut to at most ``units`` UTF-16 code units (a character outside the BMP takes two)."""
    text = text[:units]
    while len(text.encode("utf-16-le")) > 2 * units:
        text = text[:-1]
    return text


def write_xlsx(matrix: Matrix, path: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the workbook (:mod:`kgflow.reports.workbook`); returns the number of sheets.

    Raises:
        OSError: the file cannot be written.
    """
    from kgflow.reports.workbook import write_workbook

    return write_workbook(matrix, path, progress)
