"""Steps for the ladders and the yearly follow-up (R11, R14): days pass, reminders go out, people get mail."""

from __future__ import annotations

import re
from datetime import date

from pytest_bdd import given, parsers, then, when
from sqlalchemy import select, update

from kgflow.persistence.database import Database
from kgflow.persistence.tables import instance, item, organisation
from kgflow.service.delivery import send_notices
from kgflow.service.items import list_items
from kgflow.service.mail import Mail
from kgflow.service.queries import status
from kgflow.service.sweep import rungs_written, sweep
from kgflow.testing import World
from tests.bdd.steps.common import Story, item_of, names
from tests.smtp import SmtpServer

WHAT = {
    "en påminnelse": "kvar).",
    "ett besked om sista dagen": "senast i dag",
    "ett besked om att svaret är försenat": "snarast",
    "en eskalering": "Eskalerat till dig",
}
# "en eskalering som ordförande i LPO:n" → the line says "Eskalerat till dig som ordförande i LPO …".
ESCALATED_AS = re.compile(r"en eskalering som (?P<role>\S+) i (?P<kind>\w+):n")
WHAT_PATTERN = (
    r"en påminnelse|ett besked om sista dagen|ett besked om att svaret är försenat|en eskalering(?: som \S+ i \S+)?"
)
RUNGS = {
    "påminnelsen": "reminder",
    "beskedet": "notice",
    "den första eskaleringen": "escalation-1",
    "den andra eskaleringen": "escalation-2",
}


def says(what: str) -> str:
    """What a notice line says for ``what`` ("en eskalering som sekreterare i LPO:n")."""
    escalated = ESCALATED_AS.fullmatch(what)
    if escalated:
        return f"Eskalerat till dig som {escalated['role']} i {escalated['kind']} "
    return WHAT[what]


def about(line: str, org: str) -> bool:
    """Whether a notice line is about ``org``: "  - Borlänge – På remiss: …" or "…: Borlänge har inte …"."""
    return re.search(rf"(^  - |: ){re.escape(org)} ", line) is not None


def reminders_go_out(world: World, mail: Mail) -> None:
    sweep(world.services)
    send_notices(world.services, mail)


def lines_to(server: SmtpServer, world: World, story: Story, person: str) -> list[str]:
    """The notice lines about the scenario's item in the digests ``person`` received.

    A digest heads each item's lines with its title and code: "PSVF ADHD (psvf-adhd)".
    """
    code = world.people[person]
    lines: list[str] = []
    for received in server.received:
        if not any(address.startswith(f"{code}@") for address in received.recipients):
            continue
        body = received.message.get_body(preferencelist=("plain",))
        assert body is not None
        item = None
        for line in body.get_content().splitlines():
            if line.endswith(")") and not line.startswith(" "):
                item = line.rpartition("(")[2][:-1]
            elif line.startswith("  - ") and item == story.item:
                lines.append(line)
    return lines


@when(parsers.parse("det blir {day} och påminnelserna går ut"))
def day_passes(world: World, smtp_mail: Mail, day: str) -> None:
    world.clock.set(date.fromisoformat(day))
    reminders_go_out(world, smtp_mail)


@when("påminnelserna går ut igen samma dag")
def again(world: World, smtp_mail: Mail) -> None:
    reminders_go_out(world, smtp_mail)


def lines_saying(server: SmtpServer, world: World, story: Story, person: str, what: str, org: str) -> list[str]:
    return [line for line in lines_to(server, world, story, person) if about(line, org) and says(what) in line]


@then(parsers.re(rf"får (?P<person>.+?) (?P<what>{WHAT_PATTERN}) om (?P<org>.+)"))
def gets(world: World, story: Story, smtp_server: SmtpServer, person: str, what: str, org: str) -> None:
    assert lines_saying(smtp_server, world, story, person, what, org), lines_to(smtp_server, world, story, person)


@then(parsers.parse("får {person} ingenting om {org}"))
def gets_nothing(world: World, story: Story, smtp_server: SmtpServer, person: str, org: str) -> None:
    assert not [line for line in lines_to(smtp_server, world, story, person) if about(line, org)]


