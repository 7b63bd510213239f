"""Each command imports what it uses: help loads no database code, reading commands no Alembic, templates or xlsx.

Every case runs ``kgflow`` as its own process (the console entry point) and
lists, when it exits, which of the heavy packages it loaded; an eager import
added anywhere on a command's path makes the case fail. Nothing here is timed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import used_postgresql

_CHECKOUT = str(Path(__file__).resolve().parents[2])

WATCHED = (
    "sqlalchemy", "alembic", "sqlmodel", "jinja2", "openpyxl", "yaml", "holidays", "rich", "psycopg",
    "kgflow.definitions.parse", "kgflow.reports.matrix", "kgflow.notify",
    "sqlalchemy.orm", "sqlalchemy.ext", "sqlalchemy.dialects.postgresql", "sqlalchemy.dialects.sqlite", "sqlite3",
    "tomllib", "rich._emoji_codes", "kgflow.reports.history_text", "kgflow.cli.plain_table", "transitions",
    "difflib",
)  # fmt: skip

NEVER_WHEN_READING = {"alembic", "sqlmodel", "jinja2", "openpyxl", "yaml", "psycopg", "holidays"}
NEVER_WHEN_READING |= {"kgflow.definitions.parse", "kgflow.reports.matrix", "kgflow.notify"}
NEVER_WHEN_READING |= {"sqlalchemy.orm", "sqlalchemy.ext", "sqlalchemy.dialects.postgresql"}
NEVER_WHEN_READING |= {"tomllib", "rich", "difflib"}
"""What no reading command loads on SQLite: no ORM, no PostgreSQL dialect, no config parser without a file, …

(nor rich: its output is a pipe, where the plain drawer draws the tables)."""

_PROBE = (
    "import atexit, json, sys\n"
    "watched, out = sys.argv[1].split(','), sys.argv[2]\n"
    "def report():\n"
    "    with open(out, 'w') as file:\n"
    "        json.dump(sorted(m for m in watched if m in sys.modules), file)\n"
    "atexit.register(report)\n"
    "sys.argv = ['kgflow', *sys.argv[3:]]\n"
    "from kgflow.cli.main import main\n"
    "main()\n"
)


def loaded(tmp_path: Path, *args: str) -> list[str]:
    """The watched packages one ``kgflow ARGS`` process imported (it must succeed), run in ``tmp_path``."""
    out = tmp_path / "loaded.json"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(WATCHED), str(out), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_CHECKOUT, os.environ.get("PYTHONPATH")]))},
        cwd=tmp_path,  # no kgflow.toml there: the config file is not read
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: list[str] = json.loads(out.read_text(encoding="utf-8"))
    return found


@pytest.mark.parametrize(
    "args",
    [("--help",), ("status", "--help"), ("advance", "--help"), ("org", "list", "--help"), ("report", "--help")],
    ids=lambda args: " ".join(args),
)
def test_help_loads_no_database_templates_or_spreadsheets(tmp_path: Path, args: tuple[str, ...]) -> None:
    assert loaded(tmp_path, *args) == []


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("status", "vip-skadligt-bruk", "--org", "lpo-dalarna"),
        ("--as", "sara.ek", "todo"),
        ("org", "list", "--kind", "lpo"),
        ("history", "vip-skadligt-bruk", "lpo-dalarna"),
    ],
    ids=lambda args: " ".join(args),
)
def test_reading_commands_load_no_alembic_templates_spreadsheets_or_parser(
    sample_db: str, tmp_path: Path, args: tuple[str, ...]
) -> None:
    loaded(tmp_path, "--db", sample_db, *args)  # the first run validates the workflows and keeps them
    found = loaded(tmp_path, "--db", sample_db, *args)
    assert "sqlalchemy" in found
    assert NEVER_WHEN_READING.isdisjoint(found), found


@pytest.mark.parametrize(
    "args",
    [("status",), ("status", "vip-skadligt-bruk", "--org", "lpo-dalarna"), ("org", "list", "--kind", "lpo")],
    ids=lambda args: " ".join(args),
)
def test_tables_without_history_do_not_load_its_words(sample_db: str, tmp_path: Path, args: tuple[str, ...]) -> None:
    found = loaded(tmp_path, "--db", sample_db, *args)
    assert "kgflow.cli.plain_table" in found  # a table was drawn
    assert "kgflow.reports.history_text" not in found, found
    assert "transitions" not in found, found  # nothing asked what a step does


def test_history_asks_no_machine(sample_db: str, tmp_path: Path) -> None:
    assert "transitions" not in loaded(tmp_path, "--db", sample_db, "history", "vip-skadligt-bruk", "lpo-dalarna")


def test_history_loads_its_words(sample_db: str, tmp_path: Path) -> None:
    assert "kgflow.reports.history_text" in loaded(
        tmp_path, "--db", sample_db, "history", "vip-skadligt-bruk", "lpo-dalarna"
    )


def test_a_config_file_is_read_when_there_is_one(sample_db: str, tmp_path: Path) -> None:
    (tmp_path / "kgflow.toml").write_text('KGFLOW_USER = "sara.ek"\n', encoding="utf-8")
    assert "tomllib" in loaded(tmp_path, "--db", sample_db, "status")


def test_a_sweep_on_sqlite_loads_no_postgresql_dialect(sample_db: str, tmp_path: Path) -> None:
    copy = tmp_path / "sweep.db"
    shutil.copyfile(sample_db, copy)
    found = loaded(tmp_path, "--db", str(copy), "--today", "2026-11-27", "sweep")
    assert "sqlalchemy.dialects.sqlite" in found
    assert {"sqlalchemy.dialects.postgresql", "psycopg", "sqlalchemy.orm"}.isdisjoint(found), found


def test_a_reading_command_on_postgresql_loads_no_sqlite(
    request: pytest.FixtureRequest, pg_schema_url: str, tmp_path: Path
) -> None:
    used_postgresql(request)
    found = loaded(tmp_path, "--db", pg_schema_url, "status")
    assert {"psycopg", "sqlalchemy.dialects.postgresql"} <= set(found)
    assert {"sqlite3", "sqlalchemy.dialects.sqlite", "sqlalchemy.orm", "alembic"}.isdisjoint(found), found


def test_an_advance_loads_no_alembic_templates_or_spreadsheets(sample_db: str, tmp_path: Path) -> None:
    args = ("--as", "bo.lund", "advance", "vip-skadligt-bruk", "borlange", "answer", "--ref", "DNR-123")
    for attempt in ("first", "second"):
        copy = tmp_path / f"{attempt}.db"
        shutil.copyfile(sample_db, copy)
        found = loaded(tmp_path, "--db", str(copy), *args)
    unwanted = {"alembic", "sqlmodel", "jinja2", "openpyxl", "yaml", "psycopg", "holidays", "tomllib"}
    unwanted |= {"sqlalchemy.orm", "sqlalchemy.ext", "sqlalchemy.dialects.postgresql"}
    assert unwanted.isdisjoint(found), found


def test_init_still_migrates_with_alembic(tmp_path: Path) -> None:
    assert "alembic" in loaded(tmp_path, "--db", str(tmp_path / "new.db"), "init")
