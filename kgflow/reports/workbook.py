"""The implementation matrix as an XLSX workbook, written with XlsxWriter.

The workbook opens with an overview (progress per LPO), then the whole matrix
(level and target level as two numeric columns per item), then one sheet per
item, the län's plans when there are any, and last a legend ("Förklaring").
Every data sheet has a bold, frozen header row with a filter, and level cells
are coloured as in the HTML heatmap — by conditional formatting too, so a level
typed in changes colour with it.

XlsxWriter writes, openpyxl reads (:mod:`kgflow.reports.sheets`): the national
matrix is some 400 000 cells, most of them styled, and openpyxl spends seconds
hashing each cell's style and serialising it. Here every style is one format
made before the first cell, each cell is written with its type named (text is
always a text cell, never a formula, whatever it starts with), and the whole
file is assembled in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import marked, t
from kgflow.reports.heatmap import overall_share, scope_text
from kgflow.reports.tabular import OVERDUE_RED, SHADES, sheet_title
from kgflow.reports.templating import kind_sv
from kgflow.service.reporting import Cell, Matrix

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
# Excel keeps "History" for itself; a sheet of that name would make the file unreadable.
RESERVED_TITLES = frozenset({"history"})
# Excel stores a column's width in characters of the default font's digit, seven pixels wide in Calibri 11.
DIGIT_PIXELS = 7
DATE_FORMAT = "yyyy-mm-dd"


class _Styles:
    """Every format the workbook uses, made once (XlsxWriter shares one format among all its cells)."""

    def __init__(self, book: Any) -> None:
        late = {"border": 2, "border_color": "#" + OVERDUE_RED}
        center = {"align": "center"}
        self.bold = book.add_format({"bold": True})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.percent = book.add_format({"num_format": "0%"})
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.late = book.add_format(late)
        self.center = {overdue: book.add_format(center | (late if overdue else {})) for overdue in (False, True)}
        self.shade = {
            (name, overdue): book.add_format(
                {"pattern": 1, "fg_color": "#" + colour, "bg_color": "#" + colour} | center | (late if overdue else {})
            )
            for name, colour in SHADES.items()
            for overdue in (False, True)
        }
        # Conditional formats (dxf) carry the fill alone: the cell keeps its alignment and border.
        self.level_fill = {
            level: book.add_format({"pattern": 1, "fg_color": "#" + colour, "bg_color": "#" + colour})
            for level, colour in ((level, SHADES[f"level-{level}"]) for level in range(4))
        }

    def of(self, cell: Cell) -> Any:
        """The level cell's format: its heatmap shade, centred, with a red frame when late."""
        return self.shade[(cell.shade, cell.overdue)]


