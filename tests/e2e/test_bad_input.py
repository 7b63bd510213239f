"""Bad input anywhere: one sentence on stderr, a non-zero exit, no traceback, and nothing changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kgflow.config import shipped_workflows
from tests.e2e.cli import run as invoke

FIXTURES = Path(__file__).parents[1] / "fixtures" / "workflows"
SECRETARY = "sara.ek"  # LPO Dalarna, in the sample


def export(db: str) -> str:
    code, out, err = invoke(db, "export")
    assert code == 0, err
    return out


BAD = [
    # malformed dates
    pytest.param(["--today", "27/11/2026", "status"], 2, id="today-not-iso"),
    pytest.param(["--as", SECRETARY, "refer", "vip-skadligt-bruk", "--due", "2027-02-30"], 2, id="due-not-a-date"),
    pytest.param(
        [
            "--as",
            "nora.lind",
            "advance",
            "psvf-schizofreni-tidigt",
            "npo-psykisk-halsa",
            "revise",
            "--ref",
            "R",
            "--set",
            "date=igår",
        ],
        2,
        id="set-a-date-badly",
    ),
    pytest.param(["--today", "9999-12-31", "overdue"], 2, id="today-at-the-end-of-time"),
    pytest.param(["--today", "1999-12-31", "sweep"], 2, id="today-before-2000"),
    pytest.param(["--as", SECRETARY, "refer", "vip-skadligt-bruk", "--due", "2101-01-01"], 2, id="due-after-2100"),
    # texts the domain refuses, on either backend
    pytest.param(
        ["--as", SECRETARY, "item", "add", "psvf-ny", "--kind", "psvf", "--title", "Ny\x1b[2J"], 2, id="title-escape"
    ),
    pytest.param(
        ["--as", SECRETARY, "item", "add", "psvf-ny", "--kind", "psvf", "--title", "Å" * 301], 2, id="title-too-long"
    ),
    pytest.param(
        ["--as", SECRETARY, "advance", "vip-skadligt-bruk", "avesta", "answer", "--ref", "R" * 201],
        2,
        id="reference-too-long",
    ),
    pytest.param(
        ["--as", SECRETARY, "advance", "vip-skadligt-bruk", "avesta", "answer", "--ref", "x", "--note", "a\rb"],
        2,
        id="note-carriage-return",
    ),
    pytest.param(
        ["--as", SECRETARY, "advance", "vip-skadligt-bruk", "avesta", "answer", "--ref", "x\u202e"],
        2,
        id="reference-bidi-override",
    ),
    # unknown things
    pytest.param(["status", "psvf-finns-inte"], 3, id="unknown-item"),
    pytest.param(["status", "--org", "atlantis"], 3, id="unknown-org"),
    pytest.param(["history", "vip-skadligt-bruk", "atlantis"], 3, id="history-unknown-org"),
    pytest.param(["org", "show", "atlantis"], 3, id="show-unknown-org"),
    pytest.param(["overdue", "psvf-finns-inte"], 3, id="overdue-unknown-item"),
    pytest.param(["--as", SECRETARY, "advance", "vip-skadligt-bruk", "avesta", "approve"], 4, id="unknown-event"),
    pytest.param(
        ["--as", "nobody", "advance", "vip-skadligt-bruk", "avesta", "answer", "--ref", "x"], 3, id="unknown-person"
    ),
    pytest.param(["workflow", "show", "finns-inte"], 3, id="unknown-workflow"),
    # wrong values
    pytest.param(
        ["--as", SECRETARY, "advance", "vip-skadligt-bruk", "avesta", "answer", "--ref", "x", "--set", "x"],
        2,
        id="set-without-equals",
    ),
    pytest.param(
        ["--as", SECRETARY, "advance", "vip-skadligt-bruk", "avesta", "answer", "--ref", "x", "--set", "colour=red"],
        2,
        id="set-unknown-key",
    ),
    pytest.param(
        ["--as", SECRETARY, "advance", "vip-skadligt-bruk", "avesta", "answer", "--ref", " "], 2, id="empty-reference"
    ),
    pytest.param(
        ["--as", SECRETARY, "advance", "vip-skadligt-bruk", "lpo-dalarna", "decide", "--ref", "x", "--set", "falun=4"],
        4,
        id="decided-already",
    ),
    pytest.param(
        ["--as", SECRETARY, "item", "add", "vip-skadligt-bruk", "--kind", "psvf", "--title", "Again"],
        2,
        id="item-exists",
    ),
    pytest.param(
        ["--as", SECRETARY, "item", "add", "Ny Sak!", "--kind", "psvf", "--title", "X"], 2, id="item-bad-code"
    ),
    pytest.param(
        ["--as", SECRETARY, "item", "add", "psvf-x", "--kind", "planet", "--title", "X"], 2, id="item-bad-kind"
    ),
    pytest.param(["org", "list", "--kind", "planet"], 2, id="org-bad-kind"),
    pytest.param(["audit", "verify", "--checkpoint", "nonsense"], 2, id="bad-checkpoint"),
    pytest.param(["advance"], 2, id="missing-arguments"),
    pytest.param(["--no-such-option"], 2, id="unknown-option"),
    # files that are not there or not right
    pytest.param(["org", "import", "/nonexistent/orgs.yaml"], 2, id="import-missing-file"),
    pytest.param(["import", "/nonexistent/export.jsonl"], 2, id="restore-missing-file"),
    pytest.param(["workflow", "validate", "/nonexistent/flow.yaml"], 2, id="validate-missing-file"),
    pytest.param(["workflow", "validate", str(FIXTURES / "unknown_state.yaml")], 2, id="validate-broken-file"),
]


@pytest.mark.parametrize(("args", "exit_code"), BAD)
def test_bad_input_is_one_sentence_and_changes_nothing(sample_db: str, args: list[str], exit_code: int) -> None:
    before = export(sample_db)
    code, _, err = invoke(sample_db, *args)
    assert code == exit_code, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines, "no reason was given"
    if "validate" not in args:
        assert len(lines) == 1, err
        assert lines[0].startswith("kgflow: ")
    assert export(sample_db) == before


def test_a_broken_workflow_file_is_one_sentence_and_running_items_keep_working(sample_db: str, tmp_path: Path) -> None:
    folder = tmp_path / "workflows"
    shutil.copytree(shipped_workflows(), folder)
    (folder / "nationellt-kunskapsstod.yaml").write_text("workflow: [unclosed\n", encoding="utf-8")
    env = {"KGFLOW_WORKFLOWS": str(folder)}
    before = export(sample_db)
    code, _, err = invoke(
        sample_db, "--as", "nora.lind", "item", "add", "psvf-ny", "--kind", "psvf", "--title", "Ny", env=env
    )
    assert code == 2
    assert err.startswith("kgflow: ")
    assert "nationellt-kunskapsstod.yaml:2: YAML-syntaxfel" in err
    assert len(err.strip().splitlines()) == 1
    code, out, _ = invoke(sample_db, "status", "vip-skadligt-bruk", "--org", "avesta", env=env)
    assert code == 0
    assert "På remiss" in out
    assert export(sample_db) == before


def test_secrets_are_never_printed(sample_db: str) -> None:
    secret = "hemligt-lösenord-42"
    code, _, err = invoke(f"postgresql://kgflow:{secret}@127.0.0.1:1/kgflow", "status")
    assert code == 7
    assert secret not in err
    smtp = {"KGFLOW_SMTP_HOST": "127.0.0.1", "KGFLOW_SMTP_PORT": "1", "KGFLOW_SMTP_SECURITY": "ssl",
            "KGFLOW_SMTP_USER": "kgflow", "KGFLOW_SMTP_PASSWORD": secret}  # fmt: skip
    invoke(sample_db, "sweep", env=smtp)
    code, out, err = invoke(sample_db, "notify", "send", env=smtp)
    assert code == 0
    assert "når inte e-postservern" in err
    assert secret not in out + err


@pytest.mark.parametrize(
    ("argument", "named"),
    [
        pytest.param(b"psvf-\xff".decode("utf-8", "surrogateescape"), "byte som inte är UTF-8", id="not-utf-8"),
        pytest.param("psvf-\x1b[2J", "ett styrtecken (U+001B)", id="escape"),
        pytest.param("psvf-\u202e", "ett tecken som styr skrivriktningen (U+202E)", id="bidi-override"),
    ],
)
def test_an_argument_kgflow_cannot_use_is_refused_before_any_database_is_asked(
    sample_db: str, argument: str, named: str
) -> None:
    before = export(sample_db)
    code, _, err = invoke(sample_db, "status", argument)
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith(f"kgflow: Argument 6 på kommandoraden innehåller {named} på position 6; ta bort det")
    assert export(sample_db) == before
