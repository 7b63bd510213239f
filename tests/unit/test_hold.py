"""Priority and hold (R16): the rules over plain values, the ``hold`` section of a workflow, and its drawing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kgflow.config import shipped_workflows
from kgflow.domain.errors import DefinitionError
from kgflow.domain.rules import hold as rules
from kgflow.domain.rules.step import Refusal
from kgflow.reports.diagram import to_dot, to_mermaid
from kgflow.service.catalogue import load_workflow_file

TODAY = date(2027, 5, 10)  # a Monday
SHIPPED = shipped_workflows() / "nationellt-kunskapsstod.yaml"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("hög", "high"), ("Hög", "high"), ("high", "high"), ("normal", "normal"), ("låg", "low"), (" low ", "low")],
)
def test_a_priority_is_typed_in_swedish_or_english(typed: str, stored: str) -> None:
    assert rules.priority_from(typed) == stored


@pytest.mark.parametrize("typed", [None, "", "brådskande", "3"], ids=["none", "empty", "word", "number"])
def test_another_priority_is_refused_in_one_sentence(typed: str | None) -> None:
    with pytest.raises(rules.BadValue, match="hög, normal eller låg"):
        rules.priority_from(typed)


def test_priorities_in_words() -> None:
    assert [str(rules.priority_words(p)) for p in ("high", "normal", "low")] == [
        "hög prioritet",
        "normal prioritet",
        "låg prioritet",
    ]
    assert rules.priority_words(None) is None


def test_a_hold_takes_a_reason_and_a_later_review_day() -> None:
    chosen = rules.hold_values(" Väntar på handlingsplan ", "2027-09-01", TODAY, None, 3)
    assert chosen == rules.HoldValues("Väntar på handlingsplan", date(2027, 9, 1))


@pytest.mark.parametrize(
    ("reason", "review", "held_since", "open_steps", "refusal", "words"),
    [
        ("", "2027-09-01", None, 3, rules.BadValue, "En paus behöver ett skäl"),
        ("  ", "2027-09-01", None, 3, rules.BadValue, "En paus behöver ett skäl"),
        ("x", None, None, 3, rules.BadValue, "dag för omprövning"),
        ("x", "2027-05-10", None, 3, rules.BadValue, "efter i dag"),
        ("x", "2027-05-09", None, 3, rules.BadValue, "efter i dag"),
        ("x", "september", None, 3, rules.BadValue, "inget datum"),
        ("x", "2027-09-01", date(2027, 5, 3), 3, Refusal, "redan pausat"),
        ("x", "2027-09-01", None, 0, Refusal, "inget att pausa"),
    ],
    ids=["no-reason", "blank-reason", "no-review", "review-today", "review-past", "not-a-date", "held", "all-done"],
)
def test_a_hold_is_refused(
    reason: str,
    review: str | None,
    held_since: date | None,
    open_steps: int,
    refusal: type[Refusal],
    words: str,
) -> None:
    with pytest.raises(refusal, match=words):
        rules.hold_values(reason, review, TODAY, held_since, open_steps)


def test_only_a_held_item_can_be_resumed() -> None:
    assert rules.may_resume(date(2027, 5, 3)) == date(2027, 5, 3)
    with pytest.raises(Refusal, match="inte pausat"):
        rules.may_resume(None)


@pytest.mark.parametrize(
    ("kind", "state", "words"),
    [("kommun", "decided", "lokalt programområde"), ("lpo", "remiss", "fastställt")],
    ids=["not-an-lpo", "not-adopted"],
)
def test_only_an_lpo_holds_and_only_after_adoption(kind: str, state: str, words: str) -> None:
    rules.may_step("Pausa", "LPO Dalarna", "lpo", "decided", {"lpo"}, {"to_decide", "decided"}, "Lokalt beslut fattat")
    with pytest.raises(Refusal, match=words):
        rules.may_step("Pausa", "Falun", kind, state, {"lpo"}, {"to_decide", "decided"}, "På remiss")


@pytest.mark.parametrize(
    ("since", "today", "days"),
    [
        (date(2027, 5, 10), date(2027, 5, 10), 0),  # resumed the same day
        (date(2027, 5, 10), date(2027, 5, 11), 1),
        (date(2027, 5, 7), date(2027, 5, 10), 1),  # Friday to Monday: one working day
        (date(2027, 5, 10), date(2027, 6, 7), 20),
        (date(2027, 12, 23), date(2028, 1, 3), 5),  # julafton and nyårsafton are not counted; the rest is weekend
    ],
    ids=["same-day", "one-day", "over-a-weekend", "four-weeks", "over-christmas"],
)
def test_the_days_held_are_working_days(since: date, today: date, days: int) -> None:
    assert rules.held_days(since, today) == days


@pytest.mark.parametrize(
    ("due", "days", "shifted"),
    [
        (date(2027, 4, 29), 20, date(2027, 5, 28)),  # past Kristi himmelfärds dag (6 May)
        (date(2027, 4, 29), 0, date(2027, 4, 29)),
        (None, 20, None),
        (date(2027, 12, 23), 1, date(2027, 12, 27)),  # never onto julafton or a weekend
    ],
    ids=["twenty-days", "no-days", "no-deadline", "over-christmas"],
)
def test_resuming_moves_a_deadline_on_by_the_working_days_held(
    due: date | None, days: int, shifted: date | None
) -> None:
    assert rules.shifted_due(due, days) == shifted


def test_the_hold_in_words() -> None:
    words = rules.hold_words(date(2026, 3, 2), date(2026, 5, 4), "väntar på regional handlingsplan")
    assert str(words) == "pausat sedan 2026-03-02 till omprövning 2026-05-04: väntar på regional handlingsplan"
    assert str(rules.hold_words(date(2026, 3, 2), None)) == "pausat sedan 2026-03-02"


def test_the_shipped_workflow_lets_an_lpo_hold_after_adoption() -> None:
    hold = load_workflow_file(SHIPPED).hold
    assert hold is not None
    assert (hold.at, hold.states) == (frozenset({"lpo"}), ("to_decide", "decided"))
    assert [str(rule) for rule in hold.by] == ["sekreterare", "ordforande"]
    assert hold.label("hold").sv == "Pausa för länet"


_SECTION = """hold:
  at: [lpo]
  by: [sekreterare, ordforande]
  states: [to_decide, decided]
  prioritise: {sv: Sätt länets prioritet, en: Set the county's priority}
  hold: {sv: Pausa för länet, en: Put on hold for the county}
  resume: {sv: Återuppta för länet, en: Resume for the county}
"""


@pytest.mark.parametrize(
    ("old", "new", "marker", "fragment"),
    [
        ("[to_decide, decided]", "[to_decide, decidd]", "decidd", "hold: 'decidd' är inget läge i arbetsflödet"),
        ("[to_decide, decided]", "[to_decide, closed]", "closed]", "hold: läget 'closed' är ett slutläge"),
        ("[sekreterare, ordforande]", "[sekreterare, kassor]", "kassor", "rollen 'kassor'"),
        ("at: [lpo]", "at: [lpoo]", "lpoo", "'lpoo' är ingen organisationstyp"),
        ("  resume: {sv: Återuppta för länet, en: Resume for the county}\n", "", "at: [lpo]", "hold behöver 'resume'"),
        ("  prioritise:", "  pause: x\n  prioritise:", "pause", "okänd nyckel 'pause'"),
    ],
    ids=["unknown-state", "final-state", "unknown-role", "unknown-kind", "missing-step", "unknown-key"],
)
def test_a_broken_hold_section_is_refused_with_file_and_line(
    tmp_path: Path, old: str, new: str, marker: str, fragment: str
) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert _SECTION in text
    broken = text.replace(_SECTION, _SECTION.replace(old, new))
    path = tmp_path / SHIPPED.name
    path.write_text(broken, encoding="utf-8")
    start = broken.index(_SECTION.replace(old, new))
    line = broken.count("\n", 0, broken.index(marker, start)) + 1
    with pytest.raises(DefinitionError) as caught:
        load_workflow_file(path)
    shown = [str(problem) for problem in caught.value.problems]
    assert any(text.startswith(f"{path}:{line}: ") and fragment in text for text in shown), shown


def test_a_hold_step_may_not_also_be_an_event(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace("\n  close:\n", "\n  resume:\n", 1)
    text = text.replace("events: [close]", "events: [resume]")
    path = tmp_path / SHIPPED.name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_workflow_file(path)
    assert any("'resume' är redan ett steg under 'events'" in str(p) for p in caught.value.problems)


@pytest.mark.parametrize("render", [to_dot, to_mermaid], ids=["dot", "mermaid"])
def test_the_diagram_shows_where_a_hold_is_possible_and_that_it_pauses_the_chasing(render: object) -> None:
    definition = load_workflow_file(SHIPPED)
    drawn = render(definition, "sv")  # type: ignore[operator]
    for state in ("to_decide", "decided"):
        assert f"{state} -> {state}" in drawn or f"{state} --> {state}" in drawn
    assert "Pausa för länet" in drawn
    assert "påminnelser" in drawn
    assert 'implementing -> implementing [label="Pausa' not in drawn
