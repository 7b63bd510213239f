"""The rules the seeds changed: levels before the GAP analysis (R7), the adopting body (R5b), revision on remiss (R9)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kgflow.domain.model import ItemVersion, Organisation, OrgKind, VersionStatus
from kgflow.domain.rules import levels, versions
from kgflow.domain.rules.step import Decision, Facts, Refusal

TODAY = date(2027, 2, 10)
GAP_DUE = date(2027, 4, 28)


def facts(**given: Any) -> Facts:
    values: dict[str, Any] = {
        "where": "Region Dalarna",
        "doing": "Nå nästa implementeringsnivå",
        "sources": frozenset({"gap_analysis"}),
        "level": None,
        "target_level": 3,
        "due": GAP_DUE,
        "today": TODAY,
    }
    values.update(given)
    return Facts(**values)


@pytest.mark.parametrize("level", [1, 2])
def test_levels_one_and_two_may_be_reached_while_the_gap_analysis_is_open(level: int) -> None:
    seen = facts(fields={"level": str(level)}, level=level - 1)
    decision = Decision.starting_from(seen, late=False)
    assert levels.level_3_needs_gap(seen, decision) is decision


def test_level_three_needs_a_completed_gap_analysis() -> None:
    seen = facts(fields={"level": "3"}, level=2)
    with pytest.raises(Refusal) as refused:
        levels.level_3_needs_gap(seen, Decision.starting_from(seen, late=False))
    assert str(refused.value) == "Nivå 3 (innehållskunskap) kräver en slutförd GAP-analys; slutför GAP-analysen först."


def test_a_step_that_stays_in_its_state_keeps_the_deadline() -> None:
    seen = facts(fields={"level": "1"})
    moved_on = Decision.starting_from(seen, late=False).but(due=date(2027, 5, 5), stays=True)
    assert levels.keep_deadline(seen, moved_on).due == GAP_DUE


def test_a_step_that_leaves_its_state_takes_the_new_deadline() -> None:
    seen = facts(fields={"level": "2"}, target_level=2)
    implemented = Decision.starting_from(seen, late=False).but(due=None, stays=False)
    assert levels.keep_deadline(seen, implemented).due is None


def test_completing_the_gap_analysis_keeps_the_level_reached_before_it() -> None:
    seen = facts(level=2, sources=frozenset({"gap_analysis"}))
    assert levels.start_levels(seen, Decision.starting_from(seen, late=False)).level == 2


# R9: a revision given an answer deadline goes on remiss; after adoption those past GAP go on from where they stood.


def test_a_revision_with_an_answer_deadline_goes_on_remiss() -> None:
    assert versions.on_remiss(facts(fields={"ref": "Revision", "due": "2027-12-15"}), start())


def test_a_revision_without_an_answer_deadline_waits_for_adoption() -> None:
    assert not versions.on_remiss(facts(fields={"ref": "Revision"}), start())
    assert versions.plan_revision_remiss(facts(fields={"ref": "Revision"}), start()).planned == ()


def test_those_past_the_gap_go_on_from_where_they_stood_the_rest_wait_for_a_new_decision() -> None:
    took_from = {1: "implementing", 2: "implemented", 3: "gap_analysis", 4: "decided", 5: "adopted"}
    moves_on_from = {"awaiting_adoption", "implementing", "implemented"}
    assert versions.standing_before_remiss(took_from, moves_on_from) == {1: "implementing", 2: "implemented"}


@pytest.mark.parametrize("status", [VersionStatus.DRAFT, VersionStatus.REMISS])
def test_a_revision_waits_while_another_is_drafted_or_on_remiss(status: VersionStatus) -> None:
    both = [ItemVersion(1, 9, 1, VersionStatus.ADOPTED, "w", 1), ItemVersion(2, 9, 2, status, "w", 1)]
    with pytest.raises(Refusal):
        versions.revision_number(both, "PSVF ADHD")


# R5b: the declared body adopts; another named is refused.

SKS = Organisation(1, "sks", "Styrgruppen för kunskapsstyrning i samverkan (SKS)", OrgKind.BODY, None, (1,),
                   short_name="SKS")  # fmt: skip
NPO = Organisation(2, "npo-psykisk-halsa", "NPO psykisk hälsa", OrgKind.NPO, None, (2,))


def test_the_declared_body_adopts_and_is_named_by_its_everyday_name() -> None:
    assert versions.adopting_body(SKS, None, "PSVF ADHD") is SKS
    assert versions.adopting_body(SKS, SKS, "PSVF ADHD") is SKS
    assert versions.body_name(SKS) == "SKS"
    assert versions.body_name(NPO) == "NPO psykisk hälsa"


def test_another_body_than_the_declared_one_is_refused() -> None:
    with pytest.raises(Refusal) as refused:
        versions.adopting_body(NPO, SKS, "VIP Skadligt bruk och beroende")
    assert str(refused.value) == "VIP Skadligt bruk och beroende fastställs av NPO psykisk hälsa, inte av SKS."


def start() -> Decision:
    return Decision.starting_from(facts(), late=False)
