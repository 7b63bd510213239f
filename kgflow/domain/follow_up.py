"""Follow-up definitions and their answers (R14, seed 002), as plain values and the rules over them.

A follow-up definition names who owns the yearly round (the län's LPO or its
regional coordination), who answers it (the huvudmän: region, kommun, and units
if configured), the questions grouped by insatsområde, and three dates: the day
the round opens, the day answers are due and the day it is to be compiled.
This module decides the dates of a year's round and whether a given answer fits
its question; it reads no files and no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kgflow.domain import text as limits
from kgflow.domain.calendar import working_days_before
from kgflow.domain.errors import UsageError
from kgflow.domain.wording import Phrase, joined, t

MonthDay = tuple[int, int]
Answer = str | int | float | bool
"""A checked answer: text for fritext and val, a bool for ja/nej, an int for skala, a number for tal."""


OPENED = "opened"
"""The notice a round's recipients get the day it opens: the questions, or a link to them (not a ladder's rung)."""
ROUND_PREFIX = "uppfoljning-"
"""How the code of a round that a follow-up definition opens begins (the rounds of single items end so)."""


def answer_form_path(round_code: str, org_code: str) -> str:
    """Where an organisation answers a round in the web app: ``/uppfoljning/ROUND/ORG``, relative to its address."""
    return f"/uppfoljning/{round_code}/{org_code}"


def is_definition_round(item_code: str) -> bool:
    """Whether an item is a round a follow-up definition opened (with questions), not an item's own round."""
    return item_code.startswith(ROUND_PREFIX)


class QuestionType(StrEnum):
    """The kinds of question a follow-up may ask, as the definition file writes them."""

    FRITEXT = "fritext"
    JA_NEJ = "ja/nej"
    SKALA = "skala"
    TAL = "tal"
    VAL = "val"


@dataclass(frozen=True)
class Question:
    """One question: its id (a column in the spreadsheet), text, type and whether it must be answered."""

    id: str
    text: str
    type: QuestionType
    area: str
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    """An insatsområde and the questions asked about it."""

    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class FollowUpDefinition:
    """A yearly follow-up as its file describes it; ``path`` and ``line`` say where it was written."""

    code: str
    title: str
    owner: str
    workflow: str
    recipients: frozenset[str]
    follows: tuple[str, ...]
    areas: tuple[Area, ...]
    opens: MonthDay
    answers_due: MonthDay
    compiled_due: MonthDay
    path: str = ""
    line: int = 1

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question, in file order."""
        return tuple(question for area in self.areas for question in area.questions)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if there is one."""
        return next((q for q in self.questions if q.id == question_id), None)

    def round_code(self, year: int) -> str:
        """The code of the year's round as an item: ``uppfoljning-CODE-YEAR``."""
        return f"{ROUND_PREFIX}{self.code}-{year}"

    def dates(self, year: int) -> RoundDates:
        """The year's opening day, answer deadline and compilation deadline.

        A deadline that falls earlier in the calendar year than the opening day
        belongs to the next year (out 1 December, answers by 15 January); a
        deadline on a non-working day moves to the working day before it.
        """
        opens = date(year, *self.opens)

        def after_opening(month_day: MonthDay) -> date:
            candidate = date(year, *month_day)
            if candidate < opens:
                candidate = date(year + 1, *month_day)
            return working_days_before(candidate, 0)

        return RoundDates(opens, after_opening(self.answers_due), after_opening(self.compiled_due))

    def year_open_on(self, today: date) -> int | None:
        """The year whose round should be open for answers today (from its opening day to its answer deadline)."""
        for year in (today.year, today.year - 1):
            dates = self.dates(year)
            if dates.opens <= today <= dates.answers_due:
                return year
        return None


@dataclass(frozen=True)
class RoundDates:
    """When a year's round opens, when answers are due, when it is to be compiled."""

    opens: date
    answers_due: date
    compiled_due: date


_YES = {"ja", "j", "yes", "y", "true", "1"}
_NO = {"nej", "n", "no", "false", "0"}


