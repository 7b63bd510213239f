"""``kgflow report``, ``kgflow docs build`` and ``kgflow workflow show --format svg`` on the sample."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from kgflow.cli.main import cli
from tests.e2e.cli import run


def implementing_instances(db: str, org: str) -> list[dict[str, object]]:
    _, out, _ = run(db, "status", "--org", org, "--json")
    return [row for row in json.loads(out) if row["kind"] in ("region", "kommun", "unit")]


def test_the_table_shows_the_matrix_and_progress_per_lpo(sample_db: str) -> None:
    code, out, err = run(sample_db, "report", "--lpo", "lpo-dalarna")
    assert code == 0, err
    assert "Falun" in out
    assert "Ludvika" in out
    assert "vip-skadligt-bruk" in out
    assert "Huvudmän at target level, per LPO" in out
    assert "LPO psykisk hälsa, Region Dalarna" in out
    assert err == ""  # no progress bar outside a terminal


def test_csv_lists_every_instance_of_an_implementing_organisation(sample_db: str) -> None:
    code, out, err = run(sample_db, "report", "--lpo", "lpo-dalarna", "--format", "csv")
    assert code == 0, err
    records = list(csv.DictReader(io.StringIO(out)))
    followups = [r for r in implementing_instances(sample_db, "lpo-dalarna") if "uppfoljning" in str(r["item"])]
    assert len(records) == len(implementing_instances(sample_db, "lpo-dalarna")) - len(followups)
    assert {r["lpo"] for r in records} == {"lpo-dalarna"}


def test_the_kind_filter_keeps_psvf_only(sample_db: str) -> None:
    _, out, _ = run(sample_db, "report", "--rpo", "rpo-mellansverige", "--kind", "psvf", "--format", "csv")
    items = {r["item"] for r in csv.DictReader(io.StringIO(out))}
    assert items
    assert all(item.startswith("psvf-") for item in items)


def test_html_and_xlsx_files_are_written_and_the_format_follows_the_name(sample_db: str, tmp_path: Path) -> None:
    html = tmp_path / "rapport.html"
    code, out, err = run(sample_db, "report", "--out", str(html))
    assert code == 0, err
    assert "Wrote" in out
    assert html.read_text(encoding="utf-8").count('class="cell ') > 300 * 6
    xlsx = tmp_path / "rapport.xlsx"
    code, _, err = run(sample_db, "report", "--lpo", "lpo-varmland", "--out", str(xlsx))
    assert code == 0, err
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    assert book.sheetnames[:2] == ["Översikt", "Matris"]
    assert "psvf-sjalvskada" in book.sheetnames


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--format", "xlsx"], 2, "An xlsx report is a file"),
        (["--format", "table", "--out", "x.txt"], 2, "A table is for the terminal"),
        (["--out", "rapport.pdf"], 2, "Say which format"),
        (["--lpo", "falun"], 2, "Falun (falun) is a kommun, not an LPO."),
        (["--lpo", "lpo-atlantis"], 3, "lpo-atlantis"),
        (["--kind", "roman"], 2, "No items match"),
        (["--out", "/nonexistent/rapport.html"], 2, "Cannot write /nonexistent/rapport.html: No such file"),
    ],
)
def test_a_wrong_report_request_is_one_sentence(sample_db: str, args: list[str], code: int, words: str) -> None:
    exit_code, out, err = run(sample_db, "report", *args)
    assert exit_code == code
    assert out == ""
    assert words in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_docs_build_needs_no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KGFLOW_DATABASE_URL", raising=False)
    result = CliRunner().invoke(cli, ["docs", "build", "--out", "webb"])
    assert result.exit_code == 0, result.stderr
    assert "Wrote 14 pages to webb/" in result.stdout
    assert "not run" in result.stdout
    assert (tmp_path / "webb" / "index.html").is_file()
    assert not (tmp_path / "kgflow.db").exists()


def test_docs_build_refuses_a_missing_results_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["docs", "build", "--out", str(tmp_path / "w"), "--results", "saknas.json"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "kgflow: There is no results file at saknas.json."


def test_workflow_show_draws_svg() -> None:
    result = CliRunner().invoke(cli, ["workflow", "show", "regional-riktlinje", "--format", "svg"])
    assert result.exit_code == 0, result.stderr
    svg = ElementTree.fromstring(result.stdout)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Infört" in "".join(svg.itertext())
