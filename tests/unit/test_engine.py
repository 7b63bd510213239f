"""The compiled machine: one per workflow version, asked what an event does from a state."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.config import shipped_workflows
from kgflow.definitions.loader import load_text
from kgflow.domain.wording import speak
from kgflow.engine.machine import CompiledWorkflow, StepRefused
from kgflow.locale import translator
from kgflow.service.catalogue import load_workflow_file, vocabulary


@pytest.fixture
def national() -> CompiledWorkflow:
    return CompiledWorkflow(load_workflow_file(shipped_workflows() / "nationellt-kunskapsstod.yaml"))


@pytest.mark.parametrize(
    ("state", "event", "kind", "target"),
    [
        ("draft", "refer", "npo", "remiss"),
        ("remiss", "answer", "kommun", "answered"),
        ("remiss", "decline", "lag", "declined"),
        ("awaiting_adoption", "adopt", "npo", "adopted"),
        ("to_decide", "decide", "lpo", "to_decide"),  # while huvudmän still wait (R6)
        ("gap_analysis", "complete_gap", "kommun", "implementing"),
        ("implementing", "reach_level", "region", "implementing"),
        ("gap_analysis", "withdraw", "npo", "closed"),
    ],
)
def test_events_lead_where_the_definition_says(
    national: CompiledWorkflow, state: str, event: str, kind: str, target: str
) -> None:
    assert national.resolve(state, event, kind).name == event
    assert national.target(state, event, lambda _: False).name == target


def test_a_condition_picks_the_branch(national: CompiledWorkflow) -> None:
    asked: list[str] = []

    def holds(condition: str) -> bool:
        asked.append(condition)
        return True

    assert national.target("implementing", "reach_level", holds).name == "implemented"
    assert asked == ["target_reached"]
    assert national.target("to_decide", "decide", holds).name == "decided"
    assert asked == ["target_reached", "everyone_decided"]


@pytest.mark.parametrize(
    ("state", "event", "kind", "fragment"),
    [
        ("answered", "answer", "kommun", "kan bara tas i läget 'På remiss'"),
        ("remiss", "remiss_closed", "kommun", "som följd av ett annat steg"),
        ("remiss", "approve", "kommun", "har inget steg som heter"),
        ("to_decide", "decide", "kommun", "tas av en organisation av typen lpo"),
        ("closed", "withdraw", "npo", "går inte att ta"),
    ],
)
def test_events_the_definition_does_not_allow(
    national: CompiledWorkflow, state: str, event: str, kind: str, fragment: str
) -> None:
    with pytest.raises(StepRefused, match=fragment):
        national.resolve(state, event, kind)


def test_the_machine_is_shared_and_holds_no_instances(national: CompiledWorkflow) -> None:
    for _ in range(1000):
        national.resolve("remiss", "answer", "kommun")
        national.target("remiss", "answer", lambda _: False)
    assert national._machine.models == []


def test_people_see_only_events_they_can_perform(national: CompiledWorkflow) -> None:
    assert [event.name for event in national.events_from("remiss", "kommun")] == ["answer", "decline"]
    assert [event.name for event in national.events_from("remiss", "npo")] == ["answer", "withdraw"]


def refusal(workflow: CompiledWorkflow, state: str, event: str, kind: str) -> str:
    with pytest.raises(StepRefused) as refused:
        workflow.resolve(state, event, kind)
    return str(refused.value)


@pytest.mark.parametrize(
    ("state", "event", "kind", "sentence"),
    [
        pytest.param(
            "remiss",
            "approve",
            "kommun",
            "Arbetsflödet nationellt-kunskapsstod har inget steg som heter 'approve'; stegen är refer, answer, decline, "
            "adopt, decide, complete_gap, reach_level, revise, withdraw.",
            id="unknown-lists-the-known-in-order",
        ),
        pytest.param(
            "remiss",
            "remiss_closed",
            "kommun",
            "Steget 'Remissen stängd' sker bara som följd av ett annat steg och kan inte tas för hand.",
            id="internal",
        ),
        pytest.param(
            "draft",
            "reach_level",
            "npo",
            "Steget 'Nå nästa implementeringsnivå' kan bara tas i lägena 'GAP-analys pågår', 'Implementerad' eller "
            "'Implementering pågår', och ärendet är i läget 'Under framtagande'. Möjliga steg nu: 'Skicka på remiss' (refer), "
            "'Återkalla' (withdraw).",
            id="not-from-here-lists-what-is-possible",
        ),
        pytest.param(
            "answered",
            "answer",
            "npo",
            "Steget 'Lämna remissvar' kan bara tas i läget 'På remiss', och ärendet är i läget 'Remissvar lämnat'. "
            "Möjliga steg nu: 'Återkalla' (withdraw).",
            id="possible-now-for-this-kind",
        ),
        pytest.param(
            "answered",
            "answer",
            "kommun",
            "Steget 'Lämna remissvar' kan bara tas i läget 'På remiss', och ärendet är i läget 'Remissvar lämnat'. "
            "Inga steg kan tas i det här läget.",
            id="nothing-for-this-kind",
        ),
        pytest.param(
            "closed",
            "withdraw",
            "npo",
            "Steget 'Återkalla' går inte att ta i läget 'Avslutad (återkallad)'. Inga steg kan tas i det här läget.",
            id="final-state-many-sources",
        ),
        pytest.param(
            "to_decide",
            "decide",
            "kommun",
            "Steget 'Fatta lokalt beslut' tas av en organisation av typen lpo, inte av en kommun.",
            id="wrong-kind",
        ),
        pytest.param(
            "implementing",
            "reach_level",
            "npo",
            "Steget 'Nå nästa implementeringsnivå' tas av en organisation av typen kommun, region eller unit, "
            "inte av en npo.",
            id="wrong-kind-lists-the-kinds-sorted",
        ),
    ],
)
def test_refusals_are_exact_sentences(
    national: CompiledWorkflow, state: str, event: str, kind: str, sentence: str
) -> None:
    assert refusal(national, state, event, kind) == sentence


SOURCES = """\
workflow: sources
version: 1
title: {sv: Källor, en: Sources}
owner: npo
participants: [kommun]
roles:
  samordnare: {sv: Samordnare, en: Coordinator}
  kontaktperson: {sv: Kontaktperson, en: Contact person}
