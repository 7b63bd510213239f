"""Decisions that say what they did (R6) and corrections that stay in the record (R17), on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.domain.errors import KgflowError, NotAuthorised, TransitionRefused, UsageError
from kgflow.service.audit import verify
from kgflow.service.correct import CORRECTION
from kgflow.service.queries import history, status
from kgflow.testing import World

ITEM = "psvf-sjalvskada"
NPO = "NPO psykisk hälsa"
LPO = "LPO psykisk hälsa Dalarna"
DUE = date(2027, 3, 31)


def records(world: World, org: str) -> list[tuple[str, str | None, str | None, int | None, dict]]:
    _, lines = history(world.services, ITEM, world.code(org))
    return [(r.event, r.from_state, r.to_state, r.target_level, dict(r.fields)) for r in (x.record for x in lines)]


def where(world: World, org: str) -> tuple[str, int | None, int | None, date | None]:
    [line] = [x for x in status(world.services, ITEM, world.code(org)) if x.row.org == world.code(org)]
    return line.row.state, line.row.level, line.row.target_level, line.row.due


@pytest.fixture
def decided(world: World) -> World:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, DUE)
    world.answer_below(ITEM, NPO, including=True)
    world.advance(ITEM, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})
    world.advance(
        ITEM, LPO, "decide", "Sara Ek", ref="LPO 2027:3", values={"body": "Länsgemensam ledningsgrupp Dalarna"}
    )
    return world


def test_a_decision_without_targets_says_it_gave_everyone_the_items_default(world: World) -> None:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, DUE)
    world.answer_below(ITEM, NPO, including=True)
    world.advance(ITEM, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})
    result = world.advance(
        ITEM, LPO, "decide", "Sara Ek", ref="LPO 2027:3", values={"body": "Länsgemensam ledningsgrupp Dalarna"}
    )
    assert [(t.org, t.level) for t in result.targets] == [
        ("region-dalarna", 2),
        ("falun", 2),
        ("falun-elevhalsa", 2),
        ("borlange", 2),
    ]
    assert result.default_target is not None
    assert (result.default_target.level, result.default_target.from_item) == (2, True)
    assert result.as_json()["targets"][0] == {"org": "region-dalarna", "target_level": 2}
    assert records(world, LPO)[-1][4] == {
        "ref": "LPO 2027:3",
        "body": "Länsgemensam ledningsgrupp Dalarna",
        "target": 2,
    }
    *_, target, fields = records(world, "Falun")[-1]
    assert (target, fields["cause"], fields["target"]) == (2, "decide by lpo-dalarna", 2)
    assert (fields["body"], fields["ref"]) == ("Länsgemensam ledningsgrupp Dalarna", "LPO 2027:3")


def test_explicit_targets_are_echoed_as_given(world: World) -> None:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, DUE)
    world.answer_below(ITEM, NPO, including=True)
    world.advance(ITEM, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})
    result = world.advance(
        ITEM,
        LPO,
        "decide",
        "Sara Ek",
        ref="LPO 2027:3",
        values={"body": "Länsgemensam ledningsgrupp Dalarna", "target": 1, "Borlänge": 3},
    )
    assert {t.org: t.level for t in result.targets} == {
        "region-dalarna": 1,
        "falun": 1,
        "falun-elevhalsa": 1,
        "borlange": 3,
    }
    assert result.default_target is not None
    assert (result.default_target.level, result.default_target.from_item, result.default_target.named) == (1, False, 1)


def test_a_corrected_target_is_a_new_row_and_the_decision_stays(decided: World) -> None:
    before = records(decided, LPO)
    result = decided.correct(ITEM, LPO, "decided", "Sara Ek", reason="Falun ska nå nivå 3", values={"Falun": 3})
    after = records(decided, LPO)
    assert after[:-1] == before  # the decision's row is untouched
    event, source, target, _, fields = after[-1]
    assert (event, source, target) == (CORRECTION, "decided", "decided")
    assert fields["corrects"] == "decide"
    assert fields["reason"] == "Falun ska nå nivå 3"
    assert fields["targets"] == {"falun": 3}
    assert [(t.org, t.level) for t in result.targets] == [("falun", 3)]
    assert where(decided, "Falun")[2] == 3
    assert where(decided, "Borlänge")[2] == 2
    assert records(decided, "Falun")[-1][:4] == (CORRECTION, "gap_analysis", "gap_analysis", 3)
    assert len(records(decided, "Borlänge")) == 5  # no row where nothing changed
    assert where(decided, LPO)[0] == "decided"
    assert verify(decided.services).ok


def test_a_corrected_default_gives_everyone_below_the_new_level(decided: World) -> None:
    decided.correct(
        ITEM, LPO, "Lokalt beslut fattat", "Olof Ek", reason="Nivå 1 i år", values={"target": 1, "Falun": 2}
    )
    assert [where(decided, org)[2] for org in ("Region Dalarna", "Falun", "Borlänge")] == [1, 2, 1]
    assert verify(decided.services).ok


def test_a_corrected_reference_and_a_correction_of_the_correction(decided: World) -> None:
    decided.clock.set(date(2027, 6, 1))
    decided.correct(ITEM, LPO, "decided", "Sara Ek", reason="Fel diarienummer", ref="LPO 2027:4")
    decided.clock.set(date(2027, 6, 2))
    result = decided.correct(ITEM, LPO, "decided", "Sara Ek", reason="Fortfarande fel", ref="LPO 2027:5")
    rows = records(decided, LPO)
    assert [r[0] for r in rows[-3:]] == ["decide", CORRECTION, CORRECTION]
    assert [r[4]["ref"] for r in rows[-3:]] == ["LPO 2027:3", "LPO 2027:4", "LPO 2027:5"]
    _, lines = history(decided.services, ITEM, decided.code(LPO))
    decided_at = lines[-3].record.at
    assert decided_at.date() < date(2027, 6, 1)
    assert [line.record.fields["corrected_at"] for line in lines[-2:]] == [decided_at.isoformat()] * 2
    assert result.step_at == decided_at  # both correct the decision itself
    assert verify(decided.services).ok


def test_an_answer_for_the_wrong_kommun_is_taken_back_to_its_remiss(world: World) -> None:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, DUE)
    state, _, _, due = where(world, "Borlänge")
    world.advance(ITEM, "Borlänge", "answer", "Sara Ek", ref="KS 1")
    world.correct(ITEM, "Borlänge", "På remiss", "Sara Ek", reason="Svaret gällde Falun")
    assert where(world, "Borlänge") == (state, None, None, due)
    assert [r[0] for r in records(world, "Borlänge")] == ["refer", "answer", CORRECTION]
    with pytest.raises(TransitionRefused, match="inget steg som kan rättas"):
        world.correct(ITEM, "Borlänge", "remiss", "Sara Ek", reason="Igen")
    world.advance(ITEM, "Borlänge", "answer", "Bo Lund", ref="KS 2")  # the step can be taken anew
    assert verify(world.services).ok


def _refusals() -> list[object]:
    return [
        pytest.param(
            {"to": "decided", "by": "Sara Ek", "reason": " ", "values": {"Falun": 3}},
            UsageError,
            "skäl",
            id="no-reason",
        ),
        pytest.param(
            {"to": "decided", "by": "Anna Andersson", "reason": "Vi vill", "values": {"Falun": 3}},
            NotAuthorised,
            "sekreterare vid LPO psykisk hälsa Dalarna eller ordförande vid LPO psykisk hälsa Dalarna",
            id="role-that-may-not-correct",
        ),
        pytest.param(
            {"to": "awaiting_adoption", "by": "Sara Ek", "reason": "Fel"},
            TransitionRefused,
            "inte till 'Inväntar fastställande'",
            id="state-the-correction-may-not-reach",
        ),
        pytest.param(
            {"to": "implemented", "by": "Sara Ek", "reason": "Fel"},
            TransitionRefused,
            "inte till 'Implementerad'",
            id="state-the-definition-forbids",
        ),
        pytest.param(
            {"to": "beslutat", "by": "Sara Ek", "reason": "Fel"}, KgflowError, "'beslutat'", id="no-such-state"
        ),
        pytest.param(
            {"to": "decided", "by": "Sara Ek", "reason": "Fel"}, UsageError, "Säg vad som ska rättas", id="nothing"
        ),
        pytest.param(
            {"to": "decided", "by": "Sara Ek", "reason": "Fel", "values": {"Karlstad": 3}},
            UsageError,
            "ingen organisation under",
            id="org-not-below",
        ),
        pytest.param(
            {"to": "decided", "by": "Sara Ek", "reason": "Fel", "values": {"gaps": 3}},
            UsageError,
            "'gaps'",
            id="value-not-taken",
        ),
    ]


@pytest.mark.parametrize(("given", "error", "words"), _refusals())
def test_a_refused_correction_changes_nothing(decided: World, given: dict, error: type[Exception], words: str) -> None:
    orgs = (LPO, "Falun", "Borlänge")
    before = [(records(decided, org), where(decided, org)) for org in orgs]
    with pytest.raises(error) as caught:
        decided.correct(ITEM, LPO, given["to"], given["by"], reason=given["reason"], values=given.get("values"))
    assert words in str(caught.value)
    assert [(records(decided, org), where(decided, org)) for org in orgs] == before
    assert verify(decided.services).ok


def test_a_step_that_later_steps_moved_on_is_not_corrected(world: World) -> None:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, DUE)
    world.advance(ITEM, "Borlänge", "answer", "Bo Lund", ref="KS 1")
    world.answer_below(ITEM, NPO, including=True, skip_refused=True)
    assert where(world, "Borlänge")[0] == "awaiting_adoption"
    with pytest.raises(TransitionRefused, match="Borlänge har inget steg som kan rättas"):
        world.correct(ITEM, "Borlänge", "remiss", "Sara Ek", reason="För sent")


def test_a_huvudmans_own_step_is_not_corrected_by_itself(decided: World) -> None:
    decided.advance(ITEM, "Falun", "complete_gap", "Anna Andersson", ref="GAP 1", values={"gaps": 2})
    with pytest.raises(NotAuthorised, match="Anna Andersson får inte rätta steget 'Slutför GAP-analys'"):
        decided.correct(ITEM, "Falun", "gap_analysis", "Anna Andersson", reason="Fel rapport")
    decided.correct(ITEM, "Falun", "GAP-analys pågår", "Olof Ek", reason="Rapporten gällde Borlänge")
    assert where(decided, "Falun")[:3] == ("gap_analysis", None, 2)
    assert verify(decided.services).ok


def test_a_huvudmans_step_is_still_corrected_after_the_lpo_corrected_its_target(decided: World) -> None:
    decided.advance(ITEM, "Falun", "complete_gap", "Anna Andersson", ref="GAP 1", values={"gaps": 2})
    decided.correct(ITEM, LPO, "decided", "Sara Ek", reason="Falun ska nå nivå 3", values={"Falun": 3})
    assert where(decided, "Falun")[:3] == ("implementing", 0, 3)
    decided.correct(ITEM, "Falun", "gap_analysis", "Sara Ek", reason="Rapporten gällde Borlänge")
    assert where(decided, "Falun")[:3] == ("gap_analysis", None, 3)  # the LPO's corrected target stays
    assert [r[0] for r in records(decided, "Falun")[-3:]] == ["complete_gap", CORRECTION, CORRECTION]
    assert verify(decided.services).ok
