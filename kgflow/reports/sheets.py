"""Spreadsheets coming in: the xlsx or csv file a secretary already keeps, read as rows of text.

The first row holds the column names. Names are matched loosely, as people
type them: case, surrounding space and accents (å ä ö é) do not matter, and
any run of spaces and punctuation is one ``_``, so "Målnivå", "malniva" and
"MÅLNIVÅ" are one column, as are "Ref. nr" and "ref_nr" (:func:`column_key`). Empty rows are skipped; every kept row
remembers the row number a spreadsheet program shows, for the messages that
point at it.

CSV is read as UTF-8 (with or without a byte-order mark), separated by
semicolons (what Excel with Swedish settings writes) or commas, whichever the
header uses. XLSX is read from its first sheet, values as shown: whole
numbers without ``.0``, dates as ``ÅÅÅÅ-MM-DD``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kgflow.domain.errors import UsageError
from kgflow.domain.wording import t

MAX_SHEET_BYTES = 20 * 1024 * 1024
SUFFIXES = (".xlsx", ".csv")


@dataclass(frozen=True)
class SheetRow:
    """One row: its number as the spreadsheet shows it (the header is row 1) and its cells by column key."""

    line: int
    cells: Mapping[str, str]

    def get(self, *keys: str) -> str:
        """The first non-empty cell among ``keys`` (column keys), or an empty string."""
        for key in keys:
            value = self.cells.get(key, "")
            if value:
                return value
        return ""


@dataclass(frozen=True)
class Sheet:
    """A file's rows, with its column keys in the order the header gives them and their names as written."""

    path: str
    columns: tuple[str, ...]
    names: Mapping[str, str]
    rows: tuple[SheetRow, ...]


def column_key(name: str) -> str:
    """A column name as a key: "Målnivå" → ``malniva``, "Ref. nr" → ``ref_nr``."""
    folded = unicodedata.normalize("NFKD", name.strip().casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    words = "".join(char if char.isalnum() else " " for char in plain).split()
    return "_".join(words)


def read_sheet(path: Path) -> Sheet:
    """The rows of ``path`` (.xlsx or .csv).

    Raises:
        UsageError: the file is missing, too large, of another kind, unreadable,
            without a header, or with a column named twice.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(t("{path} ska vara en .xlsx- eller .csv-fil.", path=path))
    try:
        if path.stat().st_size > MAX_SHEET_BYTES:
            raise UsageError(t("{path} är större än {size} MB.", path=path, size=MAX_SHEET_BYTES // (1024 * 1024)))
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(t("Det går inte att läsa {path}: {problem}.", path=path, problem=exc.strerror or exc)) from exc
    table = _xlsx(raw, path) if suffix == ".xlsx" else _csv(raw, path)
    return _sheet(table, str(path))


def _csv(raw: bytes, path: Path) -> list[list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(t("{path} är inte text i UTF-8; spara den som CSV UTF-8.", path=path)) from exc
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") >= header.count(",") and ";" in header else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx(raw: bytes, path: Path) -> list[list[str]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UsageError(t("{path} går inte att läsa som en xlsx-arbetsbok.", path=path)) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_shown(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _shown(value: object) -> str:
    """A cell's value as a person sees it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet(table: list[list[str]], shown: str) -> Sheet:
    numbered = [(number, [cell.strip() for cell in row]) for number, row in enumerate(table, start=1)]
    filled = [(number, row) for number, row in numbered if any(row)]
    if not filled:
        raise UsageError(t("{path} är tom: första raden ska ha kolumnernas namn.", path=shown))
    (_, header), body = filled[0], filled[1:]
    keys = [column_key(name) for name in header]
    names: dict[str, str] = {}
    for key, name in zip(keys, header, strict=True):
        if not key:
            continue
        if key in names:
            raise UsageError(t("{path} har kolumnen {name!r} två gånger.", path=shown, name=name))
        names[key] = name
    rows = []
    for number, row in body:
        cells = {key: row[index] for index, key in enumerate(keys) if key and index < len(row)}
        rows.append(SheetRow(number, cells))
    return Sheet(shown, tuple(names), names, tuple(rows))