def read_answer(question: Question, raw: str) -> Answer:
    """The answer given as text, checked against its question's type.

    Raises:
        UsageError: one sentence naming the question and what it takes.
    """
    text = raw.strip()
    if question.type is QuestionType.FRITEXT:
        return limits.checked(text, t("Svaret på {id}", id=question.id), limits.VALUE, multiline=True)
    if question.type is QuestionType.JA_NEJ:
        if text.lower() in _YES:
            return True
        if text.lower() in _NO:
            return False
        raise UsageError(t("Fråga {id} besvaras med ja eller nej, inte {raw!r}.", id=question.id, raw=raw))
    if question.type is QuestionType.VAL:
        for option in question.options:
            if option.lower() == text.lower():
                return option
        raise UsageError(
            t(
                "Fråga {id} besvaras med ett av alternativen {options}, inte {raw!r}.",
                id=question.id,
                options=joined(question.options, " / "),
                raw=raw,
            )
        )
    if question.type is QuestionType.SKALA:
        low, high = question.minimum or 0, question.maximum or 0
        if not (text.isascii() and text.lstrip("-").isdigit()) or not low <= int(text) <= high:
            raise UsageError(
                t(
                    "Fråga {id} besvaras med ett heltal från {low} till {high}, inte {raw!r}.",
                    id=question.id,
                    low=low,
                    high=high,
                    raw=raw,
                )
            )
        return int(text)
    try:
        number = float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        number = float("nan")
    if number != number or number in (float("inf"), float("-inf")):
        raise UsageError(t("Fråga {id} besvaras med ett tal, inte {raw!r}.", id=question.id, raw=raw))
    return int(number) if number.is_integer() else number


def answer_problems(definition: FollowUpDefinition, given: Mapping[str, str]) -> tuple[dict[str, Answer], list[Phrase]]:
    """The answers that fit, and one sentence for each that does not (an unknown id, a wrong type, a missing one).

    An empty text is no answer; a required question left without one is a problem.
    """
    answers: dict[str, Answer] = {}
    problems: list[Phrase] = []
    refused: set[str] = set()
    for key, raw in given.items():
        question = definition.question(key)
        if question is None:
            known = ", ".join(q.id for q in definition.questions)
            problems.append(t("Uppföljningen har ingen fråga {key!r}; frågorna är {known}.", key=key, known=known))
            continue
        if not raw.strip():
            continue
        try:
            answers[key] = read_answer(question, raw)
        except UsageError as refusal:
            refused.add(key)
            problems.append(t("{sentence}", sentence=refusal.sentence))
    for question in definition.questions:
        if question.required and question.id not in answers and question.id not in refused:
            problems.append(t("Fråga {id} måste besvaras: {text}", id=question.id, text=question.text))
    return answers, problems


def checked_answers(definition: FollowUpDefinition, given: Mapping[str, str]) -> dict[str, Answer]:
    """The answers, every one fitting its question and every required one given.

    Raises:
        UsageError: naming every refused answer, one sentence each.
    """
    answers, problems = answer_problems(definition, given)
    if problems:
        raise UsageError(joined(problems, " "))
    if not answers:
        raise UsageError(t("Inga svar angavs; ange minst ett svar som fråga=svar."))
    return answers


def asked(question: Question) -> str:
    """A question as an opening notice lists it: insatsområde, text, and how to answer it by its id."""
    kinds = {
        QuestionType.SKALA: f"skala {question.minimum}–{question.maximum}",
        QuestionType.VAL: "val: " + " / ".join(question.options),
    }
    shown = kinds.get(question.type, question.type.value)
    required = ", måste besvaras" if question.required else ""
    return f"{question.area}: {question.text} [{question.id}: {shown}{required}]"


def stored_text(value: Answer) -> str:
    """An answer as the answers table keeps it: ``ja``/``nej``, a number with a point, or the text."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


def answer_differences(
    recorded: Mapping[int, Mapping[str, Answer]], stored: Mapping[int, Mapping[str, str]]
) -> list[Phrase]:
    """Where the answers table says other than the answer steps' history rows, per instance (``audit verify``)."""
    problems: list[Phrase] = []
    for instance_id in sorted(recorded.keys() | stored.keys()):
        expected = {key: stored_text(value) for key, value in recorded.get(instance_id, {}).items()}
        if stored.get(instance_id, {}) != expected:
            problems.append(
                t(
                    "uppföljningssvaren för steg {id} är inte de som historiken registrerade",
                    id=instance_id,
                )
            )
    return problems


def shown_answer(value: Answer) -> str:
    """An answer as a person reads it (ja/nej for a yes/no)."""
    if isinstance(value, bool):
        return str(t("ja") if value else t("nej"))
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)
