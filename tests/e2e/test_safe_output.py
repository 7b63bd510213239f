"""Where output lands: stored text on a terminal, databases that cannot be used, files kgflow may only read.

Stored text with escape sequences is put in with plain SQL, as an old database
or another program could have it; kgflow itself refuses such text on the way in.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.cli import run
from tests.processes import kgflow
from tests.tamper import plain_sql

TODAY = "2026-11-27"
# Clear the screen, retitle the window, a hyperlink, a C1 CSI, a carriage return, rich markup.
HOSTILE = "Kalix\x1b[2J\x1b]0;ägd\x07\x1b]8;;https://x.invalid\x1b\\länk\x1b]8;;\x1b\\\x9b31m\rslut [bold red]rött[/]"
SHOWN = "Kalixlänkslut [bold red]rött[/]"


@pytest.fixture
def hostile_db(sample_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "kgflow.db"
    shutil.copy(sample_template, target)
    url = f"sqlite:///{target}"
    quoted = HOSTILE.replace("'", "''")
    plain_sql(url, [f"UPDATE organisation SET name = '{quoted}' WHERE code = 'kalix'"])
    return str(target)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("status", "psvf-sjalvskada", "--org", "kalix"), id="status"),
        pytest.param(("history", "psvf-sjalvskada", "kalix"), id="history"),
        pytest.param(("org", "show", "kalix"), id="org-show"),
        pytest.param(("org", "list", "--under", "lpo-norrbotten"), id="org-list"),
        pytest.param(("report", "--lpo", "lpo-norrbotten"), id="report-table"),
        pytest.param(
            ("--as", "klara.forsberg", "advance", "vip-skadligt-bruk", "kalix", "answer", "--ref", "x"),
            id="refusal-naming-it",
        ),
    ],
)
def test_stored_text_reaches_the_terminal_without_escape_sequences(hostile_db: str, args: tuple[str, ...]) -> None:
    _, out, err = run(hostile_db, *args)
    shown = out + err
    assert "Kalix" in shown
    for control in ("\x1b", "\x07", "\x9b", "\r"):
        assert control not in shown, f"{control!r} reached the terminal"
    if "show" in args or "status" in args:
        assert SHOWN in " ".join(shown.split())


def test_json_output_keeps_stored_text_exactly_and_escaped(hostile_db: str) -> None:
    import json

    code, out, _ = run(hostile_db, "org", "show", "kalix", "--json")
    assert code == 0
    assert "\x1b" not in out
    assert "\x9b" not in out
    assert json.loads(out)[0]["name"] == HOSTILE


@pytest.mark.parametrize(
    ("url", "code", "says"),
    [
        pytest.param(
            "postgresql://:@:bad",
            2,
            "är ingen databasadress; använd sqlite:///FIL eller postgresql://VÄRD/DATABAS.",
            id="port-not-a-number",
        ),
        pytest.param(
            "nonsense://x", 2, "kgflow arbetar med SQLite och PostgreSQL, inte 'nonsense'.", id="unknown-scheme"
        ),
        pytest.param(
            "postgresql://postgres@127.0.0.1:1/kgflow", 7, "Det går inte att öppna databasen ", id="nobody-there"
        ),
    ],
)
def test_a_database_url_kgflow_cannot_use_is_one_sentence(url: str, code: int, says: str) -> None:
    for command in (("status",), ("init",), ("--as", "x", "advance", "a", "b", "c")):
        done = kgflow(url, *command, today=TODAY)
        assert done.returncode == code, done.stderr
        [line] = done.stderr.strip().splitlines()
        assert says in line
        assert "sqlalche.me" not in line


def test_a_file_that_is_not_a_database_is_one_sentence_and_stays_as_it_was(tmp_path: Path) -> None:
    notes = tmp_path / "anteckningar.db"
    notes.write_text("Inköpslista: mjölk, bröd\n", encoding="utf-8")
    for command in (("status",), ("init",), ("export",), ("--as", "x", "advance", "a", "b", "c")):
        done = kgflow(f"sqlite:///{notes}", *command, today=TODAY)
        assert done.returncode == 7, done.stderr
        assert (
            done.stderr.strip() == f"kgflow: {notes} är ingen kgflow-databas: det är inte ens en databasfil för SQLite."
        )
    assert notes.read_text(encoding="utf-8") == "Inköpslista: mjölk, bröd\n"


@contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    """Make files and folders immutable (``chattr +i``): read-only even to root, as a read-only mount is."""
    done: list[Path] = []
    try:
        for path in paths:
            if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode != 0:
                pytest.skip("chattr +i is not possible here (needs root and a file system that supports it)")
            done.append(path)
        yield
    finally:
        for path in reversed(done):
            subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture(params=["file", "file-and-folder"])
def read_only_db(request: pytest.FixtureRequest, sample_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the sample no process may write: the file, or the file and its folder."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "kgflow.db"
    shutil.copy(sample_template, target)
    paths = [target] if request.param == "file" else [target, folder]
    with immutable(*paths):
        yield target


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_read_only_database_can_be_read_and_refuses_changes_in_one_sentence(read_only_db: Path) -> None:
    url = f"sqlite:///{read_only_db}"
    before = _digest(read_only_db)
    for reading, shows in (
        (("status",), "psvf-sjalvskada"),
        (("history", "vip-skadligt-bruk", "avesta"), "Skicka på remiss"),
    ):
        done = kgflow(url, *reading, today=TODAY)
        assert done.returncode == 0, done.stderr
        assert shows in done.stdout
    writing = [
        ("--as", "klara.forsberg", "advance", "vip-skadligt-bruk", "avesta", "answer", "--ref", "KS 1"),
        ("init",),
    ]
    for command in writing:
        done = kgflow(url, *command, today=TODAY)
        assert done.returncode == 9, done.stderr
        assert done.stderr.strip() == (
            f"kgflow: Databasfilen {read_only_db} är skrivskyddad: kgflow kan läsa den men inte ändra den, "
            "så ingenting ändrades."
        )
    assert _digest(read_only_db) == before
