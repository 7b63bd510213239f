"""Bulk entry set-based (issue 16): as many statements for 40 rows as for 4, and the same history as one by one.

On both databases: the statements sent are counted with a listener on the real
engine; the history a file writes is compared field by field with the history
of the same steps taken one ``advance`` at a time on a twin item.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event

from kgflow.domain.errors import RowsRefused, TransitionRefused
from kgflow.service.advance import AdvanceRequest, advance
from kgflow.service.audit import verify
from kgflow.service.bulk_advance import BulkStep, advance_rows
from kgflow.service.ports import InstanceChange
from kgflow.service.queries import status
from kgflow.testing import World

ONE, TWIN = "psvf-sjalvskada", "psvf-tvilling"
DUE = date(2027, 3, 31)
NPO, LPO = "NPO psykisk hälsa", "LPO psykisk hälsa Dalarna"
SECRETARY = "sara.ek"
VARMLAND = [f"varmland-{n}" for n in range(40)]


def step(line: int, item: str, org: str, event_name: str, ref: str | None = None, **values: object) -> BulkStep:
    pairs = tuple(f"{key}={value}" for key, value in values.items())
    return BulkStep(line, AdvanceRequest(item, org, event_name, None, ref=ref, values=pairs))


def one_by_one(world: World, steps: Sequence[BulkStep], item: str) -> None:
    for taken in steps:
        request = taken.request
        advance(world.services, AdvanceRequest(item, request.org, request.event, SECRETARY, request.ref,
                                               values=request.values))  # fmt: skip


def retargeted(steps: Sequence[BulkStep], item: str) -> list[BulkStep]:
    return [BulkStep(s.line, AdvanceRequest(item, s.request.org, s.request.event, None, s.request.ref,
                                            values=s.request.values)) for s in steps]  # fmt: skip


def histories(world: World, item: str, orgs: Sequence[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Each organisation's history rows, every field but the time (the item's own code is not in them)."""
    found = {}
    with world.services.uow() as uow:
        for org in orgs:
            subject = uow.instances.subject_by_codes(item, org)
            assert subject is not None
            found[org] = [
                (r.actor, r.login, r.on_behalf, r.event, r.from_state, r.to_state, r.item_version, r.level,
                 r.target_level, dict(r.fields), r.note)
                for r in uow.history.for_instance(subject.instance.id)
            ]  # fmt: skip
    return found


def states(world: World, item: str) -> dict[str, tuple[str, int | None]]:
    return {line.row.org: (line.row.state, line.row.level) for line in status(world.services, item, None)}


@contextmanager
def counted(world: World) -> Iterator[list[str]]:
    sent: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        sent.append(statement)

    engine = world.app.database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def twins(world: World) -> World:
    """Two items referred alike: one to take by file, its twin one step at a time."""
    for item, title in ((ONE, "PSVF Självskada"), (TWIN, "PSVF Tvilling")):
        world.item(item, title)
        world.refer(item, DUE)
    return world


@pytest.fixture
def decided_twins(twins: World) -> World:
    """Both items adopted and decided in Dalarna: its huvudmän are in their GAP analysis, target level 2."""
    for item in (ONE, TWIN):
        twins.answer_below(item, NPO, including=True)
        twins.advance(item, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})
        twins.advance(item, LPO, "decide", "Sara Ek", ref="LPO 2027:3", values={"body": "Länsgemensam ledningsgrupp Dalarna"})  # fmt: skip
    return twins


REMISS_ROWS = [
    step(2, ONE, "falun-elevhalsa", "answer", "EH 1"),
    step(3, ONE, "falun", "answer", "KS 2"),  # R4: once its unit has answered, in the row above
    step(4, ONE, "borlange", "decline", reason="Ingen verksamhet"),
    step(5, ONE, "region-dalarna", "answer", "RS 9"),
    step(6, ONE, "lag-dalarna-vuxna", "answer", "LAG 1"),
]
LEVEL_ROWS = [
    step(2, ONE, "falun", "reach_level", level=1),
    step(3, ONE, "falun", "reach_level", level=2),  # on the level the row above reached: now implemented
    step(4, ONE, "borlange", "complete_gap", "GAP 1", gaps=2),
    step(5, ONE, "borlange", "reach_level", level=1),
    step(6, ONE, "region-dalarna", "complete_gap", "GAP 2", gaps=0),
]


def test_a_file_of_answers_writes_the_history_the_same_steps_write_one_by_one(twins: World) -> None:
    twins.clock.set(date(2027, 3, 30))  # past the kommuner's own due days: late answers (R3)
    same_history_as_one_by_one(twins, REMISS_ROWS)
    [*_, answered] = histories(twins, ONE, ["falun"])["falun"]
    assert answered[9]["late"] is True
    assert answered[9]["days_late"] > 0


def test_a_file_of_levels_writes_the_history_the_same_steps_write_one_by_one(decided_twins: World) -> None:
    same_history_as_one_by_one(decided_twins, LEVEL_ROWS)


def same_history_as_one_by_one(world: World, rows: list[BulkStep]) -> None:
    orgs = sorted({row.request.org for row in rows})
    one_by_one(world, retargeted(rows, TWIN), TWIN)
    done = advance_rows(world.services, rows, SECRETARY)
    assert [row.line for row in done] == [row.line for row in rows]
    assert histories(world, ONE, orgs) == histories(world, TWIN, orgs)
    ours, theirs = states(world, ONE), states(world, TWIN)
    assert {org: ours[org] for org in orgs} == {org: theirs[org] for org in orgs}
    assert verify(world.services).rows > 0  # the chain a file appends verifies


