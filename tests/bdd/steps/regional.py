"""Steps for a regional guideline: commission, working group, remiss in the län, decision, implementation (R15)."""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, parsers, then, when

from kgflow.testing import World
from tests.bdd.steps.common import Story, attempt, history_of, item_of, names

BODY = "Länschefsnätverket Dalarna"
CHAIR = "Greta Lund"
SCHOOL_WARNING = "Ingen från skolan eller elevhälsan är med i arbetsgruppen"


@given(parsers.parse('att Länschefsnätverket Dalarna har gett uppdraget att revidera "{title}"'))
def commissioned(world: World, story: Story, title: str) -> None:
    story.item = world.item(item_of(title), title, kind="riktlinje", owner=BODY, by=CHAIR)


@given(parsers.parse('att {person} har utsett arbetsgruppen "{members}"'))
@when(parsers.parse('{person} utser arbetsgruppen "{members}"'))
def appoints(world: World, story: Story, person: str, members: str) -> None:
    result = world.advance(story.item, BODY, "appoint_group", person, values={"members": members})
    story.warnings = list(result.warnings)


@then("varnas det för att skolan eller elevhälsan saknas")
def warned(story: Story) -> None:
    assert any(SCHOOL_WARNING in warning for warning in story.warnings), story.warnings


@then("varnas det inte")
def not_warned(story: Story) -> None:
    assert story.warnings == []


@then(parsers.parse("står varningen i historiken för {org}"))
def warning_recorded(world: World, story: Story, org: str) -> None:
    recorded = history_of(world, story, org)[-1].record.fields.get("warnings", [])
    assert any(SCHOOL_WARNING in warning for warning in recorded)


@when(parsers.parse('{person} lämnar förslaget "{ref}"'))
def submits_draft(world: World, story: Story, person: str, ref: str) -> None:
    world.advance(story.item, BODY, "submit_draft", person, ref=ref)


@when(parsers.parse("{person} skickar förslaget på remiss till länets huvudmän med svar senast {due}"))
def refers_in_lan(world: World, story: Story, person: str, due: str) -> None:
    world.advance(story.item, BODY, "refer", person, values={"due": due})


@given(parsers.parse('att förslaget "{ref}" är på remiss hos länets huvudmän'))
def on_remiss_in_lan(world: World, story: Story, ref: str) -> None:
    world.advance(story.item, BODY, "appoint_group", CHAIR, values={"members": "RSS Dalarna; Elevhälsan, Borlänge"})
    world.advance(story.item, BODY, "submit_draft", CHAIR, ref=ref)
    world.advance(story.item, BODY, "refer", CHAIR, values={"due": date(2027, 4, 30).isoformat()})


@given(parsers.parse("att {orgs} har svarat på remissen"))
@when(parsers.parse("{orgs} har svarat på remissen"))
def huvudman_answered(world: World, story: Story, orgs: str) -> None:
    for org in names(orgs):
        world.advance(story.item, org, "answer", world.answerer(story.item, org), ref=f"Yttrande {org}")


@when(parsers.re(r'(?P<person>.+?) (?P<tries>försöker )?besluta(?:r)? om riktlinjen med beslutet "(?P<ref>[^"]+)"'))
def decides_guideline(world: World, story: Story, person: str, tries: str | None, ref: str) -> None:
    if tries:
        attempt(story, lambda: world.advance(story.item, BODY, "decide", person, ref=ref))
    else:
        world.advance(story.item, BODY, "decide", person, ref=ref)


@when(parsers.parse("{person} rapporterar att riktlinjen är införd i {org}"))
def reports_implemented(world: World, story: Story, person: str, org: str) -> None:
    world.advance(story.item, org, "report_implemented", person, ref=f"Rapport {org}")
