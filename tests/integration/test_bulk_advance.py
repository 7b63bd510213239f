"""``advance --from FILE`` as a use case: many steps in one transaction, in order, all or nothing, on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.domain.errors import RowsRefused, TransitionRefused, UsageError
from kgflow.service.advance import AdvanceRequest, perform
from kgflow.service.audit import verify
from kgflow.service.bulk_advance import BulkStep, advance_rows, steps_from_rows
from kgflow.service.lookup import find_actor, find_subject
from kgflow.service.ports import UnitOfWork
from kgflow.service.queries import status
from kgflow.testing import World

ITEM = "psvf-sjalvskada"


@pytest.fixture
def referred(world: World) -> World:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, date(2027, 3, 31))
    return world


def states(world: World) -> dict[str, str]:
    return {line.row.org: line.row.state for line in status(world.services, ITEM, None)}


def history_rows(world: World) -> int:
    return verify(world.services).rows


def step(line: int, org: str, event: str, ref: str | None = None, *values: str) -> BulkStep:
    return BulkStep(line, AdvanceRequest(ITEM, org, event, None, ref=ref, values=values))


def test_every_row_is_taken_in_one_go_with_its_history(referred: World) -> None:
    before = history_rows(referred)
    done = advance_rows(
        referred.services,
        [step(2, "borlange", "answer", "KS 1"), step(3, "region-dalarna", "answer", "RS 9")],
        "sara.ek",
    )
    assert [(row.line, row.result.to_state) for row in done] == [(2, "answered"), (3, "answered")]  # type: ignore[union-attr]
    assert states(referred)["borlange"] == states(referred)["region-dalarna"] == "answered"
    assert history_rows(referred) == before + 2


def test_rows_are_taken_in_order_so_a_row_sees_the_rows_above_it(referred: World) -> None:
    """Falun compiles its answer (R4) once its unit has answered — in the row above."""
    advance_rows(
        referred.services,
        [step(2, "falun-elevhalsa", "answer", "EH 1"), step(3, "falun", "answer", "KS 2")],
        "sara.ek",
    )
    assert states(referred)["falun"] == "answered"


def test_one_refused_row_lists_every_refusal_and_changes_nothing(referred: World) -> None:
    before, was = history_rows(referred), states(referred)
    rows = [
        step(2, "borlange", "answer", "KS 1"),
        step(3, "falun", "answer", "KS 2"),  # its unit has not answered (R4)
        step(4, "region-dalarna", "answer", "RS 9"),
        step(5, "nowhere", "answer", "X"),
    ]
    with pytest.raises(RowsRefused) as refused:
        advance_rows(referred.services, rows, "sara.ek")
    assert [(problem.line, problem.org) for problem in refused.value.problems] == [(3, "falun"), (5, "nowhere")]
    assert isinstance(refused.value.problems[0].error, TransitionRefused)
    assert str(refused.value) == "2 av 4 rader gick inte att ta; ingenting i filen ändrades."
    assert refused.value.exit_code == TransitionRefused.exit_code
    assert states(referred) == was
    assert history_rows(referred) == before


def test_a_person_who_may_not_act_is_refused_row_by_row(referred: World) -> None:
    with pytest.raises(RowsRefused) as refused:
        advance_rows(referred.services, [step(2, "borlange", "answer", "KS 1")], "anna.andersson")
    assert [problem.line for problem in refused.value.problems] == [2]


def test_a_part_undone_on_its_own_leaves_the_chain_whole(referred: World) -> None:
    """A savepoint that rolls back after appending history restores the head: later rows chain on correctly."""
    services = referred.services

    def answer(uow: UnitOfWork, org: str) -> None:
        subject = find_subject(uow, ITEM, org)
        perform(services, uow, subject, find_actor(uow, "sara.ek"), AdvanceRequest(ITEM, org, "answer", None, ref="R"))

    def answer_then_fail(uow: UnitOfWork) -> None:
        with uow.attempt():
            answer(uow, "region-dalarna")
            raise ZeroDivisionError

    with services.uow(write=True) as uow:
        answer(uow, "borlange")
        with pytest.raises(ZeroDivisionError):
            answer_then_fail(uow)
        answer(uow, "falun-elevhalsa")
        uow.commit()
    assert states(referred)["region-dalarna"] == "remiss"
    assert states(referred)["borlange"] == states(referred)["falun-elevhalsa"] == "answered"
    assert verify(services).rows > 0  # raises HistoryBroken if a row chained onto the undone one


def test_columns_are_named_as_a_secretary_names_them(referred: World) -> None:
    columns = {"organisation": "Organisation", "steg": "Steg", "referens": "Referens", "niva": "Nivå"}
    [parsed] = steps_from_rows(referred.services, columns, [(7, {"organisation": "Falun", "steg": "reach_level",
                                                                 "niva": "2", "referens": ""})], ITEM)  # fmt: skip
    assert parsed.line == 7
    assert (parsed.request.item, parsed.request.org, parsed.request.event) == (ITEM, "Falun", "reach_level")
    assert parsed.request.values == ("level=2",)
    assert parsed.request.ref is None


@pytest.mark.parametrize(
    ("columns", "item", "sentence"),
    [
        ({"organisation": "Organisation", "steg": "Steg", "betyg": "Betyg"}, ITEM, "Kolumnen 'Betyg' är inget"),
        ({"steg": "Steg"}, ITEM, "Filen saknar kolumnen Organisation."),
        ({"organisation": "Organisation", "steg": "Steg"}, None, "Filen saknar kolumnen Kunskapsstöd"),
    ],
)
def test_a_file_that_cannot_be_steps_is_refused_before_any_row(
    referred: World, columns: dict[str, str], item: str | None, sentence: str
) -> None:
    with pytest.raises(UsageError, match=sentence):
        steps_from_rows(referred.services, columns, [], item)


def test_a_file_without_rows_is_refused(referred: World) -> None:
    with pytest.raises(UsageError, match="inga rader"):
        advance_rows(referred.services, [], "sara.ek")
