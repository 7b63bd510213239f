"""Export and import: the whole database round-trips byte for byte, across SQLite and PostgreSQL too."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from kgflow.domain.errors import HistoryBroken, UsageError
from kgflow.persistence import migrate
from kgflow.persistence.backup import NOT_EXPORTED, ORDER
from kgflow.persistence.tables import metadata
from kgflow.service.audit import verify
from kgflow.service.backup import export_database, import_database
from kgflow.service.delivery import send_notices
from kgflow.service.mail import Mail
from kgflow.service.sweep import sweep
from kgflow.testing import FixedClock, World, application
from tests.conftest import pg_schema

CURRENT = f'{{"format":1,"kgflow":"export","schema":"{migrate.head_revision()}"}}'  # a header of this schema


def exported(world_or_app: object) -> str:
    services = world_or_app.services  # type: ignore[attr-defined]
    buffer = io.StringIO()
    export_database(services, buffer.write)
    return buffer.getvalue()


@pytest.fixture
def busy(world: World, smtp_mail: Mail) -> World:
    """History, notices, digests, a kommun under two areas' LPOs: every table has rows."""
    world.org("LPO äldres hälsa Dalarna", "lpo", "RPO psykisk hälsa Mellansverige", code="lpo-aldres-dalarna",
              area="aldres-halsa", lan="20")  # fmt: skip
    world.link("Falun", "LPO äldres hälsa Dalarna")
    world.item("psvf-adhd", "PSVF ADHD")
    world.refer("psvf-adhd", date(2027, 3, 31))
    world.advance("psvf-adhd", "Borlänge", "answer", "Bo Lund", ref="KS 1", note="Med kommentar: åäö")
    world.clock.set(date(2027, 3, 8))
    sweep(world.services)
    send_notices(world.services, smtp_mail)
    return world


@contextmanager
def empty_database(kind: str, sqlite_template: Path, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        shutil.copy(sqlite_template, folder / "restored.db")
        yield f"sqlite:///{folder / 'restored.db'}"
    else:
        with pg_schema("kgflow_restore", migrated=True) as url:
            yield url


def test_every_table_is_exported_or_left_out_on_purpose() -> None:
    assert set(metadata.tables) == {*ORDER, *NOT_EXPORTED}


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_an_export_imports_into_an_empty_database_and_exports_identically(
    busy: World, target: str, sqlite_template: Path, tmp_path: Path
) -> None:
    first = exported(busy)
    with empty_database(target, sqlite_template, tmp_path) as url:
        restored = application(url, FixedClock(date(2027, 3, 8)))
        try:
            counts = import_database(restored.services, io.StringIO(first))
            assert counts["history"] > 10
            assert counts["notice"] > 0
            assert counts["organisation_link"] == 1
            assert exported(restored) == first
            assert verify(restored.services).ok
            restored_world = World(restored, restored.services.clock, people=busy.people, codes=busy.codes)  # type: ignore[arg-type]
            restored_world.advance("psvf-adhd", "Karlstad", "answer", "Karl Strand", ref="Efter återläsning")
            assert verify(restored.services).ok
        finally:
            restored.close()


def test_import_refuses_a_database_that_is_not_empty(busy: World) -> None:
    with pytest.raises(
        UsageError, match=r"^Databasen är inte tom; `kgflow import` återställer bara till en tom databas\.$"
    ):
        import_database(busy.services, io.StringIO(exported(busy)))


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        pytest.param(
            "", "^Det här är ingen export från kgflow: första raden är inte kgflows rubrikrad\\.$", id="empty-file"
        ),
        pytest.param('{"hello": "world"}\n', "^Det här är ingen export från kgflow: ", id="not-an-export"),
        pytest.param(
            '{"format":1,"kgflow":"export","schema":"0001"}\n',
            "^Exporten gjordes med schemat 0001 och den här databasen har schemat ",
            id="older-schema",
        ),
        pytest.param(f"{CURRENT}\nnot json\n", "^Rad 2 i exporten är ingen tabellrad\\.$", id="broken-line"),
        pytest.param(
            f'{CURRENT}\n{{"table":"secrets","row":{{}}}}\n',
            "^Rad 2 i exporten nämner en okänd tabell 'secrets'\\.$",
            id="unknown-table",
        ),
    ],
)
def test_a_bad_export_changes_nothing(database_url: str, clock: FixedClock, content: str, fragment: str) -> None:
    app = application(database_url, clock)
    try:
        with pytest.raises(UsageError, match=fragment):
            import_database(app.services, io.StringIO(content))
        assert exported(app).count("\n") == 1
    finally:
        app.close()


def _tampered(export: str, table: str, change: Callable[[dict[str, object]], None]) -> str:
    """The export with the first row of ``table`` passed through ``change``."""
    lines = export.splitlines()
    for number, line in enumerate(lines):
        record = json.loads(line)
        if record.get("table") == table:
            change(record["row"])
            lines[number] = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            break
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("table", "change", "fragment"),
    [
        ("history", lambda row: row.update(note="skrivet i efterhand"), "har ändrats"),
        ("instance", lambda row: row.update(state="implemented", level=3), "står på läge implemented"),
        ("role_assignment", lambda row: row.update(role="sekreterare"), "historiken aldrig registrerade"),
    ],
    ids=["history-row", "instance", "role"],
)
@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_a_tampered_backup_is_refused_and_nothing_is_imported(
    busy: World, target: str, sqlite_template: Path, tmp_path: Path, table: str,
    change: Callable[[dict[str, object]], None], fragment: str,
) -> None:  # fmt: skip
    tampered = _tampered(exported(busy), table, change)
    with empty_database(target, sqlite_template, tmp_path) as url:
        restored = application(url, FixedClock(date(2027, 3, 8)))
        try:
            with pytest.raises(HistoryBroken, match=fragment):
                import_database(restored.services, io.StringIO(tampered))
            assert exported(restored).count("\n") == 1  # the header: nothing was kept
        finally:
            restored.close()
