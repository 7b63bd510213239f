"""Steps for programområden and the structure (R18): several areas, further parents, Gotland, formal names."""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, parsers, then, when

from kgflow.domain.errors import KgflowError
from kgflow.service.items import list_items
from kgflow.service.organisations import NewPerson, list_orgs, store
from kgflow.service.ports import NewOrganisation
from kgflow.service.queries import status
from kgflow.service.refer import refer
from kgflow.service.reporting import implementation_matrix
from kgflow.service.todo import todo
from kgflow.testing import World
from tests.bdd.steps.common import TITLES, Story, attempt, names

TITLES["VIP Fallprevention"] = "vip-fallprevention"

AREAS = {"psykisk hälsa": "psykisk-halsa", "äldres hälsa": "aldres-halsa"}
NPO_COORDINATOR = {"NPO psykisk hälsa": "Nora Lind", "NPO äldres hälsa": "Nils Åberg"}


@given(
    parsers.parse(
        "att programområdet äldres hälsa har NPO äldres hälsa, RPO äldres hälsa Mellansverige "
        "och LPO äldres hälsa Dalarna"
    )
)
def second_area(world: World) -> None:
    area = "aldres-halsa"
    world.org("NPO äldres hälsa", "npo", code="npo-aldres-halsa", area=area)
    world.person("Nils Åberg", "samordnare", "NPO äldres hälsa")
    world.org(
        "RPO äldres hälsa Mellansverige", "rpo", "NPO äldres hälsa", code="rpo-aldres-halsa-mellansverige", area=area
    )
    world.person("Rakel Ås", "samordnare", "RPO äldres hälsa Mellansverige")
    world.org(
        "LPO äldres hälsa Dalarna", "lpo", "RPO äldres hälsa Mellansverige", code="lpo-aldres-halsa-dalarna", area=area
    )


@given(parsers.parse("att {orgs} också hör till {parent}"))
def also_under(world: World, orgs: str, parent: str) -> None:
    for org in names(orgs):
        world.link(org, parent)


@given(parsers.re(r"att (?P<person>.+?) (?:också )?är sekreterare i (?P<org>.+)"))
def secretary(world: World, person: str, org: str) -> None:
    world.person(person, "sekreterare", org)


def _add(world: World, title: str, npo: str) -> str:
    return world.item(TITLES[title], title, "vip" if title.startswith("VIP") else "psvf", by=NPO_COORDINATOR[npo])


@given(parsers.re(r'att (?P<npo>NPO äldres hälsa) har tagit fram "(?P<title>[^"]+)"'))
def drafted_in_area(world: World, story: Story, npo: str, title: str) -> None:
    story.item = _add(world, title, npo)


@given(
    parsers.re(r'att (?P<npo>NPO äldres hälsa) har skickat "(?P<title>[^"]+)" på remiss med svar senast (?P<due>\S+)')
)
def referred_in_area(world: World, story: Story, npo: str, title: str, due: str) -> None:
    story.item = _add(world, title, npo)
    refers_in_area(world, story, npo, title, due)


@when(parsers.re(r'(?P<npo>NPO äldres hälsa) skickar "(?P<title>[^"]+)" på remiss med svar senast (?P<due>\S+)'))
def refers_in_area(world: World, story: Story, npo: str, title: str, due: str) -> None:
    refer(world.services, TITLES[title], date.fromisoformat(due).isoformat(), actor=world.people[NPO_COORDINATOR[npo]])


@then(parsers.parse('hör "{title}" till programområdet {area}'))
def belongs_to(world: World, title: str, area: str) -> None:
    [summary] = [s for s in list_items(world.services) if s.item.title == title]
    assert summary.item.area == AREAS[area]


@then(parsers.re(r'svarar (?P<org>.+?) till (?P<parent>[^"]+?)(?: på "(?P<title>[^"]+)")?$'))
def answers_to(world: World, story: Story, org: str, parent: str, title: str | None) -> None:
    item = TITLES[title] if title else story.item
    with world.services.uow() as uow:
        subject = uow.instances.subject_by_codes(item, world.code(org))
        assert subject is not None
        assert subject.instance.parent_id is not None
        found = uow.instances.with_org(subject.instance.parent_id)
    assert found is not None
    assert found[1].code == world.code(parent)


@then(parsers.parse("väntar {titles} på {person} för {org}"))
def waiting_for(world: World, person: str, titles: str, org: str) -> None:
    found = todo(world.services, world.people[person], org=world.code(org))
    waiting = {entry.row.item for entry in found.waiting if entry.row.org == world.code(org)}
    assert waiting == {TITLES[title.strip('"')] for title in names(titles)}, waiting


@when(parsers.re(r'(?P<person>.+?) (?P<tries>försöker lämna|lämnar) remissvar på "(?P<title>[^"]+)" för (?P<org>.+)'))
def answers_item(world: World, story: Story, person: str, tries: str, title: str, org: str) -> None:
    def answer() -> object:
        return world.advance(TITLES[title], org, "answer", person, ref=f"Svar {org}")

    if tries == "lämnar":
        answer()
    else:
        attempt(story, answer)


@then(parsers.parse("har {org} svarat på {titles}"))
def has_answered(world: World, org: str, titles: str) -> None:
    for title in names(titles.replace("både ", "")):
        [line] = [
            line
            for line in status(world.services, TITLES[title.strip('"')], world.code(org))
            if line.row.org == world.code(org)
        ]
        assert line.row.state == "answered", (title, line.row.state)


@then(parsers.parse("visar status för programområdet {area} bara {titles}"))
def status_of_area(world: World, area: str, titles: str) -> None:
    shown = {line.row.item for line in status(world.services, area=area)}
    assert shown == {TITLES[title.strip('"')] for title in names(titles)}


