"""What a follow-up round's answers add up to (R14): response rates and a summary per question.

Pure functions over answers already read: the yearly report (xlsx, HTML) shows
what these return. Counts for ja/nej, val and skala; the mean for skala and
tal; free-text answers listed by who gave them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kgflow.domain.follow_up import Answer, Question, QuestionType, shown_answer


@dataclass(frozen=True)
class Rate:
    """How many of how many answered."""

    answered: int
    total: int

    @property
    def percent(self) -> int | None:
        """The share answered, in whole percent (None when nobody was asked)."""
        return round(100 * self.answered / self.total) if self.total else None


@dataclass(frozen=True)
class QuestionSummary:
    """A question's answers: how many answered it, the count per answer, the mean, the free texts."""

    question: Question
    answered: int
    counts: tuple[tuple[str, int], ...] = ()
    mean: float | None = None
    texts: tuple[tuple[str, str], ...] = ()


def summarise(question: Question, answers: Sequence[tuple[str, Answer]]) -> QuestionSummary:
    """The summary of one question over ``(organisation name, answer)`` pairs."""
    values = [value for _, value in answers]
    if question.type is QuestionType.FRITEXT:
        return QuestionSummary(question, len(values), texts=tuple((org, str(value)) for org, value in answers))
    counts: tuple[tuple[str, int], ...] = ()
    if question.type is QuestionType.JA_NEJ:
        counts = tuple((shown_answer(choice), values.count(choice)) for choice in (True, False))
    elif question.type is QuestionType.VAL:
        counts = tuple((option, values.count(option)) for option in question.options)
    elif question.type is QuestionType.SKALA and question.minimum is not None and question.maximum is not None:
        counts = tuple((str(step), values.count(step)) for step in range(question.minimum, question.maximum + 1))
    mean = None
    if question.type in (QuestionType.SKALA, QuestionType.TAL) and values:
        numbers = [float(value) for value in values if not isinstance(value, bool | str)]
        mean = round(sum(numbers) / len(numbers), 2) if numbers else None
    return QuestionSummary(question, len(values), counts, mean)
