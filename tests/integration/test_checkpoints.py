"""Checkpoints filed outside the database: the file, the mail to keep, and verify reading the file's last line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgflow.domain.audit import parse_filed_line
from kgflow.notify.checkpoint_file import CheckpointFile
from kgflow.service.audit import checkpoint
from kgflow.service.checkpoints import file_checkpoint, recipients
from kgflow.testing import World
from tests.integration.conftest import RECORDED_ITEM
from tests.processes import kgflow
from tests.smtp import SmtpServer
from tests.tamper import plain_sql

ITEM = RECORDED_ITEM


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """Where checkpoints are filed: a folder that does not exist yet."""
    return tmp_path / "diarium" / "kgflow" / "checkpoints.txt"


def test_filing_appends_a_line_per_checkpoint_and_not_twice_when_nothing_changed(recorded: World, ledger: Path) -> None:
    file = CheckpointFile(ledger)
    first = file_checkpoint(recorded.services, file, None, only_if_new=True)
    assert first.checkpoint == checkpoint(recorded.services)
    again = file_checkpoint(recorded.services, file, None, only_if_new=True)
    assert again.unchanged
    recorded.advance(ITEM, "Elevhälsan Falun", "answer", "Elsa Berg", ref="EH 1")
    file_checkpoint(recorded.services, file, None, only_if_new=True)
    lines = ledger.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert lines[0] == first.line
    seq_hash, _, at = lines[0].partition("\t")
    assert seq_hash == str(first.checkpoint)
    assert at.startswith("2027-02-01T10:00:00+01:00")
    assert parse_filed_line(lines[1]) == checkpoint(recorded.services)


def test_the_checkpoint_goes_to_the_responsible_role_at_the_top_of_the_chain(recorded: World) -> None:
    assert [(r.person.code, r.role_sv, r.organisation) for r in recipients(recorded.services)] == [
        ("nora.lind", "Samordnare", "NPO psykisk hälsa")
    ]


def verify_with(database_url: str, ledger: Path) -> tuple[int, str, str]:
    result = kgflow(database_url, "audit", "verify", env={"KGFLOW_CHECKPOINT_FILE": str(ledger)})
    return result.returncode, result.stdout.strip(), result.stderr.strip()


def test_verify_compares_against_the_last_filed_line_and_says_so(
    recorded: World, database_url: str, ledger: Path
) -> None:
    file_checkpoint(recorded.services, CheckpointFile(ledger), None)
    recorded.advance(ITEM, "Elevhälsan Falun", "answer", "Elsa Berg", ref="EH 1")
    last = file_checkpoint(recorded.services, CheckpointFile(ledger), None)
    code, out, err = verify_with(database_url, ledger)
    assert code == 0, err
    assert (
        f"den innehåller kontrollpunkten {last.checkpoint} (sista raden i {CheckpointFile(ledger).description})." in out
    )


@pytest.mark.parametrize(
    ("statement", "fragment"),
    [
        pytest.param("DELETE FROM history WHERE seq > 5", "kedjan slutar vid rad 5", id="cut-tail"),
        pytest.param("DELETE FROM history", "kedjan slutar vid rad 0", id="wiped-table"),
    ],
)
def test_a_cut_tail_or_a_wiped_history_is_refused_naming_the_filed_checkpoint(
    recorded: World, database_url: str, ledger: Path, statement: str, fragment: str
) -> None:
    filed = file_checkpoint(recorded.services, CheckpointFile(ledger), None)
    plain_sql(database_url, [statement], append_only_off=True)
    # Without the checkpoint, the tables still say more than what is left of the history...
    alone = kgflow(database_url, "audit", "verify")
    assert alone.returncode == 8
    assert "kgflow: Databasen stämmer inte med sin historik: " in alone.stderr
    # ...and with it, the cut itself is named.
    code, out, err = verify_with(database_url, ledger)
    assert code == 8
    assert out == ""
    assert err == (
        f"kgflow: Historiken går inte att verifiera mot kontrollpunkten {filed.checkpoint} "
        f"(sista raden i {CheckpointFile(ledger).description}): {fragment}, före kontrollpunkten vid rad "
        f"{filed.checkpoint.seq if filed.checkpoint else 0}: rader har klippts bort."
    )


def test_a_line_that_is_not_a_checkpoint_is_refused(recorded: World, database_url: str, ledger: Path) -> None:
    ledger.parent.mkdir(parents=True)
    ledger.write_text("12:beef\tyesterday\n", encoding="utf-8")
    code, _, err = verify_with(database_url, ledger)
    assert code == 2
    assert f"kgflow: Sista raden i {CheckpointFile(ledger).description} är ingen kontrollpunkt: " in err


def test_checkpoint_by_hand_files_and_mails_the_line(
    recorded: World, database_url: str, ledger: Path, smtp_server: SmtpServer
) -> None:
    result = kgflow(database_url, "audit", "checkpoint", "--file", str(ledger), "--mail", env=smtp_server.environment())
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    head = checkpoint(recorded.services)
    [line] = ledger.read_text(encoding="utf-8").splitlines()
    assert line.startswith(f"{head}\t")
    filed, mailed = result.stdout.splitlines()
    assert filed.startswith(f"Arkiverade {head} i ")
    assert str(ledger) in filed
    assert mailed.startswith(f"Mejlade {head} till nora.lind@npo-psykisk-halsa.example via ")
    assert f"smtp://{smtp_server.host}:{smtp_server.port}" in mailed
    [received] = smtp_server.received
    assert received.recipients == ["nora.lind@npo-psykisk-halsa.example"]
    message = received.message
    assert not message.is_multipart()
    body = message.get_content()
    assert line in body
    assert "Spara mejlet" in body
    assert f"kgflow audit verify --checkpoint {head}" in body
    assert "kontrollpunkt" in message["Subject"]
    assert kgflow(database_url, "audit", "checkpoint").stdout.strip() == str(head)
