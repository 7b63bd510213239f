"""Implementation plans (R19) on both databases: who may change them, all-or-nothing imports, history and audit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kgflow.domain import records
from kgflow.domain.errors import HistoryBroken, NotAuthorised, UsageError
from kgflow.domain.plans import ActivityStatus, Draft, sheet_drafts, sheet_row
from kgflow.reports.plan_sheet import read_sheet, write_sheet
from kgflow.service.audit import verify
from kgflow.service.mail import Mail
from kgflow.service.plans import (
    add_activity,
    change_activity,
    import_plan,
    mark_activity,
    remove_activity,
    show_plan,
)
from kgflow.testing import World
from tests.smtp import SmtpServer
from tests.tamper import plain_sql

ITEM = "psvf-adhd"
LPO = "lpo-dalarna"


@pytest.fixture
def planned(world: World) -> World:
    """PSVF ADHD with a plan of three activities in Dalarna, the third carried out by Bo Lund."""
    world.item(ITEM, "PSVF ADHD")
    secretary = world.people["Sara Ek"]
    for draft in (
        Draft("LGVO", "Information om PSVF", "Möten LGVO", "Utvecklingsledare", "Vid behov"),
        Draft("Socialchefsnätverket", "Information om PSVF", "Möte", "Utvecklingsledare", "2027-03-31"),
        Draft("Elevhälsonätverk", "Information om PSVF", "Webbinarium", "Bo Lund", "VT 2027"),
    ):
        add_activity(world.services, ITEM, LPO, draft, actor=secretary)
    return world


def _head(world: World) -> int:
    with world.services.uow() as uow:
        head = uow.history.head()
    return head.seq if head else 0


def _plan_rows(world: World) -> list[tuple[str, str]]:
    with world.services.uow() as uow:
        return [
            (row.event, row.fields)
            for row in uow.history.chain()
            if row.instance_id is None and row.event in (records.ACTIVITY, records.ACTIVITY_REMOVED)
        ]


def test_each_change_writes_its_history_row_and_the_audit_vouches_for_the_plan(planned: World) -> None:
    assert len(_plan_rows(planned)) == 3
    mark_activity(planned.services, ITEM, LPO, 2, "genomförd", "Möte 2027-03-10", actor=planned.people["Olof Ek"])
    change_activity(planned.services, ITEM, LPO, 1, {"venue": "LGVO AU"}, actor=planned.people["Sara Ek"])
    remove_activity(planned.services, ITEM, LPO, 3, actor=planned.people["Sara Ek"])
    rows = _plan_rows(planned)
    assert [event for event, _ in rows] == [records.ACTIVITY] * 5 + [records.ACTIVITY_REMOVED]
    assert '"status": "done"' in rows[3][1] or '"status":"done"' in rows[3][1]
    view = show_plan(planned.services, ITEM, "Region Dalarna")
    assert [(a.number, a.venue, a.status) for a in view.activities] == [
        (1, "LGVO AU", ActivityStatus.PLANNED),
        (2, "Möte", ActivityStatus.DONE),
    ]
    assert view.activities[1].note == "Möte 2027-03-10"
    assert verify(planned.services).ok


def test_an_activity_changed_behind_kgflows_back_fails_the_audit(planned: World, database_url: str) -> None:
    plain_sql(database_url, ["UPDATE plan_activity SET status = 'done' WHERE number = 2"])
    with pytest.raises(HistoryBroken, match="planaktiviteten 'psvf-adhd/lpo-dalarna/2'"):
        verify(planned.services)


def test_someone_who_does_not_keep_the_plan_is_refused_and_nothing_changes(planned: World) -> None:
    before = _head(planned)
    with pytest.raises(NotAuthorised, match="sekreterare eller ordförande"):
        add_activity(planned.services, ITEM, LPO, Draft("LAG", "Info", "", "", "VT 2027"), actor="vera.holm")
    with pytest.raises(NotAuthorised, match="den som genomför aktiviteten"):
        mark_activity(planned.services, ITEM, LPO, 2, "genomförd", None, actor="bo.lund")
    assert _head(planned) == before
    assert show_plan(planned.services, ITEM, LPO).activities[1].status is ActivityStatus.PLANNED


def test_the_person_an_activity_names_may_mark_it_but_not_change_it(planned: World) -> None:
    assert show_plan(planned.services, ITEM, LPO).activities[2].performer_code == "bo.lund"
    marked = mark_activity(planned.services, ITEM, LPO, 3, "inställd", "Nätverket lades ned", actor="bo.lund")
    assert marked.status is ActivityStatus.CANCELLED
    with pytest.raises(NotAuthorised):
        change_activity(planned.services, ITEM, LPO, 3, {"schedule": "HT 2027"}, actor="bo.lund")
    assert verify(planned.services).ok


def test_an_import_with_bad_rows_lists_each_and_applies_nothing(planned: World) -> None:
    before = _head(planned)
    header = ["målgrupp", "VAD", "Var", "Genomforande", "Tidplan", "Status"]
    rows = [
        (2, ["LAG vuxna", "Information", "Möte", "Utvecklingsledare", "HT 2027", ""]),
        (3, ["", "Information", "Möte", "Utvecklingsledare", "HT 2027", ""]),
        (4, ["NSPH", "Information", "Möte", "Utvecklingsledare", "snart", ""]),
        (5, ["Primärvården", "Information", "Möte", "Utvecklingsledare", "VT 2027", "pågår"]),
    ]
    with pytest.raises(UsageError) as refused:
        import_plan(planned.services, ITEM, LPO, sheet_drafts(header, rows), actor=planned.people["Sara Ek"])
    said = str(refused.value)
    assert "ingenting ändrades" in said
    assert "Rad 3: Målgrupp saknas" in said
    assert "Rad 4: Tidplanen 'snart'" in said
    assert "Rad 5: Statusen 'pågår'" in said
    assert "Rad 2" not in said
    assert _head(planned) == before
    assert [a.target_group for a in show_plan(planned.services, ITEM, LPO).activities] == [
        "LGVO",
        "Socialchefsnätverket",
        "Elevhälsonätverk",
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_export_imports_unchanged_and_a_changed_sheet_replaces_the_plan(
    planned: World, tmp_path: Path, suffix: str
) -> None:
    secretary = planned.people["Sara Ek"]
    change_activity(planned.services, ITEM, LPO, 1, {"what": "-Information om PSVF"}, actor=secretary)
    path = tmp_path / f"plan{suffix}"
    write_sheet(path, [sheet_row(a) for a in show_plan(planned.services, ITEM, LPO).activities], "Aktivitetslista")
    before = _head(planned)
    result = import_plan(planned.services, ITEM, LPO, sheet_drafts(*read_sheet(path)), actor=secretary)
    assert (result.activities, result.recorded, result.removed) == (3, 0, 0)
    assert _head(planned) == before
    header, rows = read_sheet(path)
    result = import_plan(planned.services, ITEM, LPO, sheet_drafts(header, rows[:1]), actor=secretary)
    assert (result.activities, result.recorded, result.removed) == (1, 0, 2)
    assert [a.what for a in show_plan(planned.services, ITEM, LPO).activities] == ["-Information om PSVF"]
    assert verify(planned.services).ok


def test_a_plan_belongs_to_an_lpo(planned: World) -> None:
    with pytest.raises(UsageError, match="inget LPO"):
        show_plan(planned.services, ITEM, "falun-elevhalsa")


def _plan_notices(world: World) -> list[tuple[str, str, int]]:
    """(rung, person, activity number) of every notice about a plan activity, in the order queued."""
    from sqlalchemy import select

    from kgflow.persistence.tables import notice, person, plan_activity

    query = (
        select(notice.c.rung, person.c.code, plan_activity.c.number)
        .join(person, person.c.id == notice.c.person_id)
        .join(plan_activity, plan_activity.c.id == notice.c.activity_id)
        .order_by(notice.c.id)
    )
    with world.app.database.engine.connect() as connection:
        return [(row.rung, row.code, row.number) for row in connection.execute(query)]


def test_a_late_dated_activity_is_chased_once_and_escalated_after_five_working_days(planned: World) -> None:
    from datetime import date

    from kgflow.service.sweep import sweep

    planned.refer(ITEM, date(2027, 3, 31))  # the item reaches LPO Dalarna
    planned.clock.set(date(2027, 3, 31))
    assert sweep(planned.services).activities == {}  # due today: not late yet
    planned.clock.set(date(2027, 4, 1))
    assert sweep(planned.services, dry_run=True).activities == {"notice": 1}
    assert sweep(planned.services).activities == {"notice": 1}
    assert sweep(planned.services).activities == {}
    # Activity 2 names no person: its LPO's secretary is told, and there is no one else to escalate to.
    assert _plan_notices(planned) == [("notice", "sara.ek", 2)]
    planned.clock.set(date(2027, 7, 8))  # VT 2027 ended on 30 June; five working days on is 7 July
    assert sweep(planned.services).activities == {"escalation-1": 1, "notice": 1}
    assert sorted(_plan_notices(planned)[1:]) == [("escalation-1", "sara.ek", 3), ("notice", "bo.lund", 3)]
    planned.clock.set(date(2035, 1, 1))
    assert sweep(planned.services).activities == {}  # "Vid behov" is never late


def test_an_activity_marked_before_the_mail_goes_out_is_not_sent(planned: World) -> None:
    from datetime import date

    from kgflow.service.sweep import sweep

    planned.refer(ITEM, date(2027, 3, 31))
    planned.clock.set(date(2027, 4, 1))
    sweep(planned.services)
    mark_activity(planned.services, ITEM, LPO, 2, "genomförd", None, actor=planned.people["Sara Ek"])
    with planned.services.uow(write=True) as uow:
        assert uow.outbox.cancel_finished() == 1
        uow.commit()


def test_a_secretary_who_carries_out_an_activity_herself_is_not_escalated_to(planned: World) -> None:
    from datetime import date

    from kgflow.service.sweep import sweep

    secretary = planned.people["Sara Ek"]
    draft = Draft("LAG vuxna", "Information om PSVF", "Möte", "Sara Ek", "2027-03-31")
    assert add_activity(planned.services, ITEM, LPO, draft, actor=secretary).performer_code == secretary
    planned.refer(ITEM, date(2027, 3, 31))
    planned.clock.set(date(2027, 5, 3))
    assert sweep(planned.services).activities == {"notice": 2}  # activities 2 and 4, both to her, once each
    assert sorted(_plan_notices(planned)) == [("notice", "sara.ek", 2), ("notice", "sara.ek", 4)]


def test_a_plan_is_not_chased_while_its_lpo_holds_the_item(planned: World, database_url: str) -> None:
    from datetime import date

    from kgflow.service.sweep import sweep

    planned.refer(ITEM, date(2027, 3, 31))
    held = (
        "UPDATE instance SET held_since = '2027-03-01' WHERE org_id = (SELECT id FROM organisation WHERE code = '{}')"
    )
    plain_sql(database_url, [held.format(LPO)])  # as a hold (R16) leaves it, without the steps that lead there
    planned.clock.set(date(2027, 4, 1))
    assert sweep(planned.services).activities == {}


def test_with_a_web_address_a_late_activity_links_to_the_plans_page(
    planned: World, smtp_mail: Mail, smtp_server: SmtpServer
) -> None:
    from datetime import date

    from kgflow.service.delivery import send_notices
    from kgflow.service.sweep import sweep

    planned.refer(ITEM, date(2027, 3, 31))
    planned.clock.set(date(2027, 4, 1))
    sweep(planned.services)
    send_notices(planned.services, replace(smtp_mail, web_url="https://kgflow.example.se"))
    [mail] = [r.message for r in smtp_server.received if "sara.ek@lpo-dalarna.example" in r.recipients]
    text = mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "aktivitet 2 i implementeringsplanen" in text
    assert f"https://kgflow.example.se/plan/{ITEM}/{LPO}" in text
