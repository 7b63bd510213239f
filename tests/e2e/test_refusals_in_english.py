"""A refusal from the domain reads in Swedish by default and in English with KGFLOW_LANGUAGE=en, at the edge."""

from __future__ import annotations

from tests.e2e.cli import run

ADOPT = ("--as", "sara.ek", "advance", "vip-skadligt-bruk", "odeshog", "adopt")


def test_a_refused_step_reads_in_the_language_asked_for(sample_db: str) -> None:
    code, _, swedish = run(sample_db, *ADOPT)
    assert code == 4
    assert swedish == (
        "kgflow: Steget 'Fastställ' kan bara tas i läget 'Inväntar fastställande', och ärendet är i "
        "läget 'Remissvar lämnat'. Inga steg kan tas i det här läget.\n"
    )
    code, _, english = run(sample_db, *ADOPT, env={"KGFLOW_LANGUAGE": "en"})
    assert code == 4
    assert english == (
        "kgflow: The step 'Adopt' can only be taken in the state 'Awaiting adoption', and the case is "
        "in the state 'Answered'. No step can be taken in this state.\n"
    )
