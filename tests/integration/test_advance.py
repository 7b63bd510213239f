"""Advancing one instance: the engine, the authority check and the history, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import create_engine

from kgflow.domain.errors import Conflict, DatabaseRefused, NotAuthorised, NotFound, TransitionRefused, UsageError
from kgflow.persistence.database import parse_url
from kgflow.persistence.turns import Turn, take_turn
from kgflow.service.ports import InstanceChange
from kgflow.service.queries import history, status
from kgflow.testing import World
from tests.conftest import pg_schema

DUE = date(2027, 3, 31)


@pytest.fixture
def referred(world: World) -> World:
    world.item("psvf-sjalvskada", "PSVF Självskada")
    world.refer("psvf-sjalvskada", DUE)
    return world


def state_of(world: World, org: str) -> str:
    [line] = [line for line in status(world.services, "psvf-sjalvskada", org) if line.row.org == world.code(org)]
    return line.row.state


def rows_of(world: World, org: str) -> list[tuple[str, str | None, str, str]]:
    _, lines = history(world.services, "psvf-sjalvskada", world.code(org))
    return [(line.record.event, line.record.from_state, line.record.to_state, line.record.actor) for line in lines]


def test_an_answer_moves_the_instance_and_is_recorded(referred: World) -> None:
    result = referred.advance("psvf-sjalvskada", "Borlänge", "answer", "Bo Lund", ref="KS 2027/12")
    assert (result.from_state, result.to_state) == ("remiss", "answered")
    assert state_of(referred, "Borlänge") == "answered"
    assert rows_of(referred, "Borlänge") == [
        ("refer", None, "remiss", "nora.lind"),
        ("answer", "remiss", "answered", "bo.lund"),
    ]


def test_the_history_row_records_when_who_and_what(referred: World) -> None:
    referred.clock.set(date(2027, 2, 10))
    referred.advance("psvf-sjalvskada", "Borlänge", "answer", "Bo Lund", ref="KS 2027/12", note="Beslut i KS")
    _, lines = history(referred.services, "psvf-sjalvskada", "borlange")
    last = lines[-1].record
    assert last.at.date() == date(2027, 2, 10)
    assert (last.actor, last.event, last.from_state, last.to_state) == (
        "bo.lund",
        "answer",
        "remiss",
        "answered",
    )
    assert last.fields["ref"] == "KS 2027/12"
    assert last.note == "Beslut i KS"


@pytest.mark.parametrize(
    ("event", "values", "error", "fragment"),
    [
        pytest.param("complete_gap", {}, TransitionRefused, "kan bara tas i lägena", id="not-from-this-state"),
        pytest.param(
            "decide",
            {},
            TransitionRefused,
            r"^Steget 'Fatta lokalt beslut' kan bara tas i läget 'Lokalt beslut ska fattas', och ärendet är i läget "
            r"'På remiss'\. Möjliga steg nu: 'Lämna remissvar' \(answer\), 'Avstå från att svara' \(decline\)\.$",
            id="lpo-event-at-kommun",
        ),
        pytest.param(
            "remiss_closed",
            {},
            TransitionRefused,
            "som följd av ett annat steg",
            id="internal-event",
        ),
        pytest.param(
            "answr",
            {},
            TransitionRefused,
            "har inget steg som heter 'answr'; .* Menade du answer\\?$",
            id="unknown-event",
        ),
        pytest.param(
            "answer",
            {"colour": "blue"},
            UsageError,
            "^Steget 'Lämna remissvar' \\(answer\\) tar inget värde 'colour'; det tar: ",
            id="unknown-field",
        ),
        pytest.param(
            "answer",
            {},
            UsageError,
            "^Steget 'Lämna remissvar' \\(answer\\) behöver --ref \\(en text\\)\\.$",
            id="missing-reference",
        ),
    ],
)
def test_a_refused_event_changes_nothing(
    referred: World, event: str, values: dict[str, object], error: type[Exception], fragment: str
) -> None:
    before = rows_of(referred, "Borlänge")
    with pytest.raises(error, match=fragment):
        referred.advance("psvf-sjalvskada", "Borlänge", event, "Bo Lund", values=values)
    assert state_of(referred, "Borlänge") == "remiss"
    assert rows_of(referred, "Borlänge") == before


def test_only_the_roles_the_event_names_may_perform_it(referred: World) -> None:
    with pytest.raises(NotAuthorised) as refused:
        referred.advance("psvf-sjalvskada", "Borlänge", "answer", "Anna Andersson", ref="X")
    assert str(refused.value) == (
        "Anna Andersson (anna.andersson) får inte ta steget 'Lämna remissvar' för Borlänge: det kräver "
        "kontaktperson vid Borlänge, sekreterare vid LPO psykisk hälsa Dalarna eller utvecklingsledare vid "
        "LPO psykisk hälsa Dalarna."
    )
    assert state_of(referred, "Borlänge") == "remiss"


@pytest.mark.parametrize("org", ["Borlänge", "LPO psykisk hälsa Dalarna"])
def test_the_wrong_role_at_the_right_organisation_is_refused(referred: World, org: str) -> None:
    """Olof Ek is the LPO's chair: the right organisation, but answering takes its secretary (R13)."""
    with pytest.raises(NotAuthorised, match=r"^Olof Ek \(olof\.ek\) får inte ta steget 'Lämna remissvar' för "):
        referred.advance("psvf-sjalvskada", org, "answer", "Olof Ek", ref="X")
    assert state_of(referred, org) == "remiss"


