"""``kgflow advance --from FILE`` on the sample: a secretary's spreadsheet of answers, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from tests.e2e.cli import run

ITEM = "vip-skadligt-bruk"  # on remiss in the sample today


def workbook(path: Path, *rows: tuple[object, ...]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def states(db: str, *orgs: str) -> list[str]:
    _, out, _ = run(db, "status", ITEM, "--org", "lpo-dalarna", "--json")
    found = {row["org"]: row["state"] for row in json.loads(out)}
    return [found[org] for org in orgs]


def test_a_spreadsheet_of_answers_is_taken_row_by_row(sample_db: str, tmp_path: Path) -> None:
    sheet = workbook(
        tmp_path / "svar.xlsx",
        ("Organisation", "Steg", "Referens", "Anteckning"),
        ("Vansbro", "answer", "KS 2026/14", None),
        (None, None, None, None),
        ("orsa", "answer", 2026, "Svar via mejl"),
    )
    code, out, err = run(sample_db, "--as", "sara.ek", "advance", "--from", str(sheet), ITEM)
    assert code == 0, err
    assert "Rad 2 · Vansbro kommun: På remiss → Remissvar lämnat." in out
    assert "Rad 4 · Orsa kommun: På remiss → Remissvar lämnat." in out
    assert "2 steg togs i en och samma transaktion." in out
    assert states(sample_db, "vansbro", "orsa") == ["answered", "answered"]
    _, out, _ = run(sample_db, "history", ITEM, "orsa", "--json")
    assert json.loads(out)[-1]["note"] == "Svar via mejl"


def test_a_csv_with_one_bad_row_names_it_and_changes_nothing(sample_db: str, tmp_path: Path) -> None:
    sheet = tmp_path / "svar.csv"
    sheet.write_text("Kunskapsstöd;Organisation;Steg;Referens\n"
                     f"{ITEM};leksand;answer;KS 1\n{ITEM};rattvik;answer;\n", encoding="utf-8-sig")  # fmt: skip
    code, out, err = run(sample_db, "--as", "sara.ek", "advance", "--from", str(sheet), "--json")
    assert code == 2  # the first refused row's own exit code: a value missing
    assert out == ""
    assert "  rad 3 (rattvik): Steget 'Lämna remissvar' (answer) behöver --ref (en text)." in err
    assert err.rstrip().endswith("kgflow: 1 av 2 rader gick inte att ta; ingenting i filen ändrades.")
    assert states(sample_db, "leksand", "rattvik") == ["remiss", "remiss"]


def test_steps_go_in_the_file_or_on_the_command_line_not_both(sample_db: str, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "svar.xlsx", ("Organisation", "Steg"), ("mora", "answer"))
    code, _, err = run(sample_db, "--as", "sara.ek", "advance", "--from", str(sheet), ITEM, "mora", "answer")
    assert code == 2
    assert "Med --from står stegen och värdena i filens kolumner" in err
    code, _, err = run(sample_db, "--as", "sara.ek", "advance", ITEM, "mora")
    assert code == 2
    assert "Ange KUNSKAPSSTÖD ORG STEG, eller --from FIL." in err


def test_a_priority_row_is_reported_by_the_steps_name(sample_db: str, tmp_path: Path) -> None:
    sheet = workbook(
        tmp_path / "prioriteringar.xlsx",
        ("Kunskapsstöd", "Organisation", "Steg", "Prioritet"),
        ("psvf-angest-depression", "lpo-dalarna", "prioritise", "hög"),
    )
    code, out, err = run(sample_db, "--as", "sara.ek", "advance", "--from", str(sheet))
    assert code == 0, err
    assert "Rad 2 · LPO psykisk hälsa, Region Dalarna: Sätt länets prioritet (" in out
    assert "prioritise" not in out