@then(parsers.parse("får {person} inget besked om att svaret är försenat om {org}"))
def no_late_notice(world: World, story: Story, smtp_server: SmtpServer, person: str, org: str) -> None:
    assert not lines_saying(smtp_server, world, story, person, "ett besked om att svaret är försenat", org)


@then(parsers.re(rf"har (?P<person>.+?) fått exakt (?P<what>{WHAT_PATTERN}) om (?P<org>.+)"))
def exactly_one(world: World, story: Story, smtp_server: SmtpServer, person: str, what: str, org: str) -> None:
    assert len(lines_saying(smtp_server, world, story, person, what, org)) == 1


@then(parsers.parse("är {rungs} om {org} noterade som överhoppade"))
def recorded_skipped(world: World, story: Story, rungs: str, org: str) -> None:
    written = rungs_written(world.services, story.item, world.code(org))
    skipped = {rung.rung for rung in written if rung.status == "skipped"}
    assert skipped == {RUNGS[name] for name in names(rungs)}, written


@given(parsers.parse("att {person} är ordförande i {org}"))
def chair(world: World, person: str, org: str) -> None:
    world.person(person, "ordforande", org)


@given(parsers.parse('att {lpo} har pausat "{title}" för länet den {day}'))
def held(world: World, story: Story, database_url: str, lpo: str, title: str, day: str) -> None:
    """The hold of R16, written straight into the instances until the hold service exists.

    It pauses the LPO's instance of the item and every instance below it, as the hold will.
    """
    database = Database.from_url(database_url)
    try:
        with database.engine.begin() as connection:
            [(path,)] = connection.execute(select(organisation.c.path).where(organisation.c.code == world.code(lpo)))
            below = select(organisation.c.id).where(organisation.c.path.startswith(path))
            of_item = select(item.c.id).where(item.c.code == item_of(title))
            connection.execute(
                update(instance)
                .where(instance.c.org_id.in_(below) & instance.c.item_id.in_(of_item))
                .values(held_since=date.fromisoformat(day))
            )
    finally:
        database.dispose()


def round_code(title: str, year: str) -> str:
    return f"{item_of(title)}-uppfoljning-{year}"


@then(parsers.parse('har ingen uppföljning av "{title}" öppnats'))
def no_round(world: World, title: str) -> None:
    assert not [s for s in list_items(world.services) if s.item.code.startswith(f"{item_of(title)}-uppfoljning")]


@then(
    parsers.re(r'har uppföljningen (?P<year>\d{4}) av "(?P<title>[^"]+)" öppnats för (?P<orgs>.+?)(?P<once>, en gång)?')
)
def round_opened(world: World, story: Story, year: str, title: str, orgs: str, once: str | None) -> None:
    story.item = round_code(title, year)
    opened = {line.row.org: line.row.state for line in status(world.services, story.item)}
    for org in names(orgs):
        assert opened.get(world.code(org)) == "open", org
    if once:
        assert [s.item.code for s in list_items(world.services)].count(story.item) == 1


@then(parsers.parse("har uppföljningen {year} inte öppnats för {orgs}"))
def round_not_for(world: World, story: Story, year: str, orgs: str) -> None:
    opened = {line.row.org for line in status(world.services, story.item)}
    assert not {world.code(org) for org in names(orgs)} & opened


@then(parsers.parse("ska {org} besvara uppföljningen senast {day}"))
def round_due(world: World, story: Story, org: str, day: str) -> None:
    [line] = [line for line in status(world.services, story.item, world.code(org)) if line.row.org == world.code(org)]
    assert line.row.due == date.fromisoformat(day)


@given(parsers.parse('att uppföljningen {year} av "{title}" har öppnats'))
def round_has_opened(world: World, story: Story, smtp_mail: Mail, year: str, title: str) -> None:
    world.clock.set(date(int(year), 12, 1))
    reminders_go_out(world, smtp_mail)
    story.item = round_code(title, year)


@given(parsers.parse("att {person} har besvarat uppföljningen för {org}"))
def answered_round(world: World, story: Story, person: str, org: str) -> None:
    world.advance(story.item, org, "report", person, ref="Enkätsvar", values={"level": 1})
