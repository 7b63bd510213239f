"""Nearest matches for a mistyped name: case, å/ä/ö and small slips."""

from __future__ import annotations

import pytest

from kgflow.domain.spelling import did_you_mean, either, folded, nearest

ORGS = [
    ("lpo-dalarna", ("LPO psykisk hälsa, Region Dalarna", None)),
    ("lpo-varmland", ("LPO psykisk hälsa, Region Värmland", None)),
    ("borlange", ("Borlänge", "2081")),
    ("falun", ("Falun", "2080")),
]
ITEMS = [("psvf-sjalvskada", ("PSVF Självskada",)), ("vip-skadligt-bruk", ("VIP Skadligt bruk",))]


def test_folding_drops_case_and_diacritics() -> None:
    assert folded("Självskada ÅÄÖ é") == "sjalvskada aao e"


@pytest.mark.parametrize(
    ("typed", "candidates", "expected"),
    [
        pytest.param("lpo-darlana", ORGS, ["lpo-dalarna"], id="swapped-letters"),
        pytest.param("LPO-DALARN", ORGS, ["lpo-dalarna"], id="case-and-a-missing-letter"),
        pytest.param("psvf-självskada", ITEMS, ["psvf-sjalvskada"], id="diacritics-in-the-code"),
        pytest.param("Borlnge", ORGS, ["borlange"], id="by-name"),
        pytest.param("2018", ORGS, ["borlange", "falun"], id="a-kommunkod-with-digits-swapped"),
        pytest.param("atlantis", ORGS, [], id="nothing-near"),
    ],
)
def test_nearest(typed: str, candidates: list[tuple[str, tuple[str | None, ...]]], expected: list[str]) -> None:
    assert nearest(typed, candidates) == expected


def test_nearest_offers_only_the_near_best_and_at_most_three() -> None:
    many = [(f"lpo-{n}", ()) for n in ("dalarna", "dalarnb", "dalarnc", "dalarnd", "gotland")]
    found = nearest("lpo-dalarn", many)
    assert len(found) == 3
    assert "lpo-gotland" not in found


def test_the_question_is_swedish() -> None:
    assert str(either(["a"])) == "a"
    assert str(either(["a", "b", "c"])) == "a, b eller c"
    assert str(did_you_mean(["lpo-dalarna"])) == "Menade du lpo-dalarna?"
    assert did_you_mean([]) == ""