def test_a_level_reached_twice_in_one_file_is_refused_as_one_step_would_be(decided_twins: World) -> None:
    rows = [step(2, ONE, "falun", "reach_level", level=1), step(3, ONE, "falun", "reach_level", level=1)]
    before = states(decided_twins, ONE)
    with pytest.raises(RowsRefused) as refused:
        advance_rows(decided_twins.services, rows, SECRETARY)
    [problem] = refused.value.problems
    assert problem.line == 3
    one_by_one(decided_twins, retargeted(rows[:1], TWIN), TWIN)
    with pytest.raises(TransitionRefused) as single:
        one_by_one(decided_twins, retargeted(rows[1:], TWIN), TWIN)
    assert str(problem.error) == str(single.value)
    assert states(decided_twins, ONE) == before  # nothing of the file, not even row 2


def test_rows_below_a_step_taken_on_its_own_see_what_it_did(twins: World) -> None:
    """The LPO's decision (a forum and a cascade: one by one) opens the GAP analysis the rows below it use."""
    twins.answer_below(ONE, NPO, including=True)
    twins.advance(ONE, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})
    rows = [
        step(2, ONE, "falun", "reach_level", level=1),  # refused: no decision yet
        step(3, ONE, "lpo-dalarna", "decide", "LPO 2027:3", body="Länsgemensam ledningsgrupp Dalarna"),
        step(4, ONE, "borlange", "reach_level", level=1),
    ]
    with pytest.raises(RowsRefused) as refused:
        advance_rows(twins.services, rows, SECRETARY)
    assert [problem.line for problem in refused.value.problems] == [2]
    done = advance_rows(twins.services, rows[1:], SECRETARY)
    assert [(row.line, row.result.to_state) for row in done] == [(3, "decided"), (4, "gap_analysis")]  # type: ignore[union-attr]
    assert states(twins, ONE)["borlange"] == ("gap_analysis", 1)


@pytest.mark.parametrize("by_name", [False, True], ids=["by-code", "by-name"])
def test_the_statements_a_file_sends_do_not_grow_with_its_rows(world: World, by_name: bool) -> None:
    """Ten times the rows, the same statements: 4 declines and 40 declines by kommuner in Värmland."""
    for code in VARMLAND:
        world.org(f"Kommun {code}", "kommun", "LPO psykisk hälsa Värmland", code=code, lan="17")
    for item, title in ((ONE, "PSVF Självskada"), (TWIN, "PSVF Tvilling")):
        world.item(item, title)
        world.refer(item, DUE)
    sent = {}
    for item, orgs in ((ONE, VARMLAND[:4]), (TWIN, VARMLAND)):
        named = [f"Kommun {org}" if by_name else org for org in orgs]
        rows = [step(line, item, org, "decline", reason="Ingen tid") for line, org in enumerate(named, 2)]
        with counted(world) as statements:
            advance_rows(world.services, rows, "vera.holm")
        sent[len(rows)] = len(statements)
    assert sent[4] == sent[40]
    assert sent[4] <= 12
    assert {states(world, TWIN)[org][0] for org in VARMLAND} == {"declined"}
    assert verify(world.services).rows > 0


def test_a_batch_compare_and_set_tells_when_one_instance_changed_since_it_was_read(twins: World) -> None:
    with twins.services.uow(write=True) as uow:
        uow.lock_history()
        found = uow.instances.subjects_by_codes([(ONE, "falun"), (ONE, "borlange")])
        falun, borlange = found[ONE, "falun"].instance, found[ONE, "borlange"].instance
        change = InstanceChange("declined", None, None, None, False)
        stale = replace(borlange, version=borlange.version + 1)
        assert not uow.instances.compare_and_set_many([(falun, change, 1), (stale, change, 1)], twins.clock.now())
        uow.rollback()  # as bulk entry does, refusing the rows
    assert states(twins, ONE)["falun"][0] == "remiss"
    with twins.services.uow(write=True) as uow:
        uow.lock_history()
        found = uow.instances.subjects_by_codes([(ONE, "falun")])
        assert uow.instances.compare_and_set_many([(found[ONE, "falun"].instance, change, 2)], twins.clock.now())
        assert uow.instances.with_orgs([falun.id])[falun.id][0].version == falun.version + 2


def test_a_hold_between_rows_is_taken_in_its_place(decided_twins: World) -> None:
    """Rows above a hold are written before it, rows below it are read after it (R16 bumps every instance held)."""
    rows = [
        step(2, ONE, "borlange", "reach_level", level=1),
        step(3, ONE, "lpo-dalarna", "hold", reason="Omorganisation", review="2027-06-01"),
        step(4, ONE, "borlange", "reach_level", level=2),
    ]
    done = advance_rows(decided_twins.services, rows, SECRETARY)
    assert [row.line for row in done] == [2, 3, 4]
    assert states(decided_twins, ONE)["borlange"] == ("implemented", 2)
    events = [record[3] for record in histories(decided_twins, ONE, ["borlange"])["borlange"]]
    assert events[-3:] == ["reach_level", "hold", "reach_level"]  # the hold's own row between them
    assert verify(decided_twins.services).rows > 0
