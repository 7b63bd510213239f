"""`kgflow plan` on the sample: Östergötland's plan shown, marked, exported and read back, a bad sheet refused."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli import run

ITEM = "psvf-schizofreni-tidigt"
LPO = "lpo-ostergotland"


def _secretary(db: str) -> str:
    code, out, err = run(db, "person", "list", "--org", LPO, "--role", "sekreterare", "--json")
    assert code == 0, err
    return str(json.loads(out)[0]["code"])


def test_the_sample_plan_is_shown_with_its_tidplan_and_the_late_one_marked(sample_db: str) -> None:
    code, out, err = run(sample_db, "plan", "show", ITEM, "--lpo", LPO)
    assert code == 0, err
    for words in ("LGVO", "Socialchefsnätverket", "Elevhälsonätverk", "Fortlöpande", "VT 2023", "FÖRSENAD"):
        assert words in out, words
    assert "12 aktiviteter, 1 försenad" in out


def test_a_secretary_marks_exports_and_reads_the_plan_back(sample_db: str, tmp_path: Path) -> None:
    secretary = _secretary(sample_db)
    code, out, err = run(
        sample_db, "--as", secretary, "plan", "mark", ITEM, "7", "--lpo", "Östergötland", "--status", "genomförd",
        "--note", "Chefsmöte 2023-05-10",
    )  # fmt: skip
    assert code == 0, err
    assert "Aktivitet 7 är nu genomförd." in out
    sheet = tmp_path / "plan.xlsx"
    code, out, err = run(sample_db, "plan", "export", ITEM, "--lpo", LPO, "--out", str(sheet))
    assert code == 0, err
    code, out, err = run(sample_db, "--as", secretary, "plan", "import", ITEM, "--lpo", LPO, str(sheet))
    assert code == 0, err
    assert "12 aktiviteter; 0 nya eller ändrade, 0 borttagna" in out
    code, out, err = run(sample_db, "plan", "show", ITEM, "--lpo", LPO, "--json")
    seventh = json.loads(out)[6]
    assert (seventh["status"], seventh["note"], seventh["late"]) == ("done", "Chefsmöte 2023-05-10", False)
    code, out, err = run(
        sample_db, "--as", secretary, "plan", "change", ITEM, "12", "--lpo", LPO, "--tidplan", "HT 2027"
    )
    assert code == 0, err
    code, out, err = run(sample_db, "plan", "show", ITEM, "--lpo", LPO, "--json")
    assert (json.loads(out)[11]["schedule"], json.loads(out)[11]["due"]) == ("HT 2027", "2027-12-31")
    code, out, err = run(sample_db, "audit", "verify")
    assert code == 0, err


def test_a_sheet_with_bad_rows_is_refused_row_by_row_and_changes_nothing(sample_db: str, tmp_path: Path) -> None:
    sheet = tmp_path / "plan.csv"
    sheet.write_text(
        "Målgrupp;Vad;Var;Genomförande;Tidplan\nLAG;Information;Möte;Utvecklingsledare;HT 2027\n"
        ";Information;Möte;Utvecklingsledare;HT 2027\nNSPH;Information;Möte;Utvecklingsledare;snart\n",
        encoding="utf-8",
    )
    code, out, err = run(sample_db, "--as", _secretary(sample_db), "plan", "import", ITEM, "--lpo", LPO, str(sheet))
    assert code == 2
    assert "Rad 3: Målgrupp saknas" in err
    assert "Rad 4: Tidplanen 'snart' går inte att läsa" in err
    assert "Traceback" not in err
    code, out, err = run(sample_db, "plan", "show", ITEM, "--lpo", LPO, "--json")
    assert len(json.loads(out)) == 12


def test_someone_else_may_not_change_the_plan(sample_db: str) -> None:
    code, _out, err = run(sample_db, "--as", "sara.ek", "plan", "mark", ITEM, "1", "--lpo", LPO, "--status", "inställd")
    assert code != 0
    assert "får inte ändra implementeringsplanen" in err
