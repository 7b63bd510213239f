"""The rules the seeds changed: levels before the GAP analysis (R7), the adopting body (R5b), revision on remiss (R9)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kgflow.domain.rules import levels
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
