"""Reading the spreadsheets secretaries keep: xlsx and csv, columns named loosely, rows numbered as shown."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from kgflow.domain.errors import UsageError
from kgflow.reports.sheets import column_key, read_sheet


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Målnivå", "malniva"),
        (" MÅLNIVÅ ", "malniva"),
        ("Gap-list", "gap_list"),
        ("Ref. nr", "ref_nr"),
        ("Kunskapsstöd", "kunskapsstod"),
    ],
)
def test_column_names_are_matched_as_people_type_them(name: str, key: str) -> None:
    assert column_key(name) == key


def test_an_xlsx_is_read_as_shown_with_row_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Organisation", "Nivå", "Datum", "Klar"])
    sheet.append(["Falun", 2, date(2027, 3, 1), True])
    sheet.append([None, None, None, None])
    sheet.append(["Mora", 2.0, datetime(2027, 3, 2, 0, 0), False])
    book.save(tmp_path / "a.xlsx")
    read = read_sheet(tmp_path / "a.xlsx")
    assert read.columns == ("organisation", "niva", "datum", "klar")
    assert read.names["niva"] == "Nivå"
    assert [(row.line, dict(row.cells)) for row in read.rows] == [
        (2, {"organisation": "Falun", "niva": "2", "datum": "2027-03-01", "klar": "ja"}),
        (4, {"organisation": "Mora", "niva": "2", "datum": "2027-03-02", "klar": "nej"}),
    ]


@pytest.mark.parametrize("separator", [";", ","])
def test_a_csv_is_read_with_either_separator_and_a_byte_order_mark(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f"Organisation{separator}Referens\nFalun{separator}KS 1\n", encoding="utf-8-sig")
    [row] = read_sheet(path).rows
    assert (row.line, row.get("organisation"), row.get("saknas", "referens")) == (2, "Falun", "KS 1")


@pytest.mark.parametrize(
    ("name", "content", "sentence"),
    [
        ("a.ods", b"x", r"ska vara en \.xlsx- eller \.csv-fil"),
        ("a.csv", b"", "är tom"),
        ("a.csv", b"Org;org\n", "har kolumnen 'org' två gånger"),
        ("a.csv", "Organisation\nG\xf6teborg\n".encode("latin-1"), "är inte text i UTF-8"),
        ("a.xlsx", b"not a zip", "går inte att läsa som en xlsx-arbetsbok"),
    ],
)
def test_a_file_that_is_not_a_sheet_is_one_sentence(tmp_path: Path, name: str, content: bytes, sentence: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UsageError, match=sentence):
        read_sheet(path)


def test_a_missing_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="Det går inte att läsa"):
        read_sheet(tmp_path / "borta.csv")
