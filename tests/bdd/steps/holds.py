"""Steps for the län's priority and hold (R16)."""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, parsers, then, when

from kgflow.domain.calendar import working_days_after, working_days_between
from kgflow.service.overdue import overdue
from kgflow.testing import World
from tests.bdd.steps.common import Story, attempt, history_of, item_of, line_of

LPO = "LPO psykisk hälsa Dalarna"


def _where(where: str) -> str:
    return LPO if where == "länet" else where


def _late_orgs(world: World) -> dict[str, int]:
    return {entry.line.row.org: entry.days_late for entry in overdue(world.services)}


def _hold(world: World, story: Story, person: str, where: str, reason: str, day: str) -> object:
    return world.hold_step(story.item, _where(where), "hold", person, values={"reason": reason, "review": day})


def _remember_falun(world: World, story: Story) -> None:
    row = line_of(world, story, "Falun").row
    assert row.due is not None
    story.remembered["falun_due"] = row.due
    story.remembered["falun_late"] = working_days_between(row.due, world.clock.today())
    story.remembered["varmland_due"] = line_of(world, story, "LPO psykisk hälsa Värmland").row.due


@when(
    parsers.re(
        r'(?P<person>.+?) (?P<tries>försöker )?ger? "(?P<title>[^"]+)" prioriteten "(?P<words>[^"]*)" för (?P<org>.+)'
    )
)
def prioritises(world: World, story: Story, person: str, tries: str | None, title: str, words: str, org: str) -> None:
    def step() -> object:
        return world.hold_step(item_of(title), org, "prioritise", person, values={"priority": words})

    if tries:
        attempt(story, step)
    else:
        step()


@then(parsers.re(r'har "(?P<title>[^"]+)" (?P<words>hög|normal|låg|ingen) prioritet i (?P<org>.+)'))
def has_priority(world: World, story: Story, title: str, words: str, org: str) -> None:
    stored = {"hög": "high", "normal": "normal", "låg": "low", "ingen": None}[words]
    assert line_of(world, story, org).row.priority == stored


@then(parsers.parse('står det "{words}" i historiken för {org}'))
def history_says(world: World, story: Story, org: str, words: str) -> None:
    from kgflow.reports.history_text import values_text
    from kgflow.service.queries import history_words

    subject_lines = history_of(world, story, org)
    with world.services.uow() as uow:
        subject = uow.instances.subject_by_codes(story.item, world.code(org))
    assert subject is not None
    events, roles = history_words(world.services, subject)
    said = [values_text(line.record.fields, events, roles) for line in subject_lines]
    assert any(words in text for text in said), said


@given("att Falun är försenad med GAP-analysen")
def falun_is_late(world: World, story: Story) -> None:
    assert "falun" in _late_orgs(world)


@when(
    parsers.re(
        r'(?P<person>.+?) (?P<tries>försöker )?pausa(?:r)? "(?P<title>[^"]+)" för (?P<where>.+?) '
        r'med skälet "(?P<reason>[^"]*)" och omprövning (?P<day>\S+)'
    )
)
def holds(
    world: World, story: Story, person: str, tries: str | None, title: str, where: str, reason: str, day: str
) -> None:
    if tries:
        story.history_before["Falun"] = len(history_of(world, story, "Falun"))
        attempt(story, lambda: _hold(world, story, person, where, reason, day))
    else:
        _hold(world, story, person, where, reason, day)


@given(
    parsers.re(
        r'att (?P<person>.+?) har pausat "(?P<title>[^"]+)" för länet '
        r'med skälet "(?P<reason>[^"]*)" och omprövning (?P<day>\S+)'
    )
)
def has_held(world: World, story: Story, person: str, title: str, reason: str, day: str) -> None:
    _remember_falun(world, story)
    _hold(world, story, person, "länet", reason, day)


@when(parsers.parse('{person} återupptar "{title}" för länet'))
def resumes(world: World, story: Story, person: str, title: str) -> None:
    world.hold_step(item_of(title), LPO, "resume", person)


@then(parsers.parse("finns {org} inte bland de försenade"))
def not_late(world: World, story: Story, org: str) -> None:
    assert world.code(org) not in _late_orgs(world)
    assert not line_of(world, story, org).overdue


@then(parsers.parse("finns {org} fortfarande bland de försenade"))
def still_late(world: World, story: Story, org: str) -> None:
    assert world.code(org) in _late_orgs(world)


@then(parsers.parse("är {org} pausad sedan {since} till omprövning {review}"))
def is_held(world: World, story: Story, org: str, since: str, review: str) -> None:
    row = line_of(world, story, org).row
    assert (row.held_since, row.review_on) == (date.fromisoformat(since), date.fromisoformat(review))


@then(parsers.re(r"är (?P<org>.+?) inte (?:längre )?pausad"))
def not_held(world: World, story: Story, org: str) -> None:
    row = line_of(world, story, org).row
    assert (row.held_since, row.review_on) == (None, None)


@then(parsers.parse("har Faluns sista dag för GAP-analysen flyttats fram {days:d} arbetsdagar"))
def falun_moved(world: World, story: Story, days: int) -> None:
    assert line_of(world, story, "Falun").row.due == working_days_after(story.remembered["falun_due"], days)


@then("finns Falun åter bland de försenade, lika många arbetsdagar sent som när pausen började")
def late_again(world: World, story: Story) -> None:
    assert _late_orgs(world).get("falun") == story.remembered["falun_late"]


@then("har LPO psykisk hälsa Värmlands sista dag inte flyttats")
def varmland_kept(world: World, story: Story) -> None:
    assert line_of(world, story, "LPO psykisk hälsa Värmland").row.due == story.remembered["varmland_due"]