responsible: {npo: samordnare, kommun: kontaktperson}
initial: one
states:
  one: {sv: Ett, en: One}
  two: {sv: Två, en: Two}
  three: {sv: Tre, en: Three}
  four: {sv: Fyra, en: Four}
  five: {sv: Fem, en: Five}
  six: {sv: Sex, en: Six}
  done: {sv: Klar, en: Done, final: true}
events:
  on_two: {sv: Till två, en: To two, from: one, to: two, by: [samordnare]}
  on_three: {sv: Till tre, en: To three, from: two, to: three, by: [samordnare]}
  on_four: {sv: Till fyra, en: To four, from: three, to: four, by: [samordnare]}
  on_five: {sv: Till fem, en: To five, from: four, to: five, by: [samordnare]}
  to_six: {sv: Till sex, en: To six, from: five, to: six, by: [samordnare]}
  four_ways: {sv: Fyra vägar, en: Four ways, from: [one, two, three, four], to: done, by: [samordnare]}
  five_ways:
    - {sv: Fem vägar, en: Five ways, from: [one, two, three], to: done, by: [samordnare]}
    - {sv: Fem vägar, en: Five ways, from: [four, five], to: six, by: [kontaktperson]}
"""


@pytest.fixture
def sources() -> CompiledWorkflow:
    return CompiledWorkflow(load_text(SOURCES, "sources.yaml", vocabulary()))


def test_up_to_four_sources_are_named_and_five_are_not(sources: CompiledWorkflow) -> None:
    assert refusal(sources, "six", "four_ways", "npo") == (
        "Steget 'Fyra vägar' kan bara tas i lägena 'Fyra', 'Ett', 'Tre' eller 'Två', och ärendet är i läget 'Sex'."
        " Inga steg kan tas i det här läget."
    )
    assert refusal(sources, "six", "five_ways", "npo") == (
        "Steget 'Fem vägar' går inte att ta i läget 'Sex'. Inga steg kan tas i det här läget."
    )


def test_every_event_a_person_can_perform_is_listed_once(sources: CompiledWorkflow, national: CompiledWorkflow) -> None:
    assert [event.name for event in sources.events_from_any()] == [
        "on_two", "on_three", "on_four", "on_five", "to_six", "four_ways", "five_ways"
    ]  # fmt: skip
    assert [event.sources for event in sources.events_from_any()][-1] == ("one", "two", "three")
    assert "remiss_closed" not in [event.name for event in national.events_from_any()]


def test_the_variant_of_the_state_is_resolved(sources: CompiledWorkflow) -> None:
    assert sources.resolve("four", "five_ways", "npo").sources == ("four", "five")
    assert sources.resolve("two", "five_ways", "npo").sources == ("one", "two", "three")


def test_a_branch_whose_condition_fails_falls_through_to_the_unconditional_one(national: CompiledWorkflow) -> None:
    asked: list[str] = []

    def holds(condition: str) -> bool:
        asked.append(condition)
        return False

    assert national.target("implementing", "reach_level", holds).name == "implementing"
    assert asked == ["target_reached"]


def test_the_label_of_an_unknown_state_is_its_name(national: CompiledWorkflow) -> None:
    assert national.label("nowhere") == "nowhere"
    assert national.label("remiss") == "På remiss"


def test_entering_a_state_with_a_deadline_gives_its_working_days_after_today(national: CompiledWorkflow) -> None:
    assert national.due_on_entering("to_decide", date(2025, 9, 1)) == date(2025, 10, 27)  # 40 working days
    assert national.due_on_entering("draft", date(2025, 9, 1)) is None


def test_the_target_is_that_of_the_state_the_event_is_taken_from(sources: CompiledWorkflow) -> None:
    assert sources.target("two", "five_ways", lambda _: False).name == "done"
    assert sources.target("four", "five_ways", lambda _: False).name == "six"


def test_an_event_asked_for_a_state_it_has_no_branch_from_leads_nowhere(national: CompiledWorkflow) -> None:
    with pytest.raises(StepRefused) as refused:
        national.target("draft", "answer", lambda _: True)
    assert str(refused.value) == "Steget 'answer' leder ingenstans från läget 'draft'."


def test_an_event_named_like_a_state_is_only_what_the_file_says(sources: CompiledWorkflow) -> None:
    """``to_six`` is an event of the file, not the library's automatic ``to_<state>`` transition."""
    assert refusal(sources, "one", "to_six", "npo") == (
        "Steget 'Till sex' kan bara tas i läget 'Fem', och ärendet är i läget 'Ett'."
        " Möjliga steg nu: 'Till två' (on_two), 'Fyra vägar' (four_ways), 'Fem vägar' (five_ways)."
    )
    assert [event.name for event in sources.events_from("one")] == ["on_two", "four_ways", "five_ways"]


def test_a_refusal_reads_in_english_when_the_reader_asked_for_english(national: CompiledWorkflow) -> None:
    """The refusal is a phrase: rendered when shown, in the reader's language, with the workflow's English labels."""
    with pytest.raises(StepRefused) as refused:
        national.resolve("answered", "answer", "npo")
    with speak("en", translator("en")):
        assert str(refused.value) == (
            "The step 'Answer the referral' can only be taken in the state 'On referral', and the case is in the "
            "state 'Answered'. Possible now: 'Withdraw' (withdraw)."
        )
    assert str(refused.value).startswith("Steget 'Lämna remissvar' kan bara tas i läget 'På remiss'")