@then(parsers.parse("visar listan över kunskapsstöd för programområdet {area} bara {titles}"))
def items_of_area(world: World, area: str, titles: str) -> None:
    shown = {summary.item.code for summary in list_items(world.services, area=area)}
    assert shown == {TITLES[title.strip('"')] for title in names(titles)}


@then(parsers.parse("visar listan över LPO:er för programområdet {area} bara {orgs}"))
def lpos_of_area(world: World, area: str, orgs: str) -> None:
    shown = {org.code for org in list_orgs(world.services, kind="lpo", area=area)}
    assert shown == {world.code(org) for org in names(orgs)}


@when(parsers.parse('någon frågar efter status för programområdet "{area}"'))
def asks_for_area(story: Story, world: World, area: str) -> None:
    try:
        status(world.services, area=area)
    except KgflowError as refusal:
        story.refusal = refusal


# ---------------------------------------------------------------- the structure


@given(
    parsers.parse(
        "att LPO psykisk hälsa Gotland under RPO psykisk hälsa Stockholm-Gotland har Region Gotland, "
        "som också är Gotlands kommun med kommunkod {number}"
    )
)
def gotland(world: World, number: str) -> None:
    world.org(
        "RPO psykisk hälsa Stockholm-Gotland",
        "rpo",
        "NPO psykisk hälsa",
        code="rpo-stockholm-gotland",
        area="psykisk-halsa",
    )
    world.org(
        "LPO psykisk hälsa Gotland",
        "lpo",
        "RPO psykisk hälsa Stockholm-Gotland",
        code="lpo-gotland",
        area="psykisk-halsa",
    )
    _huvudman(world, "Region Gotland", "region", "LPO psykisk hälsa Gotland", "Gotland", number, "region-gotland")


def _huvudman(
    world: World,
    name: str,
    kind: str,
    parent: str,
    short: str,
    number: str | None,
    code: str,
    *,
    also: tuple[str, ...] = (),
) -> None:
    new = NewOrganisation(
        code, name, kind, world.code(parent), number, short_name=short, also_under=tuple(world.code(o) for o in also)
    )
    with world.services.uow(write=True) as uow:
        store(uow, [new], [], actor="system", now=world.clock.now())
        uow.commit()
    world.codes[name] = code


@given(
    parsers.parse(
        "att LPO psykisk hälsa Halland står under RPO psykisk hälsa Södra och också under "
        "RPO psykisk hälsa Västra, med Region Halland och Halmstads kommun"
    )
)
def halland(world: World) -> None:
    area = "psykisk-halsa"
    world.org("RPO psykisk hälsa Södra", "rpo", "NPO psykisk hälsa", code="rpo-sodra", area=area)
    world.org("RPO psykisk hälsa Västra", "rpo", "NPO psykisk hälsa", code="rpo-vastra", area=area)
    world.org(
        "LPO psykisk hälsa Halland", "lpo", "RPO psykisk hälsa Södra", code="lpo-halland", area=area,
        also_under=("RPO psykisk hälsa Västra",),
    )  # fmt: skip
    _huvudman(world, "Region Halland", "region", "LPO psykisk hälsa Halland", "Halland", None, "region-halland")
    _huvudman(world, "Halmstads kommun", "kommun", "LPO psykisk hälsa Halland", "Halmstad", "1380", "halmstad")


@given(
    parsers.parse("att {name} (kortnamn {short}, kommunkod {number}) hör till {parent} med kontaktpersonen {person}")
)
def kommun_with_formal_name(world: World, name: str, short: str, number: str, parent: str, person: str) -> None:
    from kgflow.sample.structure import slug

    _huvudman(world, name, "kommun", parent, short, number, slug(short))
    code = world.people.get(person) or slug(person).replace("-", ".")
    with world.services.uow(write=True) as uow:
        new = NewPerson(code, person, f"{code}@{slug(short)}.example", (("kontaktperson", slug(short)),))
        store(uow, [], [new], actor="system", now=world.clock.now())
        uow.commit()
    world.people[person] = code


@then(parsers.parse("når remissen {org} en gång"))
def reached_once(world: World, story: Story, org: str) -> None:
    lines = [line for line in status(world.services, story.item) if line.row.org == world.code(org)]
    assert len(lines) == 1


@then(parsers.parse("finns ingen annan huvudman än {org} under {parent}"))
def only_huvudman(world: World, org: str, parent: str) -> None:
    shown = [o.code for o in list_orgs(world.services, kind="huvudman", under=world.code(parent))]
    assert shown == [world.code(org)]


@then(parsers.parse("räknas {org} bland kommunerna med kommunkod {number}"))
def among_kommuner(world: World, org: str, number: str) -> None:
    kommuner = {o.code: o.municipality_code for o in list_orgs(world.services, kind="kommun")}
    assert kommuner[world.code(org)] == number


@then(parsers.parse("får {org} remissen en gång, från {parent}"))
def once_from(world: World, story: Story, org: str, parent: str) -> None:
    reached_once(world, story, org)
    answers_to(world, story, org, parent, None)


@then(parsers.parse("listas {org} både under {first} och under {second}"))
def listed_under_both(world: World, org: str, first: str, second: str) -> None:
    for parent in (first, second):
        assert world.code(org) in {o.code for o in list_orgs(world.services, under=world.code(parent))}, parent


@then(parsers.parse('står {org} med sitt formella namn i införandematrisen för "{title}"'))
def formal_in_report(world: World, org: str, title: str) -> None:
    matrix = implementation_matrix(world.services, items=[TITLES[title]])
    assert org in {row.org.name for row in matrix.rows}
