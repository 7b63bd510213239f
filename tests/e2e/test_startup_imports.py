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

WATCHED = (
    "sqlalchemy", "alembic", "sqlmodel", "jinja2", "openpyxl", "yaml", "holidays", "rich", "psycopg",
    "kgflow.definitions.parse", "kgflow.reports.matrix", "kgflow.notify",
)  # fmt: skip

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
    """The watched packages one ``kgflow ARGS`` process imported (it must succeed)."""
    out = tmp_path / "loaded.json"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(WATCHED), str(out), *args],
        capture_output=True,
        text=True,
        env=os.environ,
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
    unwanted = {"alembic", "sqlmodel", "jinja2", "openpyxl", "yaml", "psycopg", "kgflow.definitions.parse"}
    unwanted |= {"kgflow.reports.matrix", "kgflow.notify"}
    assert unwanted.isdisjoint(found), found


def test_an_advance_loads_no_alembic_templates_or_spreadsheets(sample_db: str, tmp_path: Path) -> None:
    args = ("--as", "bo.lund", "advance", "vip-skadligt-bruk", "borlange", "answer", "--ref", "DNR-123")
    for attempt in ("first", "second"):
        copy = tmp_path / f"{attempt}.db"
        shutil.copyfile(sample_db, copy)
        found = loaded(tmp_path, "--db", str(copy), *args)
    assert {"alembic", "sqlmodel", "jinja2", "openpyxl", "yaml", "psycopg"}.isdisjoint(found), found


def test_init_still_migrates_with_alembic(tmp_path: Path) -> None:
    assert "alembic" in loaded(tmp_path, "--db", str(tmp_path / "new.db"), "init")
