"""Priority and hold (R16) on SQLite and PostgreSQL: one transaction over the län's tree, no late steps, shifted deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.domain.calendar import working_days_after, working_days_between
from kgflow.domain.errors import NotAuthorised, TransitionRefused, UsageError
from kgflow.service.audit import verify
from kgflow.service.overdue import overdue
from kgflow.service.ports import StatusRow
from kgflow.service.queries import history, status
from kgflow.service.todo import todo
from kgflow.testing import World

ITEM = "psvf-adhd"
LPO = "LPO psykisk hälsa Dalarna"
DALARNA = {"lpo-dalarna", "lag-dalarna-vuxna", "region-dalarna", "falun", "falun-elevhalsa", "borlange"}
HELD = {"reason": "Väntar på regional handlingsplan", "review": "2027-09-01"}

JOINT_FORUM = "Länsgemensam ledningsgrupp Dalarna"  # decides for region and kommuner together (R6)


@pytest.fixture
def decided(world: World) -> World:
    """PSVF ADHD adopted, LPO Dalarna has decided (GAP due 2027-04-29), and it is 2027-05-10: Dalarna is late."""
    world.item(ITEM, "PSVF ADHD")
    world.refer(ITEM, date(2027, 3, 31))
    world.answer_below(ITEM, "NPO psykisk hälsa", including=True)
    world.advance(ITEM, "NPO psykisk hälsa", "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-02-01"})
    world.advance(ITEM, LPO, "decide", "Sara Ek", ref="LPO 2027:3", values={"body": JOINT_FORUM})
    world.clock.set(date(2027, 5, 10))
    return world


def _rows(world: World) -> dict[str, StatusRow]:
    return {line.row.org: line.row for line in status(world.services, ITEM)}


def _late(world: World) -> set[str]:
    return {entry.line.row.org for entry in overdue(world.services)}


def test_a_held_lan_is_not_late_and_other_lan_are(decided: World) -> None:
    assert {"falun", "borlange", "region-dalarna", "lpo-varmland"} <= _late(decided)
    result = decided.hold_step(ITEM, LPO, "hold", "Sara Ek", values=HELD)
    assert result.affected == len(DALARNA)
    late = _late(decided)
    assert late.isdisjoint(DALARNA)
    assert "lpo-varmland" in late
    rows = _rows(decided)
    for code in DALARNA:
        assert (rows[code].held_since, rows[code].review_on) == (date(2027, 5, 10), date(2027, 9, 1)), code
    for code in ("lpo-varmland", "karlstad", "rpo-mellansverige", "npo-psykisk-halsa"):
        assert rows[code].held_since is None, code
    assert status(decided.services, ITEM, "lpo-dalarna", late=True) == []


def test_every_held_instance_has_its_history_row_from_one_commit(decided: World) -> None:
    decided.hold_step(ITEM, LPO, "hold", "Sara Ek", values=HELD)
    last = {code: history(decided.services, ITEM, code)[1][-1].record for code in DALARNA}
    assert {record.event for record in last.values()} == {"hold"}
    assert len({record.at for record in last.values()}) == 1
    assert all(record.fields["reason"] == HELD["reason"] for record in last.values())
    assert last["falun"].fields["cause"] == "hold by lpo-dalarna"
    assert "cause" not in last["lpo-dalarna"].fields
    assert history(decided.services, ITEM, "karlstad")[1][-1].record.event != "hold"
    assert verify(decided.services).ok


def test_resuming_moves_each_held_deadline_on_by_the_working_days_held(decided: World) -> None:
    before = _rows(decided)
    decided.hold_step(
        ITEM, LPO, "hold", "Sara Ek", note="Väntar på regional handlingsplan", values={"review": "2027-09-01"}
    )
    decided.clock.set(date(2027, 6, 7))
    result = decided.hold_step(ITEM, LPO, "resume", "Olof Ek")
    days = working_days_between(date(2027, 5, 10), date(2027, 6, 7))
    assert (result.held_days, days) == (20, 20)
    after = _rows(decided)
    for code in DALARNA:
        old, new = before[code], after[code]
        assert (new.held_since, new.review_on) == (None, None), code
        expected = working_days_after(old.due, days) if old.due else None
        assert new.due == expected, code
    assert after["lpo-varmland"].due == before["lpo-varmland"].due
    falun = history(decided.services, ITEM, "falun")[1][-1].record
    assert (falun.event, falun.fields["held_days"]) == ("resume", 20)
    late = {entry.line.row.org: entry.days_late for entry in overdue(decided.services)}
    falun_due = before["falun"].due
    assert falun_due is not None
    assert late["falun"] == working_days_between(falun_due, date(2027, 5, 10))
    assert verify(decided.services).ok


def test_a_kommun_contact_may_not_hold_and_nothing_changes(decided: World) -> None:
    rows_before = len(history(decided.services, ITEM, "falun")[1])
    with pytest.raises(NotAuthorised):
        decided.hold_step(ITEM, LPO, "hold", "Anna Andersson", values=HELD)
    with pytest.raises(TransitionRefused):
        decided.hold_step(ITEM, "Falun", "hold", "Anna Andersson", values=HELD)
    assert len(history(decided.services, ITEM, "falun")[1]) == rows_before
    assert _rows(decided)["falun"].held_since is None


def test_a_step_taken_while_held_is_not_marked_late(decided: World) -> None:
    decided.hold_step(ITEM, LPO, "hold", "Sara Ek", values=HELD)
    result = decided.advance(ITEM, "Falun", "complete_gap", "Anna Andersson", ref="GAP 1", values={"gaps": 2})
    assert not result.late
    assert "late" not in history(decided.services, ITEM, "falun")[1][-1].record.fields


def test_todo_late_leaves_held_steps_out(decided: World) -> None:
    assert [entry.row.org for entry in todo(decided.services, "anna.andersson", late=True).waiting] == ["falun"]
    decided.hold_step(ITEM, LPO, "hold", "Sara Ek", values=HELD)
    assert todo(decided.services, "anna.andersson", late=True).waiting == ()


@pytest.mark.parametrize(
    ("step", "values", "error", "words"),
    [
        ("hold", {"review": "2027-09-01"}, UsageError, "En paus behöver ett skäl"),
        ("hold", {"reason": "x"}, UsageError, "dag för omprövning"),
        ("hold", {"reason": "x", "review": "2027-05-10"}, UsageError, "efter i dag"),
        ("hold", {"reason": "x", "review": "1 maj"}, UsageError, "inget datum"),
        ("resume", {}, TransitionRefused, "inte pausat"),
        ("prioritise", {"priority": "brådskande"}, UsageError, "hög, normal eller låg"),
        ("prioritise", {"level": "3"}, UsageError, "tar inget värde 'level'"),
    ],
    ids=["no-reason", "no-review", "review-today", "review-not-a-date", "resume-unheld", "bad-priority", "bad-key"],
)
def test_refusals_are_one_sentence_and_change_nothing(
    decided: World, step: str, values: dict[str, object], error: type[Exception], words: str
) -> None:
    rows_before = len(history(decided.services, ITEM, "lpo-dalarna")[1])
    with pytest.raises(error, match=words):
        decided.hold_step(ITEM, LPO, step, "Sara Ek", values=values)
    assert len(history(decided.services, ITEM, "lpo-dalarna")[1]) == rows_before


def test_holding_twice_is_refused_and_priority_words_are_accepted_in_english(decided: World) -> None:
    decided.hold_step(ITEM, LPO, "hold", "Sara Ek", values=HELD)
    with pytest.raises(TransitionRefused, match="redan pausat"):
        decided.hold_step(ITEM, LPO, "hold", "Sara Ek", values=HELD)
    decided.hold_step(ITEM, LPO, "prioritise", "Olof Ek", values={"priority": "High"})
    assert _rows(decided)["lpo-dalarna"].priority == "high"
    assert _rows(decided)["falun"].priority is None


def test_no_hold_before_adoption(world: World) -> None:
    world.item(ITEM, "PSVF ADHD")
    world.refer(ITEM, date(2027, 3, 31))
    with pytest.raises(TransitionRefused, match="fastställt"):
        world.hold_step(ITEM, LPO, "hold", "Sara Ek", values=HELD)