class _Sheet:
    """One worksheet written top to bottom: values by type, each row after the last."""

    def __init__(self, book: Any, title: str, styles: _Styles) -> None:
        self.sheet = book.add_worksheet(title)
        self.styles = styles
        self.rows = 0

    def next_row(self) -> int:
        """The 0-based number of the row below the last, now taken."""
        self.rows += 1
        return self.rows - 1

    def append(self, values: list[Any], formats: dict[int, Any] | None = None) -> int:
        """Write a row below the last (``formats`` by 0-based column); returns its 0-based number."""
        row = self.next_row()
        put = self.put
        for column, value in enumerate(values):
            put(row, column, value, formats.get(column) if formats else None)
        return row

    def put(self, row: int, column: int, value: Any, style: Any = None) -> None:
        """One cell, written as what it is: text as text (never a formula), numbers, dates; empty unless styled."""
        sheet = self.sheet
        if value is None or value == "":
            if style is not None:
                sheet.write_blank(row, column, None, style)
        elif isinstance(value, str):
            sheet.write_string(row, column, value, style)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value, style)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value, style)
        elif isinstance(value, date):
            sheet.write_datetime(row, column, value, style or self.styles.date)
        else:
            sheet.write_string(row, column, str(value), style)

    def header(self, names: list[str], widths: list[int], frozen_columns: int = 0) -> None:
        """The first row in bold, frozen, with a filter; the columns' widths in characters."""
        bold = self.styles.bold
        self.append(names, dict.fromkeys(range(len(names)), bold))
        for column, width in enumerate(widths):
            self.width(column, width)
        self.sheet.freeze_panes(1, frozen_columns)
        self.sheet.autofilter(0, 0, 0, len(names) - 1)

    def width(self, column: int, characters: int) -> None:
        # In pixels, so the file stores exactly this many characters (XlsxWriter would add its padding).
        self.sheet.set_column_pixels(column, column, characters * DIGIT_PIXELS)

    def colour_levels(self, columns: list[int]) -> None:
        """Level cells coloured by their value, so an edited level changes colour (blank and text cells keep theirs)."""
        if self.rows < 2 or not columns:
            return
        last = self.rows - 1
        ranges = " ".join(f"{_letter(c)}2:{_letter(c)}{self.rows}" for c in columns)
        first = f"{_letter(columns[0])}2"
        for level, test in ((0, "=0"), (1, "=1"), (2, "=2"), (3, ">=3")):
            rule = {
                "type": "formula",
                "criteria": f"AND(ISNUMBER({first}),{first}{test})",
                "format": self.styles.level_fill[level],
                "multi_range": ranges,
            }
            self.sheet.conditional_format(1, columns[0], last, columns[0], rule)


def _letter(column: int) -> str:
    """A 0-based column's letters: 0 → A, 26 → AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_workbook(matrix: Matrix, path: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the workbook to ``path``; returns the number of sheets.

    Raises:
        OSError: the file cannot be written.
    """
    from xlsxwriter import Workbook
    from xlsxwriter.exceptions import FileCreateError

    book = Workbook(str(path), {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                "strings_to_urls": False})  # fmt: skip
    styles = _Styles(book)
    taken = set(RESERVED_TITLES)
    sheets = 0

    def sheet(title: str) -> _Sheet:
        nonlocal sheets
        sheets += 1
        return _Sheet(book, sheet_title(title, taken), styles)

    _overview(sheet(_("Översikt")), matrix, styles)
    _grid(sheet(_("Matris")), matrix, styles)
    _items(matrix, {item.code: sheet(item.code) for item in matrix.items}, styles, progress)
    if matrix.plans:
        _plans(sheet(_("Planer")), matrix, styles)
    _legend(sheet(_("Förklaring")), styles)
    try:
        book.close()
    except FileCreateError as exc:
        # XlsxWriter wraps the OSError; the caller turns an OSError into a sentence.
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, OSError):
            raise cause from exc
        raise
    return sheets


def _overview(overview: _Sheet, matrix: Matrix, styles: _Styles) -> None:
    overview.header(["LPO", "RPO", _("Huvudmän på målnivå"), _("Av"), _("Andel"), _("Försenade steg")],
                    [44, 44, 20, 8, 10, 16])  # fmt: skip
    share = {4: styles.percent}
    for entry in matrix.progress:
        done, total = entry.at_target()
        overview.append(
            [entry.lpo.name, entry.rpo.name if entry.rpo else "", done, total, entry.share(), entry.overdue], share
        )
    overview.append([])
    overview.append([_("Hela rapporten"), scope_text(matrix.scope), None, None, overall_share(matrix),
                     matrix.overdue], {0: styles.bold, 4: styles.percent})  # fmt: skip


