"""The yearly report of a follow-up round (R14): loads a round and last year's, asks the domain to sum them up.

What ``kgflow uppfoljning show`` and ``report`` show: who was asked and who
answered (per kommun and region, and overall), each question's summary per
insatsområde, and the same definition's previous round beside it where there
is one. Rendering (xlsx, HTML) is :mod:`kgflow.reports.follow_up`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kgflow.domain.errors import NotFound
from kgflow.domain.follow_up import Answer, FollowUpDefinition, RoundDates, read_answer
from kgflow.domain.follow_up_summary import QuestionSummary, Rate, summarise
from kgflow.domain.wording import t
from kgflow.service.context import Services
from kgflow.service.follow_up_rounds import round_of
from kgflow.service.ports import UnitOfWork

ANSWERED = ("reported", "compiled")


@dataclass(frozen=True)
class Recipient:
    """One asked organisation and where its answer stands."""

    code: str
    name: str
    kind: str
    state: str
    answered: bool
    late: bool
    due: date | None


@dataclass(frozen=True)
class RoundSummary:
    """One round as its report shows it."""

    code: str
    year: int
    state: str
    recipients: tuple[Recipient, ...]
    rates: tuple[tuple[str, Rate], ...]
    overall: Rate
    areas: tuple[tuple[str, tuple[QuestionSummary, ...]], ...]


@dataclass(frozen=True)
class RoundReport:
    """A round's report: its definition and dates, its summary, and last year's where there is one."""

    definition: FollowUpDefinition
    dates: RoundDates
    current: RoundSummary
    previous: RoundSummary | None


def round_report(services: Services, round_code: str) -> RoundReport:
    """The report of a round, with the same definition's round of the year before if it was held.

    Raises:
        NotFound: when there is no such round, or it has not opened.
    """
    definition, year = round_of(services, round_code)
    with services.uow() as uow:
        current = _summary(uow, definition, year)
        if current is None:
            raise NotFound(
                t("uppföljningsrunda"),
                round_code,
                sentence=t("Rundan {code} har inte öppnats än.", code=definition.round_code(year)),
            )
        previous = _summary(uow, definition, year - 1)
    return RoundReport(definition, definition.dates(year), current, previous)


def _summary(uow: UnitOfWork, definition: FollowUpDefinition, year: int) -> RoundSummary | None:
    item = uow.items.find(definition.round_code(year))
    if item is None:
        return None
    rows = uow.instances.status(item_id=item.id)
    owner_state = next((row.state for row in rows if row.org == definition.owner), "open")
    recipients = tuple(
        Recipient(row.org, row.org_name, row.org_kind, row.state, row.state in ANSWERED, row.late, row.due)
        for row in rows
        if row.org != definition.owner
    )
    kinds = sorted({r.kind for r in recipients}, key=lambda kind: ("region", "kommun", "unit").index(kind))
    rates = tuple((kind, _rate([r for r in recipients if r.kind == kind])) for kind in kinds)
    names = {row.org_id: row.org_name for row in rows}
    given: dict[str, list[tuple[str, Answer]]] = {}
    for stored in uow.answers.of_round(item.id):
        question = definition.question(stored.question)
        if question is None:
            continue  # a question since removed from the definition
        given.setdefault(stored.question, []).append(
            (names.get(stored.org_id, "?"), read_answer(question, stored.value))
        )
    areas = tuple(
        (area.title, tuple(summarise(q, sorted(given.get(q.id, []))) for q in area.questions))
        for area in definition.areas
    )
    return RoundSummary(item.code, year, owner_state, recipients, rates, _rate(list(recipients)), areas)


def _rate(recipients: list[Recipient]) -> Rate:
    return Rate(sum(1 for r in recipients if r.answered), len(recipients))


@dataclass(frozen=True)
class AnswerSheet:
    """One organisation's part of a round, for its answer form: the questions, where it stands, what it answered."""

    definition: FollowUpDefinition
    dates: RoundDates
    round_code: str
    org: str
    org_name: str
    state: str
    due: date | None
    answers: dict[str, str]

    @property
    def open(self) -> bool:
        """Whether the organisation can still answer."""
        return self.state == "open"


def answer_sheet(services: Services, round_code: str, org: str) -> AnswerSheet:
    """An organisation's answer form for a round.

    Raises:
        NotFound: when there is no such round, or the organisation is not asked in it.
    """
    from kgflow.service.lookup import find_subject

    definition, year = round_of(services, round_code)
    with services.uow() as uow:
        subject = find_subject(uow, definition.round_code(year), org)
        given = {
            stored.question: stored.value
            for stored in uow.answers.of_round(subject.item.id)
            if stored.org_id == subject.org.id
        }
    instance = subject.instance
    return AnswerSheet(
        definition,
        definition.dates(year),
        subject.item.code,
        subject.org.code,
        subject.org.name,
        instance.state,
        instance.due,
        given,
    )
