"""Steps for a län's follow-up round with questions (R14, seed 002): opening, answering, compiling, the report.

The round is the shipped Värmland definition (``workflows/uppfoljningar/``) on the small chain's
LPO Värmland; answers and compiling go through the services as the CLI's do.
"""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, parsers, then, when

from kgflow.domain.follow_up import FollowUpDefinition
from kgflow.service.follow_up_answers import answer_round, compile_round
from kgflow.service.follow_up_report import round_report
from kgflow.service.follow_up_rounds import follow_up_definitions
from kgflow.service.items import list_items
from kgflow.service.mail import Mail
from kgflow.service.queries import status
from kgflow.testing import World
from tests.bdd.steps.chasing import lines_saying, reminders_go_out
from tests.bdd.steps.common import Story, attempt, history_of, names
from tests.smtp import SmtpServer

KIND_WORDS = {"kommuner": "kommun", "kommun": "kommun", "regioner": "region", "region": "region"}


def _definition(world: World) -> FollowUpDefinition:
    [definition] = [d for d in follow_up_definitions(world.services, strict=True) if d.owner == "lpo-varmland"]
    return definition


def _answers(text: str) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in text.split(","))


@given(
    parsers.parse(
        "att {lpo} följer upp länets plan med enkäten ute {opens}, svar senast {answers} och sammanställning "
        "senast {compiled}"
    )
)
def follows_up(world: World, story: Story, lpo: str, opens: str, answers: str, compiled: str) -> None:
    definition = _definition(world)
    assert definition.owner == world.code(lpo)
    shown = [
        f"{month:02}-{day:02}" for month, day in (definition.opens, definition.answers_due, definition.compiled_due)
    ]
    assert shown == [opens, answers, compiled]
    story.remembered["definition"] = definition


@given(parsers.parse("att {org} är en {kind} under {lpo} med {person} som kontaktperson"))
def huvudman(world: World, org: str, kind: str, lpo: str, person: str) -> None:
    world.org(org, kind, lpo, lan="17")
    world.person(person, "kontaktperson", org)


def _round(story: Story, year: str) -> str:
    definition: FollowUpDefinition = story.remembered["definition"]
    story.item = definition.round_code(int(year))
    return story.item


@then(parsers.parse("har uppföljningsrundan {year} inte öppnats"))
def not_opened(world: World, story: Story, year: str) -> None:
    code = _round(story, year)
    assert code not in [s.item.code for s in list_items(world.services)]


@then(parsers.parse("har uppföljningsrundan {year} öppnats en gång, för {orgs}"))
def opened(world: World, story: Story, year: str, orgs: str) -> None:
    code = _round(story, year)
    assert [s.item.code for s in list_items(world.services)].count(code) == 1
    states = {line.row.org: line.row.state for line in status(world.services, code)}
    assert {org: state for org, state in states.items() if org != "lpo-varmland"} == {
        world.code(org): "open" for org in names(orgs)
    }


@then(parsers.parse("ska svaren vara inne senast {day}, sista arbetsdagen före den 15 januari"))
def answers_due(world: World, story: Story, day: str) -> None:
    for line in status(world.services, story.item):
        expected = date(2028, 1, 31) if line.row.org == "lpo-varmland" else date.fromisoformat(day)
        assert line.row.due == expected, line.row.org


@given(parsers.parse("att uppföljningsrundan {year} har öppnats"))
def round_has_opened(world: World, story: Story, smtp_mail: Mail, year: str) -> None:
    world.clock.set(date(int(year), 12, 1))
    reminders_go_out(world, smtp_mail)
    _round(story, year)


@when(parsers.parse("{person} besvarar rundan för {org} med {answers}"))
@given(parsers.parse("att {person} har besvarat rundan för {org} med {answers}"))
def answers(world: World, story: Story, person: str, org: str, answers: str) -> None:
    answer_round(world.services, story.item, world.code(org), _answers(answers), world.people[person])


@given(parsers.parse("att {person} har besvarat rundan för {org}"))
def has_answered(world: World, story: Story, person: str, org: str) -> None:
    answer_round(world.services, story.item, world.code(org), {"kompetens_plan": "ja", "tidig_rutin": "4"},
                 world.people[person])  # fmt: skip


