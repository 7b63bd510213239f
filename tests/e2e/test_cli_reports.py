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
    assert "Falu kommun" in out
    assert "Ludvika kommun" in out
    assert "vip-skadligt-bruk" in out
    assert "Huvudmän på målnivå, per LPO" in out
    assert "LPO psykisk hälsa, Region Dalarna" in out
    assert err == ""  # no progress bar outside a terminal


def excel_csv(db: str, *args: str) -> list[dict[str, str]]:
    """``kgflow report --format csv ARGS`` read as Swedish Excel would: a byte-order mark, semicolons, CRLF."""
    result = CliRunner().invoke(cli, ["--db", db, "--today", "2026-11-27", "report", "--format", "csv", *args])
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbfrpo;lpo;org;")
    assert raw.count(b"\r\n") == raw.count(b"\n")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_lists_every_instance_of_an_implementing_organisation(sample_db: str) -> None:
    records = excel_csv(sample_db, "--lpo", "lpo-dalarna")
    followups = [r for r in implementing_instances(sample_db, "lpo-dalarna") if "uppfoljning" in str(r["item"])]
    assert len(records) == len(implementing_instances(sample_db, "lpo-dalarna")) - len(followups)
    assert {r["lpo"] for r in records} == {"lpo-dalarna"}


def test_the_kind_filter_keeps_psvf_only(sample_db: str) -> None:
    items = {r["item"] for r in excel_csv(sample_db, "--rpo", "rpo-mellansverige", "--kind", "psvf")}
    assert items
    assert all(item.startswith("psvf-") for item in items)


def test_a_csv_file_for_excel_and_a_plain_one_on_request(sample_db: str, tmp_path: Path) -> None:
    excel = tmp_path / "matris.csv"
    code, out, err = run(sample_db, "report", "--lpo", "lpo-dalarna", "--out", str(excel))
    assert code == 0, err
    raw = excel.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfrpo;lpo;")
    with excel.open(encoding="utf-8-sig", newline="") as stream:
        records = list(csv.DictReader(stream, delimiter=";"))
    assert "Borlänge kommun" in {r["org_name"] for r in records}
    assert f"{len(records)} rader" in out
    plain = tmp_path / "plain.csv"
    code, _, err = run(sample_db, "report", "--lpo", "lpo-dalarna", "--out", str(plain), "--csv-dialect", "plain")
    assert code == 0, err
    assert plain.read_bytes().startswith(b"rpo,lpo,org,")
    assert b"\r" not in plain.read_bytes()
    with plain.open(encoding="utf-8", newline="") as stream:
        assert list(csv.DictReader(stream)) == records


def test_the_csv_on_stdout_is_utf8_with_a_bom_unless_plain(sample_db: str) -> None:
    args = ["--db", sample_db, "--today", "2026-11-27", "report", "--lpo", "lpo-dalarna", "--format", "csv"]
    excel = CliRunner().invoke(cli, args)
    assert excel.exit_code == 0, excel.stderr
    assert excel.stdout_bytes.startswith(b"\xef\xbb\xbfrpo;")
    assert "Borlänge".encode() in excel.stdout_bytes
    plain = CliRunner().invoke(cli, [*args, "--csv-dialect", "plain"])
    assert plain.exit_code == 0, plain.stderr
    assert plain.stdout_bytes.startswith(b"rpo,lpo,org,")


def test_html_and_xlsx_files_are_written_and_the_format_follows_the_name(sample_db: str, tmp_path: Path) -> None:
    html = tmp_path / "rapport.html"
    code, out, err = run(sample_db, "report", "--out", str(html))
    assert code == 0, err
    assert "Skrev" in out
    assert html.read_text(encoding="utf-8").count('class="cell ') > 300 * 6
    xlsx = tmp_path / "rapport.xlsx"
    code, _, err = run(sample_db, "report", "--lpo", "lpo-varmland", "--out", str(xlsx))
    assert code == 0, err
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    assert book.sheetnames[:2] == ["Översikt", "Matris"]
    assert book.sheetnames[-1] == "Förklaring"
    assert "psvf-sjalvskada" in book.sheetnames
    levels = [cell for column in book["Matris"].iter_cols(min_col=4, min_row=2) for cell in column]
    assert any(cell.data_type == "n" and isinstance(cell.value, int) for cell in levels)
    assert not any(isinstance(cell.value, str) and "/" in cell.value for cell in levels)


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--format", "xlsx"], 2, "En xlsx-rapport är en fil"),
        (["--format", "table", "--out", "x.txt"], 2, "En tabell är för terminalen"),
        (["--out", "rapport.pdf"], 2, "Ange vilket format"),
        (["--format", "html", "--csv-dialect", "plain"], 2, "--csv-dialect gäller bara CSV-rapporter"),
        (["--lpo", "falun"], 2, "Falu kommun (falun) är en kommun, inte en LPO."),
        (["--lpo", "lpo-atlantis"], 3, "lpo-atlantis"),
        (["--kind", "roman"], 2, "Inget kunskapsstöd passar urvalet"),
        (["--out", "/nonexistent/rapport.html"], 2, "Det går inte att skriva /nonexistent/rapport.html: No such file"),
        (["--out", "/nonexistent/rapport.xlsx"], 2, "Det går inte att skriva /nonexistent/rapport.xlsx: No such file"),
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
    assert "Skrev 21 sidor till webb/" in result.stdout
    assert "ej kört" in result.stdout
    assert (tmp_path / "webb" / "index.html").is_file()
    assert not (tmp_path / "kgflow.db").exists()


def test_docs_build_refuses_a_missing_results_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["docs", "build", "--out", str(tmp_path / "w"), "--results", "saknas.json"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "kgflow: Det finns ingen resultatfil i saknas.json."


def test_workflow_show_draws_svg() -> None:
    result = CliRunner().invoke(cli, ["workflow", "show", "regional-riktlinje", "--format", "svg"])
    assert result.exit_code == 0, result.stderr
    svg = ElementTree.fromstring(result.stdout)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Infört" in "".join(svg.itertext())
