"""Steps for implementation and communication plans (R19): activities, their marks, imports and reminders."""

from __future__ import annotations

import json

from pytest_bdd import given, parsers, then, when

from kgflow.domain import records
from kgflow.domain.plans import Draft, sheet_drafts
from kgflow.service.audit import verify
from kgflow.service.plans import add_activity, import_plan, mark_activity, show_plan
from kgflow.testing import World
from tests.bdd.steps.chasing import lines_to
from tests.bdd.steps.common import Story, attempt, item_of
from tests.smtp import SmtpServer

LPO = "LPO psykisk hälsa Dalarna"
STATUS = {"planerad": "planned", "genomförd": "done", "inställd": "cancelled"}


def _plan(world: World, story: Story) -> list[dict[str, object]]:
    return show_plan(world.services, story.item, world.code(LPO)).as_json()


@given(parsers.parse('att {lpo} har en implementeringsplan för "{title}" med aktiviteterna:'))
def has_plan(world: World, story: Story, lpo: str, title: str, datatable: list[list[str]]) -> None:
    story.item = item_of(title)
    for group, what, venue, performer, schedule in datatable[1:]:
        draft = Draft(group, what, venue, world.people.get(performer, performer), schedule)
        add_activity(world.services, story.item, world.code(lpo), draft, actor=world.people["Sara Ek"])


@then("har planen aktiviteterna:")
def plan_is(world: World, story: Story, datatable: list[list[str]]) -> None:
    shown = [
        [str(a["number"]), a["target_group"], a["schedule"], a["due"] or "", a["status"]] for a in _plan(world, story)
    ]
    assert shown == [[nr, group, schedule, due, STATUS[status]] for nr, group, schedule, due, status in datatable[1:]]


@when(
    parsers.re(
        r"(?P<person>.+?) (?P<tries>försöker )?markera(?:r)? aktivitet (?P<number>\d+) som (?P<status>\S+?)"
        r'(?: med anteckningen "(?P<note>[^"]*)")?$'
    )
)
def marks(
    world: World, story: Story, person: str, tries: str | None, number: str, status: str, note: str | None
) -> None:
    def step() -> object:
        return mark_activity(
            world.services, story.item, world.code(LPO), int(number), status, note, actor=world.people[person]
        )

    if tries:
        attempt(story, step)
    else:
        step()


@then(parsers.re(r'är aktivitet (?P<number>\d+) (?P<status>\S+?)(?: med anteckningen "(?P<note>[^"]*)")?$'))
def activity_is(world: World, story: Story, number: str, status: str, note: str | None) -> None:
    [activity] = [a for a in _plan(world, story) if a["number"] == int(number)]
    assert activity["status"] == STATUS[status]
    if note is not None:
        assert activity["note"] == note


@then(parsers.parse("står ändringen av aktivitet {number:d} i historiken"))
def change_recorded(world: World, story: Story, number: int) -> None:
    with world.services.uow() as uow:
        facts = [
            json.loads(row.fields)
            for row in uow.history.chain()
            if row.instance_id is None and row.event == records.ACTIVITY
        ]
    said = [fact for fact in facts if fact["item"] == story.item and fact["number"] == number]
    assert [fact["status"] for fact in said] == ["planned", "done"]
    assert verify(world.services).ok


@when(parsers.parse("{person} läser in planen från ett kalkylark:"))
def imports(world: World, story: Story, person: str, datatable: list[list[str]]) -> None:
    rows = list(enumerate(datatable[1:], start=2))
    drafts = sheet_drafts(datatable[0], rows)
    attempt(story, lambda: import_plan(world.services, story.item, world.code(LPO), drafts, actor=world.people[person]))


@then(parsers.parse("har planen fortfarande {count:d} aktiviteter, den första för {group}"))
def still_has(world: World, story: Story, count: int, group: str) -> None:
    plan = _plan(world, story)
    assert len(plan) == count
    assert plan[0]["target_group"] == group


def _about(line: str, number: str) -> bool:
    return f"aktivitet {number} i implementeringsplanen" in line


def _told(world: World, story: Story, server: SmtpServer, person: str, number: str) -> tuple[list[str], list[str]]:
    """The lines ``person`` received about activity ``number``: reminders, and escalations."""
    lines = [line for line in lines_to(server, world, story, person) if _about(line, number)]
    escalated = [line for line in lines if "Eskalerat till dig som sekreterare" in line]
    return [line for line in lines if line not in escalated], escalated


@then(
    parsers.re(
        r"har (?P<person>.+?) (?:fortfarande )?(?P<how>påmints en gång|inte påmints) om aktivitet (?P<number>\d+) i planen"
    )
)
def reminded(world: World, story: Story, smtp_server: SmtpServer, person: str, how: str, number: str) -> None:
    reminders, _ = _told(world, story, smtp_server, person, number)
    assert len(reminders) == (1 if how == "påmints en gång" else 0), reminders


@then(parsers.parse("har aktivitet {number} i planen eskalerats en gång till {person}"))
def escalated_once(world: World, story: Story, smtp_server: SmtpServer, number: str, person: str) -> None:
    _, escalations = _told(world, story, smtp_server, person, number)
    assert len(escalations) == 1, escalations


@then(parsers.parse("har ingen påmints om aktivitet {first} eller {second} i planen"))
def nobody_got(world: World, story: Story, smtp_server: SmtpServer, first: str, second: str) -> None:
    for person in world.people:
        lines = lines_to(smtp_server, world, story, person)
        assert not [line for line in lines if _about(line, first) or _about(line, second)], (person, lines)
