"""The scheduler files the history's checkpoint through real APScheduler: a line in the file and a mail, once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kgflow.service.audit import checkpoint
from kgflow.testing import World
from tests.processes import scheduler
from tests.smtp import SmtpServer


def checkpoint_mails(server: SmtpServer) -> list[str]:
    return [r.message.get_content() for r in server.received if "kontrollpunkt" in r.message["Subject"]]


def test_the_scheduler_files_and_mails_the_checkpoint_once_per_new_head(
    world: World, database_url: str, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    world.item("psvf-adhd", "PSVF ADHD")
    world.refer("psvf-adhd", date(2027, 3, 31))
    ledger = tmp_path / "diarium" / "checkpoints.txt"
    env = {**smtp_server.environment(), "KGFLOW_SCHEDULER_LEASE_SECONDS": "3", "KGFLOW_CHECKPOINT_FILE": str(ledger)}
    head = checkpoint(world.services)
    for expected in (" sparad i ", "Kontrollpunkt: inget nytt att spara (historiken står på "):
        running = scheduler(database_url, env)
        try:
            running.wait_for("Har schemaläggarens lås; kommer ikapp nu.")
            line = running.wait_for(expected)
        finally:
            running.stop()
        assert str(head) in line
        assert running.process.returncode == 0, running.stderr
    [filed] = ledger.read_text(encoding="utf-8").splitlines()
    assert filed.startswith(f"{head}\t")
    [body] = checkpoint_mails(smtp_server)
    assert filed in body
    assert [r.recipients for r in smtp_server.received if "kontrollpunkt" in r.message["Subject"]] == [
        ["nora.lind@npo-psykisk-halsa.example"]
    ]
