"""Follow-up definitions (R14): the loader's file:line refusals, the year's dates, answers checked against questions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kgflow.config import shipped_workflows
from kgflow.definitions.follow_up import load_follow_up_file, load_follow_up_text
from kgflow.domain.errors import DefinitionError, UsageError
from kgflow.domain.follow_up import Question, QuestionType, answer_problems, checked_answers, read_answer
from kgflow.domain.follow_up_summary import summarise

VALID = """\
followup: test-uppfoljning
title: Testuppföljning
owner: lpo-dalarna
dates:
  opens: "12-01"
  answers_due: "01-15"
  compiled_due: "01-31"
areas:
  - title: Samverkan
    questions:
      - {id: plan, text: Finns en plan, type: ja/nej, required: true}
      - {id: betyg, text: Hur väl, type: skala, min: 1, max: 5}
      - {id: utbud, text: Utbudet, type: val, options: [ökat, minskat]}
      - {id: antal, text: Hur många, type: tal}
      - {id: fritt, text: Berätta, type: fritext}
"""


def test_the_shipped_varmland_definition_loads() -> None:
    definition = load_follow_up_file(shipped_workflows() / "uppfoljningar" / "varmland-psykisk-halsa.yaml")
    assert definition.owner == "lpo-varmland"
    assert definition.workflow == "arlig-uppfoljning"
    assert definition.recipients == {"region", "kommun"}
    assert [area.title for area in definition.areas][:2] == ["Kompetensutveckling", "Tidig upptäckt"]


def test_dates_after_the_opening_day_fall_in_the_next_year_on_working_days() -> None:
    definition = load_follow_up_text(VALID, "t.yaml")
    dates = definition.dates(2027)
    assert dates.opens == date(2027, 12, 1)
    assert dates.answers_due == date(2028, 1, 14)  # 15 January 2028 is a Saturday
    assert dates.compiled_due == date(2028, 1, 31)
    assert definition.round_code(2027) == "uppfoljning-test-uppfoljning-2027"
    assert definition.year_open_on(date(2027, 11, 30)) is None
    assert definition.year_open_on(date(2027, 12, 1)) == 2027
    assert definition.year_open_on(date(2028, 1, 14)) == 2027
    assert definition.year_open_on(date(2028, 1, 17)) is None


@pytest.mark.parametrize(
    ("broken", "replacement", "line", "words"),
    [
        ('  answers_due: "01-15"', '  answers_due: "13-15"', 6, "MM-DD"),
        ("type: ja/nej, required: true", "type: janej, required: true", 11, "frågetypen kan vara"),
        ("type: skala, min: 1, max: 5", "type: skala, min: 5, max: 1", 12, "'min' och 'max'"),
        ("options: [ökat, minskat]", "options: [ökat]", 13, "minst två alternativ"),
        ("{id: antal,", "{id: plan,", 14, "finns redan (på rad 11)"),
        ("owner: lpo-dalarna", "owner: LPO Dalarna", 3, "små bokstäver"),
        ("required: true}", "required: ja}", 11, "true eller false"),
        ('  compiled_due: "01-31"', '  compiled_due: "01-10"', 7, "före 'answers_due'"),
        ("title: Samverkan", "titel: Samverkan", 9, "okänd nyckel 'titel'"),
    ],
    ids=["month", "type", "scale", "options", "duplicate-id", "owner", "boolean", "order", "unknown-key"],
)
def test_a_broken_file_is_refused_at_its_line(broken: str, replacement: str, line: int, words: str) -> None:
    assert broken in VALID
    with pytest.raises(DefinitionError) as refused:
        load_follow_up_text(VALID.replace(broken, replacement), "uppf.yaml")
    first = refused.value.problems[0]
    assert (first.path, first.line) == ("uppf.yaml", line), str(refused.value)
    assert words in str(first.message)
    assert str(first).startswith(f"uppf.yaml:{line}: ")


def test_an_unreadable_file_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(DefinitionError, match="UTF-8"):
        load_follow_up_file(path)


SCALE = Question("betyg", "Hur väl?", QuestionType.SKALA, "Samverkan", minimum=1, maximum=5)
CHOICE = Question("utbud", "Utbudet?", QuestionType.VAL, "Samverkan", options=("ökat", "minskat"))
YES_NO = Question("plan", "Plan?", QuestionType.JA_NEJ, "Samverkan")
NUMBER = Question("antal", "Antal?", QuestionType.TAL, "Samverkan")


@pytest.mark.parametrize(
    ("question", "raw", "value"),
    [(YES_NO, "Ja", True), (YES_NO, "nej", False), (SCALE, "5", 5), (SCALE, "1", 1), (CHOICE, "Ökat", "ökat"),
     (NUMBER, "12,5", 12.5), (NUMBER, "40", 40)],
    ids=["ja", "nej", "scale-top", "scale-bottom", "choice", "decimal-comma", "whole"],
)  # fmt: skip
def test_an_answer_that_fits_is_read(question: Question, raw: str, value: object) -> None:
    assert read_answer(question, raw) == value


@pytest.mark.parametrize(
    ("question", "raw", "words"),
    [(YES_NO, "kanske", "ja eller nej"), (SCALE, "6", "från 1 till 5"), (SCALE, "0", "från 1 till 5"),
     (SCALE, "3,5", "heltal"), (CHOICE, "oförändrat", "ökat / minskat"), (NUMBER, "många", "ett tal"),
     (NUMBER, "inf", "ett tal")],
    ids=["yes-no", "above", "below", "half", "choice", "words", "infinite"],
)  # fmt: skip
def test_an_answer_that_does_not_fit_is_refused(question: Question, raw: str, words: str) -> None:
    with pytest.raises(UsageError) as refused:
        read_answer(question, raw)
    assert words in str(refused.value)
    assert question.id in str(refused.value)


def test_every_refused_answer_is_named_and_a_required_one_is_missed() -> None:
    definition = load_follow_up_text(VALID, "t.yaml")
    answers, problems = answer_problems(definition, {"betyg": "9", "okand": "x", "utbud": "ökat"})
    assert answers == {"utbud": "ökat"}
    shown = [str(p) for p in problems]
    assert any("betyg" in p for p in shown)
    assert any("'okand'" in p for p in shown)
    assert any("plan måste besvaras" in p for p in shown)
    with pytest.raises(UsageError):
        checked_answers(definition, {"betyg": "3"})
    assert checked_answers(definition, {"plan": "ja", "betyg": "3"}) == {"plan": True, "betyg": 3}


def test_a_summary_counts_and_averages() -> None:
    summary = summarise(SCALE, [("Falun", 4), ("Borlänge", 2), ("Mora", 4)])
    assert summary.answered == 3
    assert dict(summary.counts) == {"1": 0, "2": 1, "3": 0, "4": 2, "5": 0}
    assert summary.mean == pytest.approx(3.33)
    yes_no = summarise(YES_NO, [("Falun", True), ("Mora", False), ("Borlänge", True)])
    assert dict(yes_no.counts) == {"ja": 2, "nej": 1}
    assert yes_no.mean is None
