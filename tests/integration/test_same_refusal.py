"""The same refusal on both backends: the domain's limits hold before SQLite or PostgreSQL is asked.

Every test here runs on a real SQLite file and on PostgreSQL; a refused text
leaves the database byte for byte as it was, and the longest texts the domain
allows — Swedish letters, emoji — travel from SQLite to PostgreSQL and back
unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from kgflow.domain import records
from kgflow.domain import text as limits
from kgflow.domain.audit import GENESIS, ChainRow, canonical_time, expected_hash
from kgflow.domain.errors import UsageError
from kgflow.persistence import migrate
from kgflow.reports.tabular import write_csv, write_xlsx
from kgflow.service.backup import import_database
from kgflow.service.organisations import import_orgs
from kgflow.service.queries import history
from kgflow.service.reporting import implementation_matrix
from kgflow.testing import FixedClock, World, application
from tests.conftest import pg_schema
from tests.integration.test_backup import exported

ITEM = "psvf-adhd"
# The longest texts the domain allows, with what PostgreSQL counts as one character each.
TITLE = ("PSVF ADHD – vård för barn, unga och vuxna i Örebro, Jämtland och Västerås 👩‍⚕️ " * 5)[: limits.TITLE - 1] + "Ö"
REFERENCE = ("Dnr LPO-2027/åäö 🇸🇪 " * 12)[: limits.REFERENCE - 1] + "Å"
NOTE = ("Sammanställt\tmed svar från Älvdalen och Ödeshög 😀\n" * 60)[: limits.NOTE]


@pytest.fixture
def referred(world: World) -> World:
    world.item(ITEM, "PSVF ADHD")
    world.refer(ITEM, date(2027, 3, 31))
    return world


REFUSED_STEPS = [
    pytest.param({"ref": "KS\x002027"}, "U+0000", id="nul-in-reference"),
    pytest.param({"ref": "KS \x1b[2J 2027"}, "U+001B", id="escape-in-reference"),
    pytest.param({"ref": "R" * (limits.REFERENCE + 1)}, "högst 200 tecken får plats", id="reference-too-long"),
    pytest.param({"ref": "KS 1", "note": "rad\r\nrad"}, "U+000D", id="carriage-return-in-note"),
    pytest.param({"ref": "KS 1", "note": "n\x00"}, "U+0000", id="nul-in-note"),
    pytest.param({"ref": "KS 1", "note": "ö" * (limits.NOTE + 1)}, "högst 2000 tecken får plats", id="note-too-long"),
    pytest.param({"ref": "KS\udcff1"}, "byte som inte är UTF-8", id="surrogate-in-reference"),
]


@pytest.mark.parametrize(("given", "named"), REFUSED_STEPS)
def test_a_step_with_text_the_domain_refuses_changes_nothing(
    referred: World, given: dict[str, str], named: str
) -> None:
    before = exported(referred)
    with pytest.raises(UsageError) as refused:
        referred.advance(ITEM, "Borlänge", "answer", "Bo Lund", ref=given["ref"], note=given.get("note"))
    assert named in str(refused.value)
    assert exported(referred) == before


def test_a_title_with_a_control_character_or_too_long_is_refused(world: World) -> None:
    before = exported(world)
    with pytest.raises(UsageError, match=r"U\+0007"):
        world.item("psvf-bell", "PSVF \x07")
    with pytest.raises(UsageError, match="har 301 tecken"):
        world.item("psvf-long", "Å" * (limits.TITLE + 1))
    assert exported(world) == before


def test_an_organisation_file_with_a_name_too_long_or_a_control_character_is_refused(
    world: World, tmp_path: Path
) -> None:
    before = exported(world)
    too_long = tmp_path / "too-long.csv"
    too_long.write_text(f"code,name,kind,parent\nx-lang,{'Ö' * (limits.NAME + 1)},kommun,lpo-dalarna\n", "utf-8")
    with pytest.raises(UsageError, match=r"too-long\.csv:2: 'name' har 201 tecken"):
        import_orgs(world.services, too_long)
    escaped = tmp_path / "people.yaml"
    escaped.write_text('people:\n  - {code: eve, name: "Eve\\e]0;root\\a", email: eve@example.se}\n', encoding="utf-8")
    with pytest.raises(UsageError, match="person 1: 'name' innehåller ett styrtecken"):
        import_orgs(world.services, escaped)
    assert exported(world) == before


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        pytest.param("Falun", None, id="a-plain-name-imports"),
        pytest.param("Falun\x00", "innehåller ett styrtecken (U+0000)", id="nul"),
        pytest.param(
            "F" * (limits.NAME + 1), "har 201 tecken; högst 200 tecken får plats", id="longer-than-its-column"
        ),
    ],
)
def test_an_export_holding_what_one_backend_would_refuse_is_refused_by_both(
    database_url: str, clock: FixedClock, name: str, refused: str | None
) -> None:
    header = {"kgflow": "export", "format": 1, "schema": migrate.head_revision()}
    row = {"id": 1, "code": "falun", "name": name, "kind": "kommun", "parent_id": None, "path": "/1/",
           "municipality_code": "2080"}  # fmt: skip
    # The history that vouches for the organisation, as kgflow would have written it.
    fact = json.dumps(records.organisation_fact("falun", name, "kommun", None, "2080"), ensure_ascii=False,
                      sort_keys=True)  # fmt: skip
    at = clock.now()
    chained = ChainRow(1, None, None, at, "kgflow", records.ORGANISATION, None, None, None, fact, None, GENESIS, "")
    recorded = {"id": 1, "seq": 1, "prev_hash": GENESIS, "hash": expected_hash(chained), "scheme": 2,
                "instance_id": None, "item_version": None, "at": canonical_time(at), "login": None, "actor": "kgflow",
                "event": records.ORGANISATION, "from_state": None, "to_state": None, "level": None,
                "target_level": None, "fields": fact, "note": None}  # fmt: skip
    export = "".join(
        json.dumps(line) + "\n"
        for line in (header, {"table": "organisation", "row": row}, {"table": "history", "row": recorded})
    )
    app = application(database_url, clock)
    try:
        if refused is None:
            assert import_database(app.services, io.StringIO(export)) == {"organisation": 1, "history": 1}
            return
        with pytest.raises(UsageError, match=re.escape(f"Line 2 of the export: organisation.name {refused}")):
            import_database(app.services, io.StringIO(export))
        assert exported(app).count("\n") == 1
    finally:
        app.close()


def test_the_longest_texts_travel_from_sqlite_to_postgresql_and_back_byte_for_byte(
    sqlite_template: Path, tmp_path: Path
) -> None:
    clock = FixedClock(date(2027, 2, 1))
    source = tmp_path / "source.db"
    shutil.copy(sqlite_template, source)
    app = application(f"sqlite:///{source}", clock)
    try:
        world = _small_world(app, clock)
        longest = tmp_path / "longest.yaml"
        org_name, person_name = (
            "Ö" * (limits.NAME - 2) + "😀🇸",
            ("Åsa Öberg-Ärlig 👩‍⚕️" + "ä" * limits.NAME)[: limits.NAME],
        )
        code = "a" * limits.CODE
        longest.write_text(
            f"organisations:\n  - {{code: {code}, name: '{org_name}', kind: kommun, parent: lpo-dalarna}}\n"
            f"people:\n  - {{code: {'p' * limits.CODE}, name: '{person_name}', email: asa@example.se,"
            f" roles: [{{role: kontaktperson, at: {code}}}]}}\n",
            encoding="utf-8",
        )
        import_orgs(app.services, longest)
        world.item(ITEM, TITLE)
        world.refer(ITEM, date(2027, 3, 31))
        world.advance(ITEM, "Borlänge", "answer", "Bo Lund", ref=REFERENCE, note=NOTE)
        _, lines = history(app.services, ITEM, "borlange")
        assert (lines[-1].record.fields["ref"], lines[-1].record.note) == (REFERENCE, NOTE)
        first = exported(world)
    finally:
        app.close()
    with pg_schema("kgflow_roundtrip", migrated=True) as url:
        postgresql = application(url, clock)
        try:
            import_database(postgresql.services, io.StringIO(first))
            second = exported(postgresql)
        finally:
            postgresql.close()
    assert second == first
    back = tmp_path / "back.db"
    shutil.copy(sqlite_template, back)
    sqlite = application(f"sqlite:///{back}", clock)
    try:
        import_database(sqlite.services, io.StringIO(second))
        assert exported(sqlite) == first
    finally:
        sqlite.close()
    assert len(TITLE) == limits.TITLE
    for longest_text in (TITLE, org_name, person_name):
        assert json.dumps(longest_text, ensure_ascii=False) in first


def _small_world(app: object, clock: FixedClock) -> World:
    from kgflow.testing import small_chain

    return small_chain(World(app, clock))  # type: ignore[arg-type]


def test_a_spreadsheet_shows_a_formula_as_text(world: World, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    world.org('=HYPERLINK("http://x.invalid","Klicka")', "kommun", "LPO psykisk hälsa Dalarna", code="mora")
    world.org("@SUM(A1:A9)", "kommun", "LPO psykisk hälsa Dalarna", code="rattvik")
    world.item(ITEM, "+46 PSVF ADHD")
    world.refer(ITEM, date(2027, 3, 31))
    matrix = implementation_matrix(world.services)
    stream = io.StringIO()
    write_csv(matrix, stream)  # the default: for Swedish Excel, which is where a formula would run
    text = stream.getvalue().removeprefix("\ufeff")
    records = {row["org"]: row for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=";")}
    assert records["mora"]["org_name"] == '\'=HYPERLINK("http://x.invalid","Klicka")'
    assert records["rattvik"]["org_name"] == "'@SUM(A1:A9)"
    assert records["falun"]["item_title"] == "'+46 PSVF ADHD"
    assert records["falun"]["org_name"] == "Falun"
    path = tmp_path / "rapport.xlsx"
    write_xlsx(matrix, path)
    cells = [cell for sheet in load_workbook(path).worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    names = {cell.value for cell in cells if cell.data_type == "s"}
    assert {'=HYPERLINK("http://x.invalid","Klicka")', "@SUM(A1:A9)"} <= names
