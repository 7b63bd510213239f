"""The governance rules as decisions over plain values: every rule, its boundaries and its sentences."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kgflow.domain.durations import parse_duration
from kgflow.domain.errors import UsageError
from kgflow.domain.model import ItemVersion, Organisation, VersionStatus
from kgflow.domain.rules import answers, levels, referral, versions, working_group
from kgflow.domain.rules.rulebook import CONDITIONS, DECIDING, GUARDS, WARNINGS
from kgflow.domain.rules.step import Decision, Facts, Planned, ReferralFacts, Refusal, Relative
from kgflow.domain.wording import speak
from kgflow.locale import translator

TODAY = date(2027, 2, 10)  # a Wednesday


def facts(**given: Any) -> Facts:
    values: dict[str, Any] = {
        "where": "Borlänge",
        "doing": "Lämna remissvar",
        "sources": frozenset({"remiss"}),
        "level": None,
        "target_level": None,
        "due": None,
        "today": TODAY,
    }
    values.update(given)
    return Facts(**values)


def start(seen: Facts, *, late: bool = False) -> Decision:
    return Decision.starting_from(seen, late=late)


# R3: once the parent has submitted, the children can no longer answer.


def test_a_child_may_answer_while_its_parent_still_collects() -> None:
    seen = facts(parent=Relative("LPO Dalarna", "remiss", "På remiss"))
    assert answers.parent_still_collecting(seen, start(seen)) == start(seen)


def test_a_child_without_a_parent_may_answer() -> None:
    seen = facts()
    assert answers.parent_still_collecting(seen, start(seen)) == start(seen)


def test_a_child_may_not_answer_once_its_parent_has_submitted() -> None:
    seen = facts(parent=Relative("LPO Dalarna", "answered", "Besvarad"))
    with pytest.raises(Refusal) as refused:
        answers.parent_still_collecting(seen, start(seen))
    assert str(refused.value) == (
        "LPO Dalarna har redan lämnat sitt samlade remissvar (läget är nu 'Besvarad'), "
        "så Borlänge kan inte längre ta steget 'Lämna remissvar'."
    )


# R4: a compiled answer waits for every child, unless forced with a note.

WAITING = (Relative("Falun", "remiss", "På remiss"), Relative("Mora", "remiss", "På remiss"))
SETTLED = (Relative("Leksand", "answered", "Besvarad"), Relative("Rättvik", "declined", "Avstått"))


def test_a_compiled_answer_goes_when_every_child_has_answered_or_declined() -> None:
    seen = facts(children=SETTLED)
    assert answers.children_settled(seen, start(seen)) == start(seen)


def test_a_compiled_answer_waits_for_the_children_still_on_remiss() -> None:
    seen = facts(children=(*SETTLED, *WAITING))
    with pytest.raises(Refusal) as refused:
        answers.children_settled(seen, start(seen))
    assert str(refused.value) == (
        "Borlänge kan inte lämna sitt samlade remissvar än: 2 organisationer under har varken svarat eller avstått "
        "(Falun; Mora); vänta, eller använd --force med en --note."
    )


def test_one_child_waiting_is_named_in_the_singular() -> None:
    seen = facts(children=WAITING[:1])
    with pytest.raises(Refusal, match=r": 1 organisation under har varken svarat eller avstått \(Falun\); vänta"):
        answers.children_settled(seen, start(seen))


def test_forcing_a_compiled_answer_needs_a_note() -> None:
    seen = facts(children=WAITING, force=True)
    with pytest.raises(Refusal) as refused:
        answers.children_settled(seen, start(seen))
    assert str(refused.value) == "--force behöver en --note som säger varför det samlade remissvaret lämnas utan dem."


def test_a_forced_compiled_answer_records_who_was_missing_and_says_so() -> None:
    seen = facts(children=(*SETTLED, *WAITING), force=True, note="Styrelsen beslutade")
    decided = answers.children_settled(seen, start(seen))
    assert decided.recorded == {"missing": ["Falun", "Mora"], "forced": True}
    assert [str(warning) for warning in decided.warnings] == ["Lämnat utan 2 organisationer: Falun; Mora."]


def test_a_long_list_of_waiting_names_only_the_first_eight() -> None:
    names = [f"Kommun {n}" for n in range(10)]
    assert str(answers.names(names)) == "; ".join(names[:8]) + "; och 2 till"
    assert str(answers.names(names[:8])) == "; ".join(names[:8])


# R3: late answers are accepted and recorded as late.


def test_an_answer_on_the_due_day_is_not_late() -> None:
    seen = facts(due=TODAY)
    assert answers.mark_late(seen, start(seen)) == start(seen)


def test_an_instance_without_a_deadline_is_never_late() -> None:
    seen = facts()
    assert answers.mark_late(seen, start(seen)) == start(seen)


def test_an_answer_the_day_after_is_late_by_one_working_day() -> None:
    seen = facts(due=date(2027, 2, 9))
    decided = answers.mark_late(seen, start(seen))
    assert decided.late is True
    assert decided.recorded == {"late": True, "days_late": 1}
    assert [str(warning) for warning in decided.warnings] == [
        "Registrerat som försenat: sista dag var 2027-02-09 (1 arbetsdag sedan)."
    ]


def test_lateness_counts_working_days_not_calendar_days() -> None:
    seen = facts(due=date(2027, 2, 5), today=date(2027, 2, 8))  # Friday to Monday
    assert answers.mark_late(seen, start(seen)).recorded["days_late"] == 1


# R8: levels one at a time; levels start at GAP; the target decides where it ends.


def test_the_next_level_is_one_above_the_current() -> None:
    seen = facts(level=1, fields={"level": 2})
    assert levels.next_level(seen, start(seen)) == start(seen)


def test_the_first_level_is_one_from_nothing() -> None:
    seen = facts(level=None, fields={"level": 1})
    assert levels.next_level(seen, start(seen)) == start(seen)


@pytest.mark.parametrize(("current", "wanted"), [(2, 2), (2, 1), (0, 0)])
def test_a_level_already_reached_is_refused(current: int, wanted: int) -> None:
    seen = facts(level=current, fields={"level": wanted})
    with pytest.raises(Refusal) as refused:
        levels.next_level(seen, start(seen))
    assert str(refused.value) == (
        f"Borlänge är redan på implementeringsnivå {current}; nästa nivå att nå är {current + 1}."
    )


def test_skipping_a_level_is_refused() -> None:
    seen = facts(level=1, fields={"level": 3})
    with pytest.raises(Refusal) as refused:
        levels.next_level(seen, start(seen))
    assert str(refused.value) == (
        "Implementeringsnivåerna nås en i taget: Borlänge är på nivå 1, så nästa nivå är 2, inte 3."
    )


def test_levels_start_from_the_level_already_reached_or_nothing() -> None:
    assert levels.start_levels(facts(level=None), start(facts())).level == 0
    assert levels.start_levels(facts(level=2), start(facts())).level == 2


def test_the_level_given_is_recorded() -> None:
    seen = facts(level=1, fields={"level": "2"})
    assert levels.record_level(seen, start(seen)).level == 2


@pytest.mark.parametrize(
    ("level", "target", "reached"),
    [(2, 2, True), (3, 2, True), (1, 2, False), (3, None, False)],
)
def test_the_target_is_reached_at_or_above_it(level: int, target: int | None, reached: bool) -> None:
    seen = facts(level=level - 1, fields={"level": level}, target_level=target)
    assert levels.target_reached(seen, start(seen)) is reached


def test_without_a_new_level_the_current_one_is_compared() -> None:
    seen = facts(level=2, target_level=2)
    assert levels.target_reached(seen, start(seen)) is True
    assert levels.target_reached(facts(level=None, target_level=1), start(facts(target_level=1))) is False


def test_each_huvudman_gets_its_own_target_or_the_decisions() -> None:
    chosen = [(1, "falun"), (2, "mora"), (3, "leksand")]
    assert levels.targets(chosen, 2, {"mora": 3, "ludvika": 1}) == {1: 2, 2: 3, 3: 2}


# R15: the working group should have someone from school or elevhälsa.


@pytest.mark.parametrize("member", ["Rektor Anna", "Skolsköterska Bo", "Elevhälsan Gävle", "Skolan i Mora"])
def test_a_working_group_with_someone_from_school_says_nothing(member: str) -> None:
    seen = facts(fields={"members": ["Socialtjänsten", member]})
    assert working_group.school_representative(seen, start(seen)) == start(seen)


def test_a_working_group_without_school_is_warned_about() -> None:
    seen = facts(fields={"members": ["Socialtjänsten", "Primärvården"]})
    decided = working_group.school_representative(seen, start(seen))
    assert tuple(str(warning) for warning in decided.warnings) == (
        "Ingen från skolan eller elevhälsan är med i arbetsgruppen; enligt beslutet bör en representant "
        "för skolan/elevhälsan ingå.",
    )
    assert working_group.school_representative(facts(), start(facts())).warnings == decided.warnings


# R5, R9, R10: versions.


def version(number: int, status: VersionStatus) -> ItemVersion:
    return ItemVersion(
        id=10 + number, item_id=1, number=number, status=status, workflow="nationell", workflow_version=1
    )


def test_adopting_the_first_version_supersedes_nothing_and_switches_nobody() -> None:
    adoption = versions.adoption([version(1, VersionStatus.REMISS)], acting_version_id=11)
    assert (adoption.adopted.number, adoption.superseded, adoption.switches) == (1, (), False)


def test_adopting_a_revision_supersedes_the_adopted_version_and_switches_instances() -> None:
    found = [version(1, VersionStatus.SUPERSEDED), version(2, VersionStatus.ADOPTED), version(3, VersionStatus.DRAFT)]
    adoption = versions.adoption(found, acting_version_id=12)
    assert (adoption.adopted.number, adoption.superseded, adoption.switches) == (3, (12,), True)


def test_a_revision_gets_the_next_number() -> None:
    assert versions.revision_number([version(1, VersionStatus.ADOPTED)], "PSVF Självskada") == 2


def test_only_one_revision_waits_for_adoption_at_a_time() -> None:
    found = [version(1, VersionStatus.ADOPTED), version(2, VersionStatus.DRAFT)]
    with pytest.raises(Refusal) as refused:
        versions.revision_number(found, "PSVF Självskada")
    assert str(refused.value) == (
        "PSVF Självskada har redan en ny version som väntar på att fastställas; fastställ den innan nästa läggs till."
    )


def test_withdrawing_marks_every_version_not_already_superseded() -> None:
    found = [version(1, VersionStatus.SUPERSEDED), version(2, VersionStatus.ADOPTED), version(3, VersionStatus.DRAFT)]
    assert versions.withdrawn(found) == (12, 13)


# R1, R2: who is asked and by when.


def org(id_: int, kind: str, parent: int | None) -> Organisation:
    return Organisation(id=id_, code=f"o{id_}", name=f"Org {id_}", kind=kind, parent_id=parent, path=(id_,))


NPO, RPO, LPO, KOMMUN, UNIT = (
    org(1, "npo", None),
    org(2, "rpo", 1),
    org(3, "lpo", 2),
    org(4, "kommun", 3),
    org(5, "unit", 4),
)
MARGINS = {"lpo": parse_duration("10 working days"), "kommun": parse_duration("5 working days")}


def test_a_referral_asks_every_participant_each_a_margin_before_its_parent() -> None:
    due = date(2027, 6, 1)
    plan = referral.referral_plan([NPO, RPO, LPO, KOMMUN, UNIT], NPO, "remiss", due, {"rpo", "lpo", "kommun"}, MARGINS)
    lpo_due = MARGINS["lpo"].before(due)
    assert plan == (
        Planned(2, "remiss", due, 1),
        Planned(3, "remiss", lpo_due, 2),
        Planned(4, "remiss", MARGINS["kommun"].before(lpo_due), 3),
    )


def test_below_a_non_participant_nobody_is_asked_and_the_referrer_never_is() -> None:
    plan = referral.referral_plan([NPO, RPO, LPO, KOMMUN], RPO, "remiss", date(2027, 6, 1), {"rpo", "kommun"}, {})
    assert plan == ()


def test_past_a_non_participant_the_next_participants_are_still_asked() -> None:
    other_rpo = org(6, "rpo", 1)
    plan = referral.referral_plan([NPO, RPO, LPO, other_rpo], NPO, "remiss", date(2027, 6, 1), {"rpo"}, {})
    assert [p.org_id for p in plan] == [2, 6]


def test_a_working_day_after_today_is_a_good_deadline_even_with_nobody_below() -> None:
    referral.check_referral_due(date(2027, 2, 11), TODAY, ())


def test_a_remiss_deadline_must_be_a_working_day() -> None:
    with pytest.raises(UsageError) as refused:
        referral.check_referral_due(date(2027, 6, 6), TODAY, ())
    assert str(refused.value) == ("Sista dag 2027-06-06 är nationaldagen, inte en arbetsdag; välj en arbetsdag.")
    with pytest.raises(UsageError) as refused:
        referral.check_referral_due(date(2027, 6, 5), TODAY, ())
    assert str(refused.value) == "Sista dag 2027-06-05 är en lördag, inte en arbetsdag; välj en arbetsdag."


@pytest.mark.parametrize("due", [TODAY, date(2027, 2, 9)])
def test_a_remiss_deadline_must_be_after_today(due: date) -> None:
    with pytest.raises(UsageError) as refused:
        referral.check_referral_due(due, TODAY, ())
    assert str(refused.value) == (
        f"Sista dag {due.isoformat()} är inte efter i dag (2027-02-10); välj ett senare datum."
    )


def test_a_remiss_deadline_must_leave_time_for_those_furthest_down() -> None:
    tight = (Planned(4, "remiss", TODAY, 3),)
    with pytest.raises(UsageError) as refused:
        referral.check_referral_due(date(2027, 2, 11), TODAY, tight)
    assert str(refused.value) == (
        "Med sista dag 2027-02-11 skulle organisationerna längst ned behöva svara senast 2027-02-10, vilket inte "
        "är efter i dag; ange en senare sista dag."
    )
    referral.check_referral_due(date(2027, 2, 12), TODAY, (Planned(4, "remiss", date(2027, 2, 11), 3),))


def test_the_referral_rule_plans_from_the_facts_it_was_given() -> None:
    tree = ReferralFacts((NPO, RPO, LPO), NPO, "remiss", frozenset({"rpo", "lpo"}), MARGINS)
    seen = facts(fields={"due": "2027-06-01"}, referral=tree)
    decided = referral.plan_referral(seen, start(seen))
    assert [(p.org_id, p.state) for p in decided.planned] == [(2, "remiss"), (3, "remiss")]


# The rulebook: the names workflow files use.


def test_the_rulebook_names_every_rule_a_workflow_may_use() -> None:
    assert set(GUARDS) == {
        "parent_still_collecting", "children_settled", "next_level", "decided_in_forum", "level_3_needs_gap"
    }  # fmt: skip
    assert set(WARNINGS) == {"school_representative"}
    assert set(CONDITIONS) == {"target_reached", "everyone_decided", "on_remiss"}
    assert set(DECIDING) == {"mark_late", "start_levels", "record_level", "fan_out", "keep_deadline", "refer_revision"}


def test_a_decision_starts_from_the_instance_as_it_is() -> None:
    seen = facts(level=2, target_level=3, due=date(2027, 3, 1))
    assert start(seen, late=True) == Decision(2, 3, date(2027, 3, 1), True)


def test_a_decision_records_and_warns_without_changing_the_one_it_came_from() -> None:
    first = start(facts(level=1), late=True)
    second = first.record(a=1).warn("Ett").record(b=2)
    assert (first.recorded, first.warnings, first.late, first.level) == ({}, (), True, 1)
    assert (second.recorded, second.warnings) == ({"a": 1, "b": 2}, ("Ett",))


def test_a_refusal_and_a_warning_read_in_english_when_asked_for() -> None:
    waiting = facts(children=(Relative("Falun", "remiss", "På remiss"),))
    with pytest.raises(Refusal) as refused:
        answers.children_settled(waiting, start(waiting))
    late = facts(due=date(2027, 2, 5))
    warned = answers.mark_late(late, start(late)).warnings
    with speak("en", translator("en")):
        assert str(refused.value) == (
            "Borlänge cannot submit its compiled answer yet: 1 organisation below it has neither answered nor "
            "declined (Falun); wait, or use --force with a --note."
        )
        assert [str(warning) for warning in warned] == [
            "Recorded as late: the deadline was 2027-02-05 (3 working days ago)."
        ]
