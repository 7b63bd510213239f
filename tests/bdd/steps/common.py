"""Steps every feature shares: the scenario's memory, dates, states, refusals, history.

Steps speak the domain and call the services through :mod:`kgflow.testing`;
they never touch the database or the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from kgflow.domain.errors import KgflowError
from kgflow.service.queries import HistoryLine, StatusLine, history, status
from kgflow.testing import World

TITLES = {
    "PSVF ADHD": "psvf-adhd",
    "PSVF Självskada": "psvf-sjalvskada",
    "SIP-riktlinje Dalarna": "sip-riktlinje-dalarna",
    "VIP Skadligt bruk och beroende": "vip-skadligt-bruk",
}


@dataclass
class Story:
    """What the scenario remembers between steps."""

    item: str = ""
    refusal: KgflowError | None = None
    warnings: list[str] = field(default_factory=list)
    history_before: dict[str, int] = field(default_factory=dict)
    remembered: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def story() -> Story:
    return Story()


def names(text: str) -> list[str]:
    """``"Region Dalarna, Falun och Borlänge"`` → the three names."""
    return [part.strip() for part in re.split(r",\s*|\s+och\s+", text) if part.strip()]


def item_of(title: str) -> str:
    return TITLES[title]


def line_of(world: World, story: Story, org: str) -> StatusLine:
    code = world.code(org)
    [line] = [line for line in status(world.services, story.item, code) if line.row.org == code]
    return line


def history_of(world: World, story: Story, org: str) -> list[HistoryLine]:
    return history(world.services, story.item, world.code(org))[1]


def attempt(story: Story, action: Any) -> None:
    """Try a step that may be refused; remember the refusal instead of failing."""
    try:
        result = action()
    except KgflowError as refusal:
        story.refusal = refusal
        return
    story.warnings = list(getattr(result, "warnings", ()))


def event_named(world: World, story: Story, label: str) -> str:
    with world.services.uow() as uow:
        item = uow.items.find(story.item)
    assert item is not None
    for event in world.services.catalogue.current(item.workflow).events:
        if event.label.sv.lower() == label.lower():
            return event.name
    raise AssertionError(f"no event is called {label!r}")


@given(parsers.parse("att det är den {day}"))
def today_is(world: World, day: str) -> None:
    world.clock.set(date.fromisoformat(day))


@when(parsers.re(r'(?P<person>.+?) försöker "(?P<label>[^"]+)" för (?P<org>.+)'))
def attempts(world: World, story: Story, person: str, label: str, org: str) -> None:
    story.history_before[org] = len(history_of(world, story, org))
    event = event_named(world, story, label)
    values = {"body": "Länsgemensam ledningsgrupp Dalarna"} if event == "decide" else None  # a forum deciding for all
    attempt(story, lambda: world.advance(story.item, org, event, person, ref="försök", values=values))


@then(parsers.re(r'står (?P<orgs>.+?)(?P<still> kvar)? i läget "(?P<label>[^"]+)"'))
def stand_in(world: World, story: Story, orgs: str, still: str | None, label: str) -> None:
    assert story.refusal is None or still, f"the step was refused: {story.refusal}"
    if orgs == "varje organisation":
        lines = status(world.services, story.item)
        assert {line.state_label for line in lines} == {label}
        return
    for org in names(orgs):
        assert line_of(world, story, org).state_label == label, org


@then(parsers.re(r'nekas (?:steget|det) med ett besked som nämner "(?P<words>[^"]+)"'))
def refused_naming(story: Story, words: str) -> None:
    assert story.refusal is not None, "the step was not refused"
    assert words in str(story.refusal), str(story.refusal)


@then(parsers.parse("har ingenting nytt skrivits i historiken för {org}"))
def nothing_new_in_history(world: World, story: Story, org: str) -> None:
    assert len(history_of(world, story, org)) == story.history_before[org]


@then(
    parsers.parse(
        'visar historiken för {org} att {person} den {day} tog steget "{event}" från "{source}" till "{target}"'
    )
)
def history_shows(
    world: World, story: Story, org: str, person: str, day: str, event: str, source: str, target: str
) -> None:
    last = history_of(world, story, org)[-1]
    assert last.record.actor == world.people[person]
    assert last.record.at.date() == date.fromisoformat(day)
    assert last.record.event == event_named(world, story, event)
    assert (last.from_label, last.to_label) == (source, target)
