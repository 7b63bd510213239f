"""The local decision in the län's forums (R6) on both databases: for whom, the cascade's reach, corrections."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.domain.errors import NotFound, TransitionRefused, UsageError
from kgflow.service.audit import verify
from kgflow.service.queries import history, status
from kgflow.testing import World

ITEM = "psvf-sjalvskada"
NPO = "NPO psykisk hälsa"
LPO = "LPO psykisk hälsa Dalarna"
KOMMUNER = "Länschefsnätverket Dalarna"
JOINT = "Länsgemensam ledningsgrupp Dalarna"


@pytest.fixture
def adopted(world: World) -> World:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, date(2027, 3, 31))
    world.answer_below(ITEM, NPO, including=True)
    world.advance(ITEM, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})
    return world


def state_of(world: World, org: str) -> tuple[str, int | None]:
    code = world.code(org)
    [line] = [line for line in status(world.services, ITEM, code) if line.row.org == code]
    return line.row.state, line.row.target_level


def test_a_decision_for_some_opens_gap_for_them_and_their_units_only(adopted: World) -> None:
    result = adopted.advance(
        ITEM, LPO, "decide", "Sara Ek", ref="LCN 4", values={"body": "Länschefsnätverket", "for": "falun", "falun": 3}
    )
    assert (result.to_state, result.moved) == ("to_decide", 2)
    assert [(t.org, t.level) for t in result.targets] == [("falun", 3), ("falun-elevhalsa", 2)]
    assert state_of(adopted, "Falun") == ("gap_analysis", 3)
    assert state_of(adopted, "Borlänge") == ("awaiting_decision", None)
    assert state_of(adopted, "Region Dalarna") == ("awaiting_decision", None)
    assert state_of(adopted, "Karlstad") == ("awaiting_decision", None)
    [row] = [line.record for line in history(adopted.services, ITEM, "lpo-dalarna")[1] if line.record.event == "decide"]
    assert (row.fields["body"], row.fields["for"]) == (KOMMUNER, ["Falun"])
    assert verify(adopted.services).ok


def test_a_partial_decision_is_corrected_in_its_values_and_not_into_a_finished_one(adopted: World) -> None:
    adopted.advance(ITEM, LPO, "decide", "Sara Ek", ref="LCN 4", values={"body": KOMMUNER, "for": "falun;borlange"})
    with pytest.raises(TransitionRefused):
        adopted.correct(ITEM, LPO, "decided", "Sara Ek", reason="Fel", ref="LCN 5")
    adopted.correct(ITEM, LPO, "to_decide", "Sara Ek", reason="Fel paragraf", ref="LCN 5")
    assert state_of(adopted, LPO)[0] == "to_decide"
    adopted.advance(ITEM, LPO, "decide", "Sara Ek", ref="LGS 2", values={"body": JOINT})
    assert state_of(adopted, LPO)[0] == "decided"
    assert state_of(adopted, "Region Dalarna")[0] == "gap_analysis"
    assert verify(adopted.services).ok


@pytest.mark.parametrize(
    ("values", "error", "words"),
    [
        pytest.param({"body": "Nätverket"}, NotFound, "Det finns inget beslutsorgan som heter 'Nätverket'", id="none"),
        pytest.param({"body": JOINT, "for": "karlstad"}, UsageError, "ingen organisation under", id="not-below"),
        pytest.param({"body": KOMMUNER, "for": "borlange", "falun": 3}, TransitionRefused, "ingår inte", id="target"),
    ],
)
def test_a_refused_decision_changes_nothing(
    adopted: World, values: dict[str, object], error: type[Exception], words: str
) -> None:
    before = [state_of(adopted, org) for org in (LPO, "Falun", "Borlänge", "Region Dalarna")]
    with pytest.raises(error, match=words):
        adopted.advance(ITEM, LPO, "decide", "Sara Ek", ref="X 1", values=values)
    assert [state_of(adopted, org) for org in (LPO, "Falun", "Borlänge", "Region Dalarna")] == before
