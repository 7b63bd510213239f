"""Steps for the remiss: referral down the chain, answers and compiled answers up (R1–R4)."""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, parsers, then, when

from kgflow.domain.calendar import is_working_day
from kgflow.service.queries import status
from kgflow.testing import World
from tests.bdd.steps.common import Story, attempt, history_of, item_of, line_of, names


@given(parsers.parse('att NPO psykisk hälsa har tagit fram "{title}"'))
def drafted(world: World, story: Story, title: str) -> None:
    story.item = world.item(item_of(title), title)


@given(parsers.parse('att NPO psykisk hälsa har skickat "{title}" på remiss med svar senast {due}'))
def referred(world: World, story: Story, title: str, due: str) -> None:
    story.item = world.item(item_of(title), title)
    world.refer(story.item, date.fromisoformat(due))


@when(parsers.parse('NPO psykisk hälsa skickar "{title}" på remiss med svar senast {due}'))
def refers(world: World, story: Story, title: str, due: str) -> None:
    world.refer(item_of(title), date.fromisoformat(due))


@when(parsers.parse('NPO psykisk hälsa försöker skicka "{title}" på remiss med svar senast {due}'))
def tries_to_refer(world: World, story: Story, title: str, due: str) -> None:
    attempt(story, lambda: world.refer(item_of(title), date.fromisoformat(due)))


@then("har remissen nått")
def reached_table(world: World, story: Story, datatable: list[list[str]]) -> None:
    expected = {world.code(row[0]) for row in datatable[1:]}
    owner = "npo-psykisk-halsa"
    reached = {line.row.org for line in status(world.services, story.item)} - {owner}
    assert reached == expected


@then(parsers.parse("har remissen nått {orgs}"))
def reached(world: World, story: Story, orgs: str) -> None:
    reached = {line.row.org for line in status(world.services, story.item)}
    assert {world.code(org) for org in names(orgs)} <= reached


@then(parsers.parse("har remissen inte nått {orgs}"))
def not_reached(world: World, story: Story, orgs: str) -> None:
    reached = {line.row.org for line in status(world.services, story.item)}
    if orgs == "någon":
        assert reached <= {"npo-psykisk-halsa"}
        assert all(line.row.state == "draft" for line in status(world.services, story.item))
        return
    assert not ({world.code(org) for org in names(orgs)} & reached)


@then("ska de svara senast")
def answer_by(world: World, story: Story, datatable: list[list[str]]) -> None:
    for org, due in datatable[1:]:
        assert line_of(world, story, org).row.due == date.fromisoformat(due), org


@then("infaller ingen svarsdag på en lördag, en söndag eller en helgdag")
def only_working_days(world: World, story: Story) -> None:
    dues = [line.row.due for line in status(world.services, story.item) if line.row.due]
    assert dues
    assert all(is_working_day(due) for due in dues)


@given(parsers.parse("att {person} har lämnat remissvar för {org}"))
def has_answered(world: World, story: Story, person: str, org: str) -> None:
    world.advance(story.item, org, "answer", person, ref="Svar")


@when(parsers.parse('{person} lämnar remissvar för {org} med diarienummer "{ref}"'))
def answers(world: World, story: Story, person: str, org: str, ref: str) -> None:
    world.advance(story.item, org, "answer", person, ref=ref)


@when(parsers.parse('{person} avstår från att svara för {org} med motiveringen "{reason}"'))
def declines(world: World, story: Story, person: str, org: str, reason: str) -> None:
    world.advance(story.item, org, "decline", person, values={"reason": reason})


@then(parsers.re(r"är svaret från (?P<org>.+?) (?P<negation>inte )?markerat som sent"))
def marked_late(world: World, story: Story, org: str, negation: str | None) -> None:
    last = history_of(world, story, org)[-1]
    assert bool(last.record.fields.get("late")) is (negation is None)


COMPILED = (
    r"(?P<person>.+?) (?P<tries>försöker )?(?:skickar|skicka|har skickat) det sammanställda svaret för (?P<org>.+?)"
    r'(?P<forced> utan att alla svarat)?(?:, med motiveringen "(?P<note>[^"]+)")?'
)


def _compile(world: World, story: Story, person: str, org: str, forced: str | None, note: str | None) -> object:
    return world.advance(story.item, org, "answer", person, ref=f"Sammanställt {org}", force=bool(forced), note=note)


@given(parsers.re("att " + COMPILED))
def has_compiled(
    world: World, story: Story, person: str, tries: str | None, org: str, forced: str | None, note: str | None
) -> None:
    _compile(world, story, person, org, forced, note)


@when(parsers.re(COMPILED))
def compiles(
    world: World, story: Story, person: str, tries: str | None, org: str, forced: str | None, note: str | None
) -> None:
    story.history_before[org] = len(history_of(world, story, org))
    if tries:
        attempt(story, lambda: _compile(world, story, person, org, forced, note))
    else:
        _compile(world, story, person, org, forced, note)


@given(parsers.parse("att alla under {org} har svarat"))
def everyone_below_answered(world: World, story: Story, org: str) -> None:
    world.answer_below(story.item, org)


@given(parsers.parse('att remissen av "{title}" har sammanställts hela vägen upp till RPO'))
def compiled_up_to_rpo(world: World, story: Story, title: str) -> None:
    world.answer_below(item_of(title), "NPO psykisk hälsa")


@given(parsers.parse('att remissen av "{title}" är stängd'))
def remiss_closed(world: World, story: Story, title: str) -> None:
    world.answer_below(item_of(title), "NPO psykisk hälsa", including=True)


@then(parsers.parse("visar historiken för {org} att svaret skickades utan {orgs}"))
def sent_without(world: World, story: Story, org: str, orgs: str) -> None:
    missing = history_of(world, story, org)[-1].record.fields["missing"]
    assert set(names(orgs)) <= set(missing)


@then(parsers.parse('visar historiken för {org} motiveringen "{note}"'))
def note_in_history(world: World, story: Story, org: str, note: str) -> None:
    assert history_of(world, story, org)[-1].record.note == note
