"""Every exit code kgflow can return, provoked for real, each with one sentence and no traceback.

The walk runs ``kgflow`` as a separate process on a copy of the sample (a
fault point ends the process itself), and the README's table of exit codes
must list exactly the codes walked here.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kgflow.faults import EXIT_CODE as FAULT_EXIT
from tests.processes import kgflow
from tests.tamper import fail_inserts_of, plain_sql

README = Path(__file__).parents[2] / "README.md"
TODAY = "2026-11-27"


def answer(org: str) -> tuple[str, ...]:
    """Avesta's contact person answers the remiss for ``org`` (only Avesta is hers to answer for)."""
    return ("--as", "klara.forsberg", "advance", "vip-skadligt-bruk", org, "answer", "--ref", "KS 2026/1")


def _nothing(url: str, folder: Path) -> str:
    return url


def _missing_file(url: str, folder: Path) -> str:
    return f"sqlite:///{folder / 'finns-inte.db'}"


def _not_a_database(url: str, folder: Path) -> str:
    text = folder / "anteckningar.db"
    text.write_text("Det här är ingen databas.\n", encoding="utf-8")
    return f"sqlite:///{text}"


def _tampered_history(url: str, folder: Path) -> str:
    plain_sql(url, ["UPDATE history SET event = 'decline' WHERE seq = 3"], append_only_off=True)
    return url


def _history_refused(url: str, folder: Path) -> str:
    fail_inserts_of(url, "answer")
    return url


def _unknown_state(url: str, folder: Path) -> str:
    plain_sql(url, ["UPDATE instance SET state = 'finns_inte' WHERE id = (SELECT min(id) FROM instance)"])
    return url


Prepare = Callable[[str, Path], str]
WALK: list[tuple[int, Prepare, tuple[str, ...], dict[str, str], str]] = [
    (0, _nothing, ("status",), {}, ""),
    (1, _missing_file, ("status",), {}, "kör `kgflow init` (eller `kgflow init --sample`) först"),
    (2, _nothing, ("--today", "9999-12-31", "overdue"), {}, "ligger utanför de datum kgflow arbetar med"),
    (2, _nothing, ("status", "--no-such-option"), {}, "Det finns ingen flagga"),
    (3, _nothing, ("status", "psvf-finns-inte"), {}, "Det finns inget kunskapsstöd"),
    (4, _nothing, ("--as", "sara.ek", "advance", "vip-skadligt-bruk", "avesta", "approve"), {}, "approve"),
    (5, _nothing, answer("kalix"), {}, "får inte ta steget 'Lämna remissvar' för Kalix"),
    (
        6,
        _nothing,
        (*answer("avesta"), "--expect-state", "adopted"),
        {},
        "inte 'adopted' som väntat; ingenting ändrades.",
    ),
    (7, _not_a_database, ("status",), {}, "är ingen kgflow-databas: det är inte ens en databasfil för SQLite."),
    (8, _tampered_history, ("audit", "verify"), {}, "Historiken går inte att verifiera: rad 3"),
    (9, _history_refused, answer("avesta"), {}, "refused by a test trigger"),
    (70, _unknown_state, ("report",), {}, "ett oväntat fel stoppade kommandot"),
    (FAULT_EXIT, _nothing, answer("avesta"), {"KGFLOW_FAULT": "advance-before-commit"}, ""),
]


@pytest.mark.parametrize(
    ("code", "prepare", "args", "env", "says"),
    [pytest.param(*case, id=f"{case[0]}-{case[1].__name__.strip('_')}-{case[2][-1]}") for case in WALK],
)
def test_each_exit_code_is_one_sentence(
    sample_template: Path,
    tmp_path: Path,
    code: int,
    prepare: Prepare,
    args: tuple[str, ...],
    env: dict[str, str],
    says: str,
) -> None:
    shutil.copy(sample_template, tmp_path / "kgflow.db")
    url = prepare(f"sqlite:///{tmp_path / 'kgflow.db'}", tmp_path)
    done = kgflow(url, *args, today=TODAY, env=env)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    if code in (0, FAULT_EXIT):
        # Success says nothing on stderr; a fault point dies without a word, as a power cut would.
        assert done.stderr == ""
        return
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("kgflow: ")
    assert says in line


def test_the_readme_lists_every_exit_code_walked() -> None:
    section = README.read_text(encoding="utf-8").split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    listed = {int(code) for code in re.findall(r"^\| (\d+) \|", section, flags=re.MULTILINE)}
    assert listed == {case[0] for case in WALK}
