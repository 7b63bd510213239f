"""Setting kgflow up from the command line: init, importing organisations, adding items."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgflow.cli.main import cli

ORGS_YAML = """\
organisations:
  - {code: npo-psykisk-halsa, name: NPO psykisk hälsa, kind: npo}
  - {code: rpo-norra, name: RPO psykisk hälsa Norra, kind: rpo, parent: npo-psykisk-halsa}
  - {code: lpo-norrbotten, name: LPO psykisk hälsa Norrbotten, kind: lpo, parent: rpo-norra}
  - {code: kiruna, name: Kiruna, kind: kommun, parent: lpo-norrbotten, municipality_code: "2584"}
people:
  - code: nora.lind
    name: Nora Lind
    email: nora.lind@npo.example
    roles: [{role: samordnare, at: npo-psykisk-halsa}]
"""


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "kgflow.db")
    result = CliRunner().invoke(cli, ["--db", path, "init"])
    assert result.exit_code == 0, result.stderr
    assert "Skapade databasen" in result.stdout
    return path


def kg(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db, "--today", "2027-02-01", *args])
    return result.exit_code, result.stdout, result.stderr


def test_init_twice_only_upgrades(db: str) -> None:
    code, out, _ = kg(db, "init")
    assert code == 0
    assert "är redan uppdaterad" in out


def test_import_yaml_then_csv_then_add_and_refer_an_item(db: str, tmp_path: Path) -> None:
    orgs = tmp_path / "orgs.yaml"
    orgs.write_text(ORGS_YAML, encoding="utf-8")
    code, out, err = kg(db, "org", "import", str(orgs))
    assert code == 0, err
    assert "4 organisationer tillagda" in out
    csv = tmp_path / "more.csv"
    csv.write_text(
        "code,name,kind,parent,municipality_code\ngallivare,Gällivare,kommun,lpo-norrbotten,2523\n", encoding="utf-8"
    )
    code, out, err = kg(db, "org", "import", str(csv))
    assert code == 0, err
    code, out, _ = kg(db, "org", "list", "--under", "lpo-norrbotten", "--json")
    assert [row["code"] for row in json.loads(out)] == ["lpo-norrbotten", "kiruna", "gallivare"]
    code, out, err = kg(db, "--as", "nora.lind", "item", "add", "psvf-adhd", "--kind", "psvf", "--title", "PSVF ADHD")
    assert code == 0, err
    code, out, err = kg(db, "--as", "nora.lind", "refer", "psvf-adhd", "--due", "2027-04-30")
    assert code == 0, err
    assert "4 ärenden skapades nedåt i kedjan." in out
    code, out, _ = kg(db, "item", "show", "psvf-adhd", "--json")
    [shown] = json.loads(out)
    assert (shown["status"], shown["instances"]) == ("remiss", 5)
    code, out, _ = kg(db, "item", "list", "--json")
    assert [row["item"] for row in json.loads(out)] == ["psvf-adhd"]


@pytest.mark.parametrize(
    ("content", "suffix", "fragment"),
    [
        pytest.param(
            "organisations:\n  - {code: x, name: X, kind: planet}\n",
            ".yaml",
            "organisation 1: 'planet' är inget slag av organisation.",
            id="bad-kind",
        ),
        pytest.param(
            "organisations:\n  - {code: x, name: X, kind: lpo, parent: nowhere}\n",
            ".yaml",
            "Den överordnade organisationen 'nowhere' till 'x' finns inte.",
            id="missing-parent",
        ),
        pytest.param(
            "people:\n  - {code: a, name: A, email: 'a@b.se\\nBcc: x@y.se'}\n",
            ".yaml",
            "är ingen enkel e-postadress",
            id="header-injection-address",
        ),
        pytest.param(
            "people:\n  - {code: a, name: A, email: 'Anna <a@b.se>'}\n",
            ".yaml",
            "är ingen enkel e-postadress",
            id="display-name",
        ),
        pytest.param(
            "code,name\nx,X\n",
            ".csv",
            "behöver kolumnerna code, name, kind, parent (saknas: kind, parent).",
            id="csv-columns",
        ),
        pytest.param("a: &x 1\n", ".yaml", "ankare och alias", id="yaml-alias"),
        pytest.param("x", ".txt", "ska vara en .yaml-, .yml- eller .csv-fil.", id="wrong-suffix"),
    ],
)
def test_a_bad_import_file_changes_nothing(db: str, tmp_path: Path, content: str, suffix: str, fragment: str) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_text(content, encoding="utf-8")
    code, _, err = kg(db, "org", "import", str(path))
    assert code == 2
    assert fragment in err
    _, out, _ = kg(db, "org", "list", "--json")
    assert json.loads(out) == []
