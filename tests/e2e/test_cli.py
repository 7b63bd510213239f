"""The command line, end to end on a SQLite file: what a secretary types and sees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgflow.cli.main import cli
from tests.e2e.cli import run

FIXTURES = Path(__file__).parents[1] / "fixtures" / "workflows"


def test_status_json_lists_instances_with_the_contract_fields(sample_db: str) -> None:
    code, out, _ = run(sample_db, "status", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) > 1000
    assert {"item", "org", "state", "due", "level"} <= set(rows[0])


def test_org_list_kommun_json_lists_290(sample_db: str) -> None:
    code, out, _ = run(sample_db, "org", "list", "--kind", "kommun", "--json")
    assert code == 0
    assert len(json.loads(out)) == 290


def test_status_table_for_one_lpo(sample_db: str) -> None:
    code, out, _ = run(sample_db, "status", "psvf-sjalvskada", "--org", "lpo-jonkopings-lan")
    assert code == 0
    assert "Jönköpings kommun" in out
    assert "(försenad)" in out


def test_advance_and_history_from_the_command_line(sample_db: str) -> None:
    _, out, _ = run(sample_db, "status", "vip-skadligt-bruk", "--org", "borlange", "--json")
    assert json.loads(out)[0]["state"] == "remiss"
    code, out, err = run(sample_db, "--as", "sara.ek", "advance", "vip-skadligt-bruk", "borlange", "answer",
                         "--ref", "KS 2026/99")  # fmt: skip
    assert code == 0, err
    assert "På remiss → Remissvar lämnat" in out
    _, out, _ = run(sample_db, "history", "vip-skadligt-bruk", "borlange", "--json")
    assert json.loads(out)[-1]["event"] == "answer"


@pytest.mark.parametrize(
    ("args", "exit_code", "fragment"),
    [
        pytest.param(
            ["advance", "vip-skadligt-bruk", "mora", "answer", "--ref", "x"],
            2,
            "Säg vem du är med --as PERSON (eller sätt KGFLOW_USER).",
            id="no-actor",
        ),
        pytest.param(
            ["--as", "nobody", "advance", "vip-skadligt-bruk", "mora", "answer"], 3, "ingen person", id="unknown-person"
        ),
        pytest.param(
            ["--as", "sara.ek", "advance", "psvf-nope", "mora", "answer"],
            3,
            "inget kunskapsstöd",
            id="unknown-item",
        ),
        pytest.param(
            ["--as", "sara.ek", "advance", "vip-skadligt-bruk", "atlantis", "answer"],
            3,
            "ingen organisation",
            id="unknown-org",
        ),
        pytest.param(
            ["--as", "sara.ek", "advance", "vip-skadligt-bruk", "mora", "adopt"],
            4,
            "kan bara tas i läget",
            id="wrong-state",
        ),
        pytest.param(
            ["--as", "sara.ek", "advance", "vip-skadligt-bruk", "avesta", "answer", "--set", "x"],
            2,
            "saknar '='",
            id="bad-set",
        ),
        pytest.param(["--today", "2026-13-01", "status"], 2, "är inget verkligt datum", id="bad-today"),
        pytest.param(
            ["--as", "sara.ek", "refer", "vip-skadligt-bruk", "--due", "next week"], 2, "ÅÅÅÅ-MM-DD", id="bad-due"
        ),
    ],
)
def test_mistakes_get_one_sentence_and_an_exit_code(
    sample_db: str, args: list[str], exit_code: int, fragment: str
) -> None:
    code, out, err = run(sample_db, *args)
    assert code == exit_code, (out, err)
    assert fragment in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_database_says_to_run_init(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "none.db"), "status")
    assert code != 0
    assert "; kör `kgflow init` (eller `kgflow init --sample`) först, eller peka ut en med --db." in err
    assert not (tmp_path / "none.db").exists()


def test_an_unreachable_database_is_one_sentence() -> None:
    result = CliRunner().invoke(cli, ["--db", "postgresql://nobody:secret@127.0.0.1:1/none", "status"])
    assert result.exit_code == 7
    assert "Det går inte att öppna databasen " in result.stderr
    assert "secret" not in result.stderr


def test_workflow_validate_refuses_a_broken_file_with_file_and_line() -> None:
    result = CliRunner().invoke(cli, ["workflow", "validate", str(FIXTURES / "unknown_guard.yaml")])
    assert result.exit_code == 2
    assert f"{FIXTURES / 'unknown_guard.yaml'}:30: " in result.stderr


def test_workflow_validate_accepts_the_shipped_workflows() -> None:
    result = CliRunner().invoke(cli, ["workflow", "validate"])
    assert result.exit_code == 0, result.stderr
    assert "nationellt-kunskapsstod version 1" in result.stdout


def test_followup_validate_accepts_the_shipped_follow_ups() -> None:
    result = CliRunner().invoke(cli, ["uppfoljning", "validate"], env={"KGFLOW_LANGUAGE": "sv"})
    assert result.exit_code == 0, result.stderr
    assert "varmland-psykisk-halsa.yaml: ok — varmland-psykisk-halsa, 7 frågor i 5 insatsområden" in result.stdout


def test_followup_validate_names_each_broken_file_and_goes_on(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[2] / "workflows" / "uppfoljningar" / "varmland-psykisk-halsa.yaml"
    broken = tmp_path / "trasig.yaml"
    broken.write_text(shipped.read_text(encoding="utf-8").replace("type: ja/nej", "type: kanske", 1), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["uppfoljning", "validate", str(broken), str(shipped)], env={"KGFLOW_LANGUAGE": "sv"}
    )
    assert result.exit_code == 2
    assert f"{broken}:" in result.stderr
    assert "kanske" in result.stderr
    assert "varmland-psykisk-halsa.yaml: ok" in result.stdout


def test_workflow_show_draws_mermaid() -> None:
    result = CliRunner().invoke(cli, ["workflow", "show", "nationellt-kunskapsstod"])
    assert result.exit_code == 0
    assert result.stdout.startswith("stateDiagram-v2")
    assert 'state "På remiss" as remiss' in result.stdout


def test_help_does_not_load_the_database_layer() -> None:
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from kgflow.cli.main import cli\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0\n"
        "for sub in (['advance', '--help'], ['status', '--help'], ['org', 'list', '--help']):\n"
        "    assert CliRunner().invoke(cli, sub).exit_code == 0\n"
        "loaded = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'kgflow.persistence', 'rich', 'transitions') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=os.environ)
    assert out.stdout.strip() == ""


def test_sweep_then_send_writes_swedish_digests_as_eml_files(sample_db: str, tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    env = {"KGFLOW_MAIL_DIR": str(folder)}
    swept = CliRunner().invoke(cli, ["--db", sample_db, "--today", "2026-11-27", "sweep"], env=env)
    assert swept.exit_code == 0, swept.stderr
    assert "Köade" in swept.stdout
    sent = CliRunner().invoke(cli, ["--db", sample_db, "--today", "2026-11-27", "notify", "send"], env=env)
    assert sent.exit_code == 0, sent.stderr
    files = sorted(folder.glob("*.eml"))
    assert files
    from email import message_from_bytes, policy

    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("kgflow: ")
    assert "att följa upp" in message["Subject"]
    assert "Hej " in message.get_body(preferencelist=("plain",)).get_content()
    again = CliRunner().invoke(cli, ["--db", sample_db, "--today", "2026-11-27", "notify", "send"], env=env)
    assert "Skickade 0 samlingsmejl" in again.stdout
    assert sorted(folder.glob("*.eml")) == files


def test_overdue_lists_days_late_and_rung(sample_db: str) -> None:
    code, out, _ = run(sample_db, "overdue", "psvf-sjalvskada", "--org", "lpo-jonkopings-lan", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows
    assert all(row["days_late"] > 0 and row["rung"] for row in rows)


def test_notify_preview_shows_one_persons_digest_and_changes_nothing(sample_db: str) -> None:
    args = ["--db", sample_db, "--today", "2027-01-04"]
    assert CliRunner().invoke(cli, [*args, "sweep"]).exit_code == 0
    everyone = CliRunner().invoke(cli, [*args, "notify", "preview"])
    assert everyone.exit_code == 0, everyone.stderr
    recipients = [line for line in everyone.stdout.splitlines() if line.startswith("Till: ")]
    assert len(recipients) > 1
    one = CliRunner().invoke(cli, [*args, "notify", "preview", "--to", "Sara Ek"])
    assert one.exit_code == 0, one.stderr
    assert [line for line in one.stdout.splitlines() if line.startswith("Till: ")] == [
        "Till: Sara Ek <sara.ek@lpo-dalarna.example>"
    ]
    assert CliRunner().invoke(cli, [*args, "notify", "preview"]).stdout == everyone.stdout
    typo = CliRunner().invoke(cli, [*args, "notify", "preview", "--to", "sara.ekk"])
    assert typo.exit_code == 3
    assert "Menade du sara.ek?" in typo.stderr
