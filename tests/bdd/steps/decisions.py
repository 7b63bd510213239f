"""Steps for adoption, local decisions, GAP analysis, levels, revision and withdrawal (R5–R10)."""

from __future__ import annotations

import re
from datetime import date

from pytest_bdd import given, parsers, then, when

from kgflow.reports.history_text import values_text
from kgflow.service.items import show_item
from kgflow.service.queries import status
from kgflow.testing import World
from tests.bdd.steps.common import Story, attempt, history_of, item_of, line_of, names

NPO = "NPO psykisk hälsa"
LPO = "LPO psykisk hälsa Dalarna"


def _adopt(world: World, item: str, person: str, day: str, ref: str, body: str | None = None) -> object:
    values = {"date": day, "body": world.code(body)} if body else {"date": day}
    return world.advance(item, NPO, "adopt", person, ref=ref, values=values)


@when(
    parsers.re(
        r'(?P<person>.+?) (?P<tries>försöker )?registrera(?:r)? att (?P<body>.+?) fastställde "(?P<title>[^"]+)" den (?P<day>\S+) med beslut "(?P<ref>[^"]+)"'
    )
)
def records_adoption(
    world: World, story: Story, person: str, tries: str | None, body: str, title: str, day: str, ref: str
) -> None:
    if tries:
        attempt(story, lambda: _adopt(world, item_of(title), person, day, ref, body))
    else:
        _adopt(world, item_of(title), person, day, ref, body)


@given(
    parsers.parse(
        'att NPO psykisk hälsa har skickat vård- och insatsprogrammet "{title}" på remiss med svar senast {due}'
    )
)
def vip_referred(world: World, story: Story, title: str, due: str) -> None:
    story.item = world.item(item_of(title), title, kind="vip")
    world.refer(story.item, date.fromisoformat(due))


@then(parsers.parse("visar historiken för {org} att kunskapsstödet är fastställt av {body}"))
def adopted_by(world: World, story: Story, org: str, body: str) -> None:
    [adoption] = [line for line in history_of(world, story, org) if line.record.event == "adopt"]
    assert f"fastställd av {body}" in values_text(adoption.record.fields, {}, {}).split("; ")


@given(parsers.parse('att SKS har fastställt "{title}" den {day}'))
def adopted(world: World, story: Story, title: str, day: str) -> None:
    world.answer_below(story.item, NPO, including=True)
    _adopt(world, story.item, "Nora Lind", day, "SKS beslut")


@then(parsers.parse('är "{title}" fastställd den {day} med beslut "{ref}"'))
def is_adopted(world: World, story: Story, title: str, day: str, ref: str) -> None:
    latest = show_item(world.services, item_of(title)).versions[-1]
    assert (latest.status.value, latest.adopted_on, latest.adoption_ref) == ("adopted", date.fromisoformat(day), ref)


@then(parsers.parse('är "{title}" fastställd i version {number:d}'))
def adopted_version(world: World, story: Story, title: str, number: int) -> None:
    versions = show_item(world.services, item_of(title)).versions
    assert [(v.number, v.status.value) for v in versions][-1] == (number, "adopted")
    assert all(v.status.value == "superseded" for v in versions[:-1])


DECISION = (
    r'(?P<person>.+?) (?P<tries>försöker )?registrera(?:r)? beslutet "(?P<ref>[^"]+)" för (?P<lpo>.+?)'
    r" med målnivå (?P<level>\d+) för (?P<org>.+)"
)


@when(parsers.re(DECISION))
def decides(
    world: World, story: Story, person: str, tries: str | None, ref: str, lpo: str, level: str, org: str
) -> None:
    def decide() -> object:
        return world.advance(
            story.item,
            lpo,
            "decide",
            person,
            ref=ref,
            values={"body": "Länsgemensam ledningsgrupp Dalarna", world.code(org): level},
        )

    if tries:
        attempt(story, decide)
    else:
        decide()


@given(
    parsers.parse('att LPO psykisk hälsa Dalarna har beslutat om "{title}" med målnivå {level:d} för Region Dalarna')
)
def decided(world: World, story: Story, title: str, level: int) -> None:
    story.item = world.item(item_of(title), title)
    world.refer(story.item, date(2027, 3, 31))
    world.answer_below(story.item, NPO, including=True)
    _adopt(world, story.item, "Nora Lind", "2027-05-12", "SKS 2027:7")
    world.advance(
        story.item,
        LPO,
        "decide",
        "Sara Ek",
        ref="LPO 2027:3",
        values={"body": "Länsgemensam ledningsgrupp Dalarna", "region-dalarna": level},
    )


@then(parsers.parse("ska {org} vara klar med GAP-analysen senast {day}"))
def gap_due(world: World, story: Story, org: str, day: str) -> None:
    assert line_of(world, story, org).row.due == date.fromisoformat(day)


@then(parsers.parse("har {org} ingen svarsdag kvar"))
def no_deadline_left(world: World, story: Story, org: str) -> None:
    assert line_of(world, story, org).row.due is None


@then("nekas steget med ett besked som frågar efter antalet brister")
def asks_for_gaps(story: Story) -> None:
    assert story.refusal is not None, "the step was not refused"
    assert "--set gaps=… (ett antal)" in str(story.refusal), str(story.refusal)


