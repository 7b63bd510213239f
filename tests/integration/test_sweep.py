"""The sweep (R11): rungs in order, each once, stopped by finishing the step; nothing for withdrawn items."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.service.delivery import send_notices
from kgflow.service.mail import Mail
from kgflow.service.sweep import sweep
from kgflow.testing import World
from tests.processes import kgflow, spawn
from tests.smtp import SmtpServer

ITEM = "psvf-adhd"
# NPO due 2027-03-31: Borlänge (a kommun) must answer by 2027-02-22. Its ladder:
# reminder 2027-02-15, notice 2027-02-22, escalation to LPO 2027-02-25, to RPO 2027-03-08.
DUE = date(2027, 3, 31)


@pytest.fixture
def referred(world: World) -> World:
    world.item(ITEM, "PSVF ADHD")
    world.refer(ITEM, DUE)
    return world


def mail_for(server: SmtpServer, address: str) -> list[str]:
    """The plain-text bodies the server received for ``address``."""
    return [
        r.message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        for r in server.received
        if address in r.recipients
    ]


def run_day(world: World, mail: Mail, day: date) -> int:
    world.clock.set(day)
    queued = sweep(world.services).total
    send_notices(world.services, mail)
    return queued


def test_rungs_fire_in_order_to_the_right_people(referred: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    w = referred
    assert run_day(w, smtp_mail, date(2027, 2, 5)) == 0  # the first reminder (the unit's) fires 2027-02-08
    run_day(w, smtp_mail, date(2027, 2, 15))
    assert any(
        "Borlänge – På remiss: Lämna remissvaret senast 2027-02-22" in body
        for body in mail_for(smtp_server, "bo.lund@borlange.example")
    )
    run_day(w, smtp_mail, date(2027, 2, 22))
    assert any(
        "Borlänge – På remiss: Lämna remissvaret senast i dag" in body
        for body in mail_for(smtp_server, "bo.lund@borlange.example")
    )
    assert not any("Borlänge" in body for body in mail_for(smtp_server, "sara.ek@lpo-dalarna.example"))
    run_day(w, smtp_mail, date(2027, 2, 25))
    assert any("Borlänge – På remiss: försenat med 3 arbetsdagar" in body and "Eskalerat till dig för LPO psykisk hälsa Dalarna" in body
               for body in mail_for(smtp_server, "sara.ek@lpo-dalarna.example"))  # fmt: skip
    assert not any("Borlänge" in body for body in mail_for(smtp_server, "rolf.berg@rpo-mellansverige.example"))
    run_day(w, smtp_mail, date(2027, 3, 8))
    assert any("Borlänge – På remiss: försenat med 10 arbetsdagar" in body
               for body in mail_for(smtp_server, "rolf.berg@rpo-mellansverige.example"))  # fmt: skip


def test_a_units_escalation_goes_to_its_huvudman(referred: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    run_day(referred, smtp_mail, date(2027, 2, 18))  # the unit was due 2027-02-15
    assert any("Elevhälsan Falun" in body for body in mail_for(smtp_server, "anna.andersson@falun.example"))


def test_each_rung_is_queued_once(referred: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    assert run_day(referred, smtp_mail, date(2027, 2, 15)) > 0
    delivered = len(smtp_server.received)
    assert run_day(referred, smtp_mail, date(2027, 2, 15)) == 0
    assert run_day(referred, smtp_mail, date(2027, 2, 16)) == 0
    assert len(smtp_server.received) == delivered


def test_finishing_the_step_stops_the_ladder(referred: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    run_day(referred, smtp_mail, date(2027, 2, 22))
    referred.clock.set(date(2027, 2, 23))
    referred.advance(ITEM, "Borlänge", "answer", "Bo Lund", ref="KS 2027/9")
    run_day(referred, smtp_mail, date(2027, 2, 25))
    run_day(referred, smtp_mail, date(2027, 3, 8))
    escalations = mail_for(smtp_server, "sara.ek@lpo-dalarna.example") + mail_for(
        smtp_server, "rolf.berg@rpo-mellansverige.example"
    )
    assert not any("Borlänge" in body for body in escalations)


def test_a_queued_notice_for_a_finished_step_is_cancelled(
    referred: World, smtp_mail: Mail, smtp_server: SmtpServer
) -> None:
    referred.clock.set(date(2027, 2, 25))
    assert sweep(referred.services).total > 0
    referred.advance(ITEM, "Borlänge", "answer", "Bo Lund", ref="KS 2027/9")
    report = send_notices(referred.services, smtp_mail)
    assert report.cancelled >= 1
    assert not any("Borlänge" in body for body in mail_for(smtp_server, "sara.ek@lpo-dalarna.example"))


def test_withdrawn_items_send_nothing(referred: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    referred.clock.set(date(2027, 2, 12))
    referred.advance(ITEM, "NPO psykisk hälsa", "withdraw", "Nora Lind", values={"reason": "Ersätts"})
    for day in (date(2027, 2, 15), date(2027, 2, 22), date(2027, 3, 8)):
        assert run_day(referred, smtp_mail, day) == 0
    assert smtp_server.received == []


def test_a_dry_run_counts_and_changes_nothing(referred: World) -> None:
    referred.clock.set(date(2027, 2, 15))
    counted = sweep(referred.services, dry_run=True).total
    assert counted > 0
    assert sweep(referred.services).total == counted


def test_two_sweeps_at_once_queue_nothing_twice(referred: World, database_url: str) -> None:
    referred.clock.set(date(2027, 3, 8))
    expected = sweep(referred.services, dry_run=True).total
    sweeps = [spawn(database_url, "sweep", "--json", today="2027-03-08") for _ in range(3)]
    outputs = [process.communicate(timeout=120) for process in sweeps]
    assert all(process.returncode == 0 for process in sweeps), outputs
    import json

    queued = sum(row.get("notices", 0) for out, _ in outputs for row in json.loads(out))
    assert queued == expected
    assert kgflow(database_url, "sweep", "--json", today="2027-03-08").stdout.strip() == "[]"