def test_a_stale_read_cannot_be_written_back_even_in_the_same_state(referred: World) -> None:
    """The compare-and-set checks the version, not only the state: a step from S to S moves it on."""
    with referred.services.uow() as uow:
        stale = uow.instances.subject_by_codes("psvf-sjalvskada", "borlange")
    assert stale is not None
    referred.advance("psvf-sjalvskada", "Borlänge", "answer", "Bo Lund", ref="KS 1")
    with referred.services.uow(write=True) as uow:
        uow.lock_history()
        fresh = uow.instances.subject_by_codes("psvf-sjalvskada", "borlange")
        assert fresh is not None
        same_state = replace(stale.instance, state=fresh.instance.state)
        change = InstanceChange(fresh.instance.state, 3, 3, None, False)
        assert not uow.instances.compare_and_set(same_state, change, referred.clock.now())
        assert uow.instances.compare_and_set(fresh.instance, change, referred.clock.now())
        uow.rollback()


def test_the_lpo_secretary_may_record_a_kommuns_answer(referred: World) -> None:
    referred.advance("psvf-sjalvskada", "Borlänge", "answer", "Sara Ek", ref="Via LPO")
    assert state_of(referred, "Borlänge") == "answered"


def test_an_unknown_person_is_refused(referred: World) -> None:
    with pytest.raises(NotFound, match="ingen person som heter 'nobody'"):
        referred.advance("psvf-sjalvskada", "Borlänge", "answer", "nobody", ref="X")


def test_expect_state_is_a_compare_and_set(referred: World) -> None:
    with pytest.raises(
        Conflict,
        match=r"^Borlänge är i läget 'På remiss' \(remiss\), inte 'answered' som väntat; ingenting ändrades\.$",
    ):
        referred.advance("psvf-sjalvskada", "Borlänge", "answer", "Bo Lund", ref="X", expect_state="answered")
    result = referred.advance("psvf-sjalvskada", "Borlänge", "answer", "Bo Lund", ref="X", expect_state="remiss")
    assert result.to_state == "answered"


@contextmanager
def turn_held(url: str) -> Iterator[None]:
    """Another writer, on the schema of ``url``, holding the turn to append history."""
    holder = create_engine(parse_url(url))
    try:
        with holder.connect() as connection:
            take_turn(connection, Turn.HISTORY)
            yield
            connection.rollback()
    finally:
        holder.dispose()


@pytest.fixture
def turn_taken(impatient: World, pg_schema_url: str) -> Iterator[World]:
    """The impatient chain with another writer's turn held in its own schema."""
    with turn_held(pg_schema_url):
        yield impatient


def test_a_refused_attempt_never_waits_for_the_turn_to_append_history(turn_taken: World) -> None:
    """Authority and state are checked before the turn: while another writer holds it, refusals come at once."""
    world = turn_taken
    with pytest.raises(NotAuthorised):
        world.advance("psvf-sjalvskada", "Borlänge", "answer", "Olof Ek", ref="X")
    with pytest.raises(TransitionRefused):
        world.advance("psvf-sjalvskada", "Borlänge", "record_level", "Bo Lund", values={"level": 1})
    # An allowed step does wait for the turn: here it gives up after the half second.
    with pytest.raises(DatabaseRefused):
        world.advance("psvf-sjalvskada", "Borlänge", "answer", "Bo Lund", ref="KS 1")


def test_a_writer_in_another_schema_never_holds_up_this_one(impatient: World) -> None:
    """The turn is per schema: a writer of another deployment in the same database is not waited for."""
    with pg_schema("kgflow_other", migrated=False) as other, turn_held(other):
        result = impatient.advance("psvf-sjalvskada", "Borlänge", "answer", "Bo Lund", ref="KS 1")
    assert result.to_state == "answered"