@then(parsers.parse("är målnivån {targets}"))
def target_levels(world: World, story: Story, targets: str) -> None:
    for level, orgs in re.findall(r"(\d) för (.+?)(?= och \d|$)", targets):
        for org in names(orgs):
            assert line_of(world, story, org).row.target_level == int(level), org


GAP = (
    r'(?P<person>.+?) (?P<tries>försöker )?slutför(?:a)? GAP-analysen för (?P<org>.+?) med rapport "(?P<ref>[^"]+)"'
    r"(?: och (?P<gaps>\d+) gap| men utan gap)"
)


@when(parsers.re(GAP))
def completes_gap(
    world: World, story: Story, person: str, tries: str | None, org: str, ref: str, gaps: str | None
) -> None:
    values = {"gaps": gaps} if gaps is not None else {}
    if tries:
        attempt(story, lambda: world.advance(story.item, org, "complete_gap", person, ref=ref, values=values))
    else:
        world.advance(story.item, org, "complete_gap", person, ref=ref, values=values)


@given(parsers.parse("att {person} har slutfört GAP-analysen för {org}"))
def gap_done(world: World, story: Story, person: str, org: str) -> None:
    world.advance(story.item, org, "complete_gap", person, ref=f"GAP {org}", values={"gaps": 2})


LEVEL = r"(?:att )?(?P<person>.+?) (?P<tries>försöker )?(?:registrerar|registrera|har registrerat) att (?P<org>.+?) nått nivå (?P<level>\d)"


@given(parsers.re(LEVEL))
@when(parsers.re(LEVEL))
def reaches_level(world: World, story: Story, person: str, tries: str | None, org: str, level: str) -> None:
    if tries:
        story.history_before[org] = len(history_of(world, story, org))
        attempt(story, lambda: world.advance(story.item, org, "reach_level", person, values={"level": level}))
    else:
        world.advance(story.item, org, "reach_level", person, values={"level": level})


@then(parsers.parse("är {org} på nivå {level:d} av {target:d}"))
def level_of(world: World, story: Story, org: str, level: int, target: int) -> None:
    row = line_of(world, story, org).row
    assert (row.level, row.target_level) == (level, target)


@given("att Falun har nått nivå 2 och är implementerad")
def falun_implemented(world: World, story: Story) -> None:
    world.advance(story.item, "Falun", "complete_gap", "Anna Andersson", ref="GAP Falun", values={"gaps": 2})
    for level in (1, 2):
        world.advance(story.item, "Falun", "reach_level", "Anna Andersson", values={"level": level})
    assert line_of(world, story, "Falun").row.state == "implemented"


@when(parsers.parse('{person} reviderar "{title}" med motiveringen "{note}"'))
def revises(world: World, story: Story, person: str, title: str, note: str) -> None:
    world.advance(item_of(title), NPO, "revise", person, ref="Revision", note=note)


def _revise_on_remiss(world: World, title: str, person: str, due: str) -> object:
    return world.advance(item_of(title), NPO, "revise", person, ref="Revision", values={"due": due})


@when(parsers.parse('{person} reviderar "{title}" och skickar den nya versionen på remiss med svar senast {due}'))
def revises_on_remiss(world: World, story: Story, person: str, title: str, due: str) -> None:
    _revise_on_remiss(world, title, person, due)


@given(parsers.parse('att {person} har skickat en ny version av "{title}" på remiss med svar senast {due}'))
def revised_on_remiss(world: World, story: Story, person: str, title: str, due: str) -> None:
    _revise_on_remiss(world, title, person, due)


@given(parsers.parse("att {org} har tillkommit under {lpo}"))
def joined_later(world: World, story: Story, org: str, lpo: str) -> None:
    world.org(org, "kommun", lpo)
    world.person(f"Kontaktperson i {org}", "kontaktperson", org)


@given(parsers.parse('att SKS har fastställt version 2 av "{title}"'))
def version_two(world: World, story: Story, title: str) -> None:
    world.advance(item_of(title), NPO, "revise", "Nora Lind", ref="Revision")
    _adopt(world, item_of(title), "Nora Lind", "2027-11-10", "SKS 2027:19")


@then(parsers.parse("visar historiken för {org} steg i både version 1 och version 2"))
def both_versions(world: World, story: Story, org: str) -> None:
    assert {line.record.item_version for line in history_of(world, story, org)} == {1, 2}


@given(parsers.parse('att {person} har återkallat "{title}"'))
def has_withdrawn(world: World, story: Story, person: str, title: str) -> None:
    world.advance(item_of(title), NPO, "withdraw", person, values={"reason": "Återkallad"})


@when(parsers.parse('{person} återkallar "{title}" med motiveringen "{reason}"'))
def withdraws(world: World, story: Story, person: str, title: str, reason: str) -> None:
    world.advance(item_of(title), NPO, "withdraw", person, values={"reason": reason})


@then("har ingen organisation någon svarsdag kvar")
def no_deadlines(world: World, story: Story) -> None:
    assert all(line.row.due is None for line in status(world.services, story.item))