@when(parsers.parse("{person} försöker besvara rundan för {org} med {answers}"))
def tries_to_answer(world: World, story: Story, person: str, org: str, answers: str) -> None:
    story.history_before[org] = len(history_of(world, story, org))
    attempt(story, lambda: answer_round(world.services, story.item, world.code(org), _answers(answers),
                                        world.people[person]))  # fmt: skip


@then(parsers.parse("har {org} besvarat rundan"))
def has_reported(world: World, story: Story, org: str) -> None:
    [line] = [line for line in status(world.services, story.item) if line.row.org == world.code(org)]
    assert line.row.state == "reported"


@then(parsers.parse("har {org} inte besvarat rundan"))
def has_not_reported(world: World, story: Story, org: str) -> None:
    [line] = [line for line in status(world.services, story.item) if line.row.org == world.code(org)]
    assert line.row.state == "open"
    summary = round_report(world.services, story.item).current
    assert all(s.answered == 0 for _, questions in summary.areas for s in questions)


@then(parsers.parse("visar historiken för {org} svaret {value:d} på {question}"))
def history_carries(world: World, story: Story, org: str, value: int, question: str) -> None:
    last = history_of(world, story, org)[-1]
    assert last.record.event == "report"
    assert last.record.fields["answers"][question] == value


@when(parsers.parse("{person} försöker sammanställa rundan"))
def tries_to_compile(world: World, story: Story, person: str) -> None:
    attempt(story, lambda: compile_round(world.services, story.item, world.people[person], "försök"))


@when(parsers.parse('{person} sammanställer rundan med diarienummer "{ref}"'))
@given(parsers.parse("att {person} har sammanställt rundan"))
def compiles(world: World, story: Story, person: str, ref: str = "LPO-V 2028/1") -> None:
    compile_round(world.services, story.item, world.people[person], ref)


@then(parsers.parse("visar årsrapporten att {answered:d} av {total:d} {kind} har svarat ({percent:d} %)"))
def report_rate(world: World, story: Story, answered: int, total: int, kind: str, percent: int) -> None:
    summary = round_report(world.services, story.item).current
    rate = summary.overall if kind == "huvudmän" else dict(summary.rates)[KIND_WORDS[kind]]
    assert (rate.answered, rate.total, rate.percent) == (answered, total, percent)


@then(parsers.parse("visar årsrapporten medelvärdet {mean:g} för {question}"))
def report_mean(world: World, story: Story, mean: float, question: str) -> None:
    summary = round_report(world.services, story.item).current
    [found] = [s for _, questions in summary.areas for s in questions if s.question.id == question]
    assert found.mean == mean


def _sections(server: SmtpServer, world: World, person: str, item: str) -> list[list[str]]:
    """Per digest ``person`` received, the lines under ``item``'s heading ("Title (code)")."""
    found = []
    for received in server.received:
        if not any(address.startswith(f"{world.people[person]}@") for address in received.recipients):
            continue
        body = received.message.get_body(preferencelist=("plain",))
        assert body is not None
        lines, inside = [], False
        for line in body.get_content().splitlines():
            if line.endswith(")") and not line.startswith(" "):
                inside = line.endswith(f"({item})")
            elif inside and line.strip():
                lines.append(line)
        if lines:
            found.append(lines)
    return found


@then(parsers.parse("har {person} fått ett besked om att uppföljningsrundan {year} har öppnat för {org}, med frågorna"))
def told_of_opening(world: World, story: Story, smtp_server: SmtpServer, person: str, year: str, org: str) -> None:
    code = _round(story, year)
    opened = [
        lines for lines in _sections(smtp_server, world, person, code) if "årets uppföljning har öppnat" in lines[0]
    ]
    assert len(opened) == 1, opened
    [lines] = opened
    assert lines[0].startswith(f"  - {org} – årets uppföljning har öppnat:")
    assert "senast 2028-01-14" in lines[0]
    definition: FollowUpDefinition = story.remembered["definition"]
    for question in definition.questions:
        assert any(question.text in line and f"[{question.id}:" in line for line in lines), question.id


@then(parsers.parse("får {person} ingen påminnelse om {org}"))
def not_reminded(world: World, story: Story, smtp_server: SmtpServer, person: str, org: str) -> None:
    assert not lines_saying(smtp_server, world, story, person, "en påminnelse", org)
