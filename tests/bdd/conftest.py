"""Step definitions for the Swedish features: they speak the domain and drive the services.

Steps never touch the database or the command line; they call the same
services as ``kgflow`` through :mod:`kgflow.testing`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from pytest_bdd import given, parsers, then, when

from kgflow.errors import KgflowError
from kgflow.service.queries import history, status
from kgflow.testing import World


@dataclass
class Outcome:
    """What the last attempted step led to."""

    refusal: KgflowError | None = None
    history_before: dict[str, int] = field(default_factory=dict)


@pytest.fixture(autouse=True)
def _every_scenario_on_both_databases(world: World) -> World:
    """Steps ask for fixtures late; asking for the world here makes pytest run each scenario per database."""
    return world


@pytest.fixture
def outcome() -> Outcome:
    return Outcome()


def item_code(world: World, title: str) -> str:
    codes = {"PSVF Självskada": "psvf-sjalvskada", "PSVF Ångest och depression": "psvf-angest-depression"}
    return codes[title]


def current_item(world: World) -> str:
    return world.codes["__item__"]


def event_named(world: World, label: str) -> str:
    definition = world.services.catalogue.current("nationellt-kunskapsstod")
    for event in definition.events:
        if event.label.sv.lower() == label.lower():
            return event.name
    raise AssertionError(f"no event is called {label!r}")


def state_of(world: World, org: str) -> str:
    code = world.code(org)
    [line] = [line for line in status(world.services, current_item(world), code) if line.row.org == code]
    return line.state_label


def history_of(world: World, org: str) -> list:  # type: ignore[type-arg]
    _, lines = history(world.services, current_item(world), world.code(org))
    return lines


@given(parsers.parse('att NPO psykisk hälsa har skickat "{title}" på remiss med svar senast {due}'))
def referred(world: World, title: str, due: str) -> None:
    code = item_code(world, title)
    world.item(code, title)
    world.refer(code, date.fromisoformat(due))
    world.codes["__item__"] = code


@given(parsers.parse("att det är den {day}"))
def today_is(world: World, day: str) -> None:
    world.clock.set(date.fromisoformat(day))


@when(parsers.parse('{person} lämnar remissvar för {org} med diarienummer "{ref}"'))
def answers(world: World, person: str, org: str, ref: str) -> None:
    world.advance(current_item(world), org, "answer", person, ref=ref)


@when(parsers.parse('{person} försöker "{label}" för {org}'))
def attempts(world: World, outcome: Outcome, person: str, label: str, org: str) -> None:
    outcome.history_before[org] = len(history_of(world, org))
    try:
        world.advance(current_item(world), org, event_named(world, label), person, ref="försök")
    except KgflowError as refusal:
        outcome.refusal = refusal


@then(parsers.parse('står {org} i läget "{label}"'))
@then(parsers.parse('står {org} kvar i läget "{label}"'))
def stands_in(world: World, org: str, label: str) -> None:
    assert state_of(world, org) == label


@then(parsers.parse('nekas steget med ett besked som nämner "{words}"'))
def refused_naming(outcome: Outcome, words: str) -> None:
    assert outcome.refusal is not None, "the step was not refused"
    assert words in str(outcome.refusal)


@then(parsers.parse("har ingenting nytt skrivits i historiken för {org}"))
def nothing_new_in_history(world: World, outcome: Outcome, org: str) -> None:
    assert len(history_of(world, org)) == outcome.history_before[org]


@then(
    parsers.parse(
        'visar historiken för {org} att {person} den {day} tog steget "{event}" från "{source}" till "{target}"'
    )
)
def history_shows(world: World, org: str, person: str, day: str, event: str, source: str, target: str) -> None:
    last = history_of(world, org)[-1]
    assert last.record.actor == world.people[person]
    assert last.record.at.date() == date.fromisoformat(day)
    assert last.record.event == event_named(world, event)
    assert (last.from_label, last.to_label) == (source, target)