def _grid(grid: _Sheet, matrix: Matrix, styles: _Styles) -> None:
    item_columns = [
        str(title)
        for item in matrix.items
        for title in (t("{item} nivå", item=item.code), t("{item} målnivå", item=item.code))
    ]
    grid.header([_("Organisation"), _("Typ"), "LPO", *item_columns], [34, 14, 30, *(10 for _ in item_columns)], 3)
    put, center = grid.put, styles.center
    for row in matrix.rows:
        number = grid.append([row.org.name, kind_sv(row.org.kind), row.lpo.name if row.lpo else ""])
        for offset, item in enumerate(matrix.items):
            cell = matrix.cell(item.code, row.org.id)
            level, target = _level_and_target(cell)
            put(number, 3 + 2 * offset, level, styles.of(cell))
            put(number, 4 + 2 * offset, target, center[cell.overdue])
    grid.colour_levels([3 + 2 * offset for offset in range(len(matrix.items))])


def _items(
    matrix: Matrix, sheets: dict[str, _Sheet], styles: _Styles, progress: Callable[[int, int], None] | None
) -> None:
    """One sheet per item: a row per organisation it reached."""
    labels = ["RPO", "LPO", _("Organisation"), _("Kod"), _("Typ"), _("Läge"), _("Nivå"), _("Målnivå"), _("Svarsdag"),
              _("Försenat")]  # fmt: skip
    for sheet in sheets.values():
        sheet.header(labels, [30, 34, 34, 22, 14, 30, 8, 10, 12, 10])
    yes, kinds = _("ja"), {kind: kind_sv(kind) for kind in {row.org.kind for row in matrix.rows}}
    total, done = len(matrix.items) * len(matrix.rows), 0
    # The hot loop of the workbook (a row per item and organisation): each cell written by its own type.
    for item in matrix.items:
        sheet = sheets[item.code]
        write_string, put = sheet.sheet.write_string, sheet.put
        for row in matrix.rows:
            cell = matrix.cell(item.code, row.org.id)
            if cell.state is None:
                continue
            number = sheet.next_row()
            texts = (row.rpo.name if row.rpo else "", row.lpo.name if row.lpo else "", row.org.name, row.org.code,
                     kinds[row.org.kind], cell.state_label)  # fmt: skip
            for column, text in enumerate(texts):
                if text:
                    write_string(number, column, text)
            put(number, 6, cell.level, styles.of(cell))
            put(number, 7, cell.target_level)
            put(number, 8, cell.due)
            if cell.overdue:
                write_string(number, 9, yes)
            done += 1
            if progress is not None and done % 500 == 0:
                progress(done, total)
    for sheet in sheets.values():
        sheet.colour_levels([6])


def _plans(plans: _Sheet, matrix: Matrix, styles: _Styles) -> None:
    plans.header(["LPO", _("Kunskapsstöd"), _("Huvudmän på målnivå"), _("Av"), _("Aktiviteter"), _("Genomförda"),
                  _("Inställda"), _("Försenade")], [44, 30, 20, 8, 12, 12, 12, 12])  # fmt: skip
    for planned in matrix.plans:
        done, total = planned.at_target
        plans.append([planned.lpo.name, planned.item.code, done, total, planned.activities, planned.done,
                      planned.cancelled, planned.late], {7: styles.late} if planned.late else None)  # fmt: skip


def _legend(legend: _Sheet, styles: _Styles) -> None:
    legend.append([_("Förklaring till rapporten")], {0: styles.title})
    legend.append([])
    legend.append([_("I rutan"), _("Betyder")], {0: styles.bold, 1: styles.bold})
    legend.width(0, 12)
    legend.width(1, 100)
    for shown, meaning, shaded in LEGEND:
        late = shown == "Röd ram"
        sample = styles.shade[(shaded, late)] if shaded is not None else styles.center[late]
        legend.append([int(shown) if shown.isdigit() else _(shown) if shown else None, _(meaning)], {0: sample})
    legend.append([])
    for note in LEGEND_NOTES:
        legend.append([None, _(note)])


def _level_and_target(cell: Cell) -> tuple[int | str | None, int | None]:
    """The two matrix cells of one item: the level as a number (or ✓ · × where there is none), and the target."""
    if cell.level is None:
        return (cell.short or None), cell.target_level
    return cell.level, cell.target_level
