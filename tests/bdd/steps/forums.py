"""Steps for the local decision taken in the län's forums (R6): who decided, for whom, and what waits."""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, parsers, then, when

from kgflow.reports.history_text import values_text
from kgflow.service.advance import AdvanceResult
from kgflow.testing import World
from tests.bdd.steps.common import Story, attempt, history_of, item_of, line_of, names

NPO = "NPO psykisk hälsa"
# The LPO each secretary records decisions for.
LPO_OF = {"Sara Ek": "LPO psykisk hälsa Dalarna", "Olof Ek": "LPO psykisk hälsa Dalarna",
          "Ulla Ström": "LPO psykisk hälsa Östergötland"}  # fmt: skip
EVERYONE_WAITING = "alla som väntar"


@given(
    parsers.parse(
        "att Östergötland finns med LPO psykisk hälsa Östergötland, Region Östergötland, Linköping och Norrköping, "
        "där Ledningsgrupp Vård och Omsorg (LGVO) beslutar för region och kommuner"
    )
)
def ostergotland(world: World) -> None:
    world.org("RPO psykisk hälsa Sydöstra", "rpo", NPO, code="rpo-sydostra")
    world.person("Per Wallin", "samordnare", "RPO psykisk hälsa Sydöstra")
    world.org("LPO psykisk hälsa Östergötland", "lpo", "RPO psykisk hälsa Sydöstra", code="lpo-ostergotland", lan="05")
    world.person("Ulla Ström", "sekreterare", "LPO psykisk hälsa Östergötland")
    for name, code, kind, person in (
        ("Region Östergötland", "region-ostergotland", "region", "Tove Lind"),
        ("Linköping", "linkoping", "kommun", "Leila Hassan"),
        ("Norrköping", "norrkoping", "kommun", "Nils Berg"),
    ):
        world.org(name, kind, "LPO psykisk hälsa Östergötland", code=code, lan="05")
        world.person(person, "kontaktperson", name)
    world.org(
        "Ledningsgrupp Vård och Omsorg (LGVO) Östergötland",
        "body",
        "LPO psykisk hälsa Östergötland",
        code="lgvo-ostergotland",
        lan="05",
        decides_for="region kommun",
    )
    world.person("Ingrid Holm", "ordforande", "Ledningsgrupp Vård och Omsorg (LGVO) Östergötland")


@given(parsers.parse('att "{title}" är fastställd och länen ska fatta sina lokala beslut'))
def adopted_everywhere(world: World, story: Story, title: str) -> None:
    story.item = world.item(item_of(title), title)
    world.refer(story.item, date(2027, 3, 31))
    world.answer_below(story.item, NPO, including=True)
    world.advance(story.item, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-03-01"})


def _decide(world: World, story: Story, person: str, forum: str, ref: str, whom: str) -> AdvanceResult:
    values: dict[str, object] = {"body": forum}
    if whom != EVERYONE_WAITING:
        values["for"] = ",".join(world.code(org) for org in names(whom))
    return world.advance(story.item, LPO_OF[person], "decide", person, ref=ref, values=values)


@given(parsers.re(r'att (?P<person>.+?) har fört in att (?P<forum>.+?) beslutade "(?P<ref>[^"]+)" för (?P<whom>.+)'))
def has_decided(world: World, story: Story, person: str, forum: str, ref: str, whom: str) -> None:
    _decide(world, story, person, forum, ref, whom)


@when(
    parsers.re(
        r'(?P<person>.+?) (?P<tries>försöker föra|för) in att (?P<forum>.+?) beslutade "(?P<ref>[^"]+)" för (?P<whom>.+)'
    ),
    target_fixture="decision",
)
def decides(
    world: World, story: Story, person: str, tries: str, forum: str, ref: str, whom: str
) -> AdvanceResult | None:
    if tries == "försöker föra":
        attempt(story, lambda: _decide(world, story, person, forum, ref, whom))
        return None
    return _decide(world, story, person, forum, ref, whom)


@then(parsers.parse('visar historiken för {org} att GAP-analysen öppnades efter beslut i {forum}, "{ref}"'))
def opened_after(world: World, story: Story, org: str, forum: str, ref: str) -> None:
    last = history_of(world, story, org)[-1]
    words = values_text(last.record.fields, {}, {})
    assert last.record.event == "open_gap", last.record.event
    assert f"beslutat i: {forum}" in words, words
    assert f"referens: {ref}" in words, words


@then(parsers.parse("visar historiken för {org} ett enda lokalt beslut, det från {forum}"))
def one_decision(world: World, story: Story, org: str, forum: str) -> None:
    opened = [line for line in history_of(world, story, org) if line.record.event == "open_gap"]
    assert [line.record.fields.get("body") for line in opened] == [forum]


@then(parsers.parse("ska {org} fortfarande ha fattat beslutet senast {day}, och är därmed sen med det"))
def still_late(world: World, story: Story, org: str, day: str) -> None:
    line = line_of(world, story, org)
    assert line.row.due == date.fromisoformat(day), line.row.due
    assert line.row.due < world.clock.today()


@then(parsers.parse("säger beslutet att {orgs} fick kunskapsstödets standard, målnivå {level:d}"))
def default_stated(world: World, story: Story, decision: AdvanceResult | None, orgs: str, level: int) -> None:
    assert decision is not None, f"the step was refused: {story.refusal}"
    assert decision.default_target is not None
    assert decision.default_target.from_item
    assert sorted((t.org_name, t.level) for t in decision.targets) == sorted((org, level) for org in names(orgs))
    assert history_of(world, story, decision.org_name)[-1].record.fields["target"] == level
