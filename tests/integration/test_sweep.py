"""The sweep (R11): rungs in order to whom they name, each once, caught up after a pause, stopped by finishing
the step; nothing for withdrawn items or held steps."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from kgflow.domain.calendar import working_days_after
from kgflow.persistence.database import Database
from kgflow.persistence.tables import instance, organisation
from kgflow.service.delivery import send_notices
from kgflow.service.mail import Mail
from kgflow.service.queries import status
from kgflow.service.sweep import rungs_written, sweep
from kgflow.testing import World
from tests.processes import kgflow, spawn
from tests.smtp import SmtpServer

ITEM = "psvf-adhd"
# NPO due 2027-03-31: Borlänge (a kommun) must answer by 2027-02-22. Its ladder: reminder 2027-02-15,
# notice 2027-02-22, escalation to the LPO's sekreterare 2027-02-25, to the LPO's ordförande 2027-03-08.
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
        "Borlänge – På remiss: Lämna remissvaret, svar senast 2027-02-22" in body
        for body in mail_for(smtp_server, "bo.lund@borlange.example")
    )
    run_day(w, smtp_mail, date(2027, 2, 22))
    assert any(
        "Borlänge – På remiss: Lämna remissvaret, svar senast i dag" in body
        for body in mail_for(smtp_server, "bo.lund@borlange.example")
    )
    assert not any("Borlänge" in body for body in mail_for(smtp_server, "sara.ek@lpo-dalarna.example"))
    run_day(w, smtp_mail, date(2027, 2, 25))
    assert any("Eskalerat till dig som sekreterare i LPO psykisk hälsa Dalarna: Borlänge har inte lämnat remissvar"
               " — försenat med 3 arbetsdagar" in body
               for body in mail_for(smtp_server, "sara.ek@lpo-dalarna.example"))  # fmt: skip
    assert not any("Borlänge" in body for body in mail_for(smtp_server, "olof.ek@lpo-dalarna.example"))
    run_day(w, smtp_mail, date(2027, 3, 8))
    assert any("Eskalerat till dig som ordförande i LPO psykisk hälsa Dalarna: Borlänge har inte lämnat remissvar"
               " — försenat med 10 arbetsdagar" in body
               for body in mail_for(smtp_server, "olof.ek@lpo-dalarna.example"))  # fmt: skip
    # The RPO is not a line manager of the kommuner.
    assert not any("Borlänge" in body for body in mail_for(smtp_server, "rolf.berg@rpo-mellansverige.example"))


def test_a_units_escalation_goes_to_the_lpo_of_its_huvudman(
    referred: World, smtp_mail: Mail, smtp_server: SmtpServer
) -> None:
    run_day(referred, smtp_mail, date(2027, 2, 18))  # the unit was due 2027-02-15
    assert any(
        "som sekreterare i LPO psykisk hälsa Dalarna: Elevhälsan Falun har inte lämnat remissvar" in body
        for body in mail_for(smtp_server, "sara.ek@lpo-dalarna.example")
    )
    assert not any("Elevhälsan Falun" in body for body in mail_for(smtp_server, "anna.andersson@falun.example"))


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
        smtp_server, "olof.ek@lpo-dalarna.example"
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


def rungs(world: World, org: str) -> set[tuple[str, str, str]]:
    """(rung, person, status) of every rung written for the current step of the item at ``org``."""
    return {(r.rung, r.person_code, r.status) for r in rungs_written(world.services, ITEM, org)}


def test_a_sweep_after_a_long_pause_tells_the_late_kommun_once_sends_the_highest_rung_and_records_the_rest(
    referred: World, smtp_mail: Mail, smtp_server: SmtpServer
) -> None:
    # Nothing ran until Borlänge was ten working days late: all four rungs are due at once.
    run_day(referred, smtp_mail, date(2027, 3, 8))
    assert rungs(referred, "borlange") == {
        ("reminder", "bo.lund", "skipped"),
        ("notice", "bo.lund", "sent"),
        ("escalation-1", "sara.ek", "skipped"),
        ("escalation-2", "olof.ek", "sent"),
    }
    [told] = [body for body in mail_for(smtp_server, "bo.lund@borlange.example") if "Borlänge" in body]
    assert "Lämna remissvaret snarast; sista dagen för svar var 2027-02-22" in told
    assert not any("Borlänge" in body for body in mail_for(smtp_server, "sara.ek@lpo-dalarna.example"))
    received = len(smtp_server.received)
    assert run_day(referred, smtp_mail, date(2027, 3, 8)) == 0
    assert run_day(referred, smtp_mail, date(2027, 3, 9)) == 0
    assert len(smtp_server.received) == received


def test_a_kommun_told_already_is_not_told_again_when_rungs_are_caught_up(
    referred: World, smtp_mail: Mail, smtp_server: SmtpServer
) -> None:
    run_day(referred, smtp_mail, date(2027, 2, 15))
    run_day(referred, smtp_mail, date(2027, 3, 8))
    assert rungs(referred, "borlange") == {
        ("reminder", "bo.lund", "sent"),
        ("notice", "bo.lund", "skipped"),
        ("escalation-1", "sara.ek", "skipped"),
        ("escalation-2", "olof.ek", "sent"),
    }


def test_a_held_step_is_not_chased_nor_counted(referred: World, smtp_mail: Mail, database_url: str) -> None:
    hold(database_url, "borlange")
    referred.clock.set(date(2027, 3, 8))
    counted = sweep(referred.services, dry_run=True)
    run_day(referred, smtp_mail, date(2027, 3, 8))
    assert rungs(referred, "borlange") == set()
    assert rungs(referred, "falun") != set()
    # Falun's four rungs are counted, Borlänge's not: dry run and sweep agree.
    assert counted.total == sum(1 for rung in rungs_written_everywhere(referred) if rung[2] != "skipped")


def test_an_rpo_is_chased_for_its_own_compiled_answer_by_its_own_chair(
    referred: World, smtp_mail: Mail, smtp_server: SmtpServer
) -> None:
    referred.person("Rita Borg", "ordforande", "RPO psykisk hälsa Mellansverige")
    run_day(referred, smtp_mail, date(2027, 3, 15))  # the RPO answers by 2027-03-22
    run_day(referred, smtp_mail, date(2027, 3, 22))
    run_day(referred, smtp_mail, date(2027, 3, 25))
    assert rungs(referred, "rpo-mellansverige") == {
        ("reminder", "rolf.berg", "sent"),
        ("notice", "rolf.berg", "sent"),
        ("escalation-1", "rita.borg", "sent"),
    }
    assert any(
        "Eskalerat till dig som ordförande i RPO psykisk hälsa Mellansverige: RPO psykisk hälsa Mellansverige"
        " har inte lämnat remissvar" in body
        for body in mail_for(smtp_server, "rita.borg@rpo-mellansverige.example")
    )
    assert not any("Mellansverige –" in body for body in mail_for(smtp_server, "nora.lind@npo-psykisk-halsa.example"))


def test_a_local_decision_left_undone_goes_to_the_chair_of_the_forum_of_the_lan(
    referred: World, smtp_mail: Mail, smtp_server: SmtpServer
) -> None:
    referred.clock.set(date(2027, 4, 1))
    referred.answer_below(ITEM, "NPO psykisk hälsa", including=True)
    referred.advance(ITEM, "NPO psykisk hälsa", "adopt", "Nora Lind", ref="SKS 2027:1",
                     values={"date": "2027-04-01"})  # fmt: skip
    [due] = {line.row.due for line in status(referred.services, ITEM, "lpo-dalarna") if line.row.org == "lpo-dalarna"}
    assert due is not None
    # 15 working days after the deadline: the LPO's chair was told, now the forum's chair.
    run_day(referred, smtp_mail, working_days_after(due, 15))
    assert rungs(referred, "lpo-dalarna") == {
        ("reminder", "sara.ek", "skipped"),
        ("notice", "sara.ek", "sent"),
        ("escalation-1", "olof.ek", "skipped"),
        ("escalation-2", "greta.lund", "sent"),
        ("escalation-2", "maja.oberg", "sent"),
    }
    assert any(
        "Eskalerat till dig som ordförande i Länschefsnätverket Dalarna: LPO psykisk hälsa Dalarna har inte fattat"
        " lokalt beslut" in body
        for body in mail_for(smtp_server, "greta.lund@lanschefsnatverket-dalarna.example")
    )
    # Värmland has no forum in the chain: its LPO's late decision reaches no forum's chair.
    assert ("escalation-2", "greta.lund", "sent") not in rungs(referred, "lpo-varmland")


def hold(database_url: str, org: str) -> None:
    """Mark ``org``'s step held straight in the table: the sweep's rule is about held steps however they came to be
    held (the hold service, R16, holds a län's steps after adoption; these are remiss steps)."""
    database = Database.from_url(database_url)
    try:
        with database.engine.begin() as connection:
            at = select(organisation.c.id).where(organisation.c.code == org)
            connection.execute(update(instance).where(instance.c.org_id.in_(at)).values(held_since=date(2027, 2, 1)))
    finally:
        database.dispose()


def rungs_written_everywhere(world: World) -> list[tuple[str, str, str]]:
    return [
        (r.rung, r.person_code, r.status)
        for line in status(world.services, ITEM)
        for r in rungs_written(world.services, ITEM, line.row.org)
    ]


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
