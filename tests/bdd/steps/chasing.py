"""Steps for the ladders and the yearly follow-up (R11, R14): days pass, reminders go out, people get mail."""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, parsers, then, when

from kgflow.service.delivery import send_notices
from kgflow.service.items import list_items
from kgflow.service.mail import Mail
from kgflow.service.queries import status
from kgflow.service.sweep import sweep
from kgflow.testing import World
from tests.bdd.steps.common import Story, item_of, names
from tests.smtp import SmtpServer

WHAT = {
    "en påminnelse": "kvar).",
    "ett besked om sista dagen": "senast i dag",
    "en eskalering": "Eskalerat till dig",
}


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


@then(parsers.re(r"får (?P<person>.+?) (?P<what>en påminnelse|ett besked om sista dagen|en eskalering) om (?P<org>.+)"))
def gets(world: World, story: Story, smtp_server: SmtpServer, person: str, what: str, org: str) -> None:
    wanted = [line for line in lines_to(smtp_server, world, story, person) if f"{org} –" in line and WHAT[what] in line]
    assert wanted, lines_to(smtp_server, world, story, person)


@then(parsers.parse("får {person} ingenting om {org}"))
def gets_nothing(world: World, story: Story, smtp_server: SmtpServer, person: str, org: str) -> None:
    assert not [line for line in lines_to(smtp_server, world, story, person) if f"{org} –" in line]


@then(parsers.parse("har {person} fått exakt en påminnelse om {org}"))
def exactly_one(world: World, story: Story, smtp_server: SmtpServer, person: str, org: str) -> None:
    reminders = [
        line
        for line in lines_to(smtp_server, world, story, person)
        if f"{org} –" in line and WHAT["en påminnelse"] in line
    ]
    assert len(reminders) == 1


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
