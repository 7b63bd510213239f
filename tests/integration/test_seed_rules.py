"""The rules the seeds changed, stored on each backend: levels before GAP (R7), the adopting body (R5b), a revision on
remiss (R9) — rows, versions and history words."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.domain.errors import TransitionRefused
from kgflow.domain.model import VersionStatus
from kgflow.reports.history_text import values_text
from kgflow.service.queries import history, status
from kgflow.service.todo import todo
from kgflow.testing import World

ITEM = "psvf-sjalvskada"
VIP = "vip-skadligt-bruk"
NPO = "NPO psykisk hälsa"
LPO = "LPO psykisk hälsa Dalarna"

JOINT_FORUM = "Länsgemensam ledningsgrupp Dalarna"  # decides for region and kommuner together (R6)


def rows(world: World, org: str, item: str = ITEM) -> list[tuple[str, str | None, str | None, int | None, dict]]:
    _, lines = history(world.services, item, world.code(org))
    return [(r.event, r.from_state, r.to_state, r.item_version, dict(r.fields)) for r in (x.record for x in lines)]


def state(world: World, org: str, item: str = ITEM) -> tuple[str, int | None, int | None, date | None]:
    [line] = [line for line in status(world.services, item, world.code(org)) if line.row.org == world.code(org)]
    return line.row.state, line.row.level, line.row.target_level, line.row.due


@pytest.fixture
def decided(world: World) -> World:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, date(2027, 3, 31))
    world.answer_below(ITEM, NPO, including=True)
    world.advance(ITEM, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})
    world.advance(
        ITEM, LPO, "decide", "Sara Ek", ref="LPO 2027:3", values={"target": 2, "region-dalarna": 3, "body": JOINT_FORUM}
    )
    return world


def test_levels_before_gap_are_stored_with_the_gap_deadline_unchanged(decided: World) -> None:
    _, _, _, gap_due = state(decided, "Region Dalarna")
    decided.clock.set(date(2027, 3, 1))
    decided.advance(ITEM, "Region Dalarna", "reach_level", "Rut Dahl", values={"level": 1})
    decided.advance(ITEM, "Region Dalarna", "reach_level", "Rut Dahl", values={"level": 2})
    assert state(decided, "Region Dalarna") == ("gap_analysis", 2, 3, gap_due)
    with pytest.raises(TransitionRefused, match="kräver en slutförd GAP-analys"):
        decided.advance(ITEM, "Region Dalarna", "reach_level", "Rut Dahl", values={"level": 3})
    decided.advance(ITEM, "Region Dalarna", "complete_gap", "Rut Dahl", ref="GAP", values={"gaps": 1})
    assert state(decided, "Region Dalarna")[:3] == ("implementing", 2, 3)


def test_reaching_the_target_before_gap_is_implemented_with_no_deadline_left(decided: World) -> None:
    for level in (1, 2):
        decided.advance(ITEM, "Borlänge", "reach_level", "Bo Lund", values={"level": level})
    assert state(decided, "Borlänge") == ("implemented", 2, 2, None)
    assert rows(decided, "Borlänge")[-1][:3] == ("reach_level", "gap_analysis", "implemented")


def test_the_adopting_body_is_recorded_in_words(decided: World) -> None:
    [adoption] = [row for row in rows(decided, NPO) if row[0] == "adopt"]
    assert "fastställd av SKS" in values_text(adoption[4], {}, {})


def test_a_vip_is_adopted_by_its_npo_and_not_by_sks(world: World) -> None:
    world.item(VIP, "VIP Skadligt bruk och beroende", kind="vip")
    world.refer(VIP, date(2027, 3, 31))
    world.answer_below(VIP, NPO, including=True)
    with pytest.raises(TransitionRefused, match="fastställs av NPO psykisk hälsa, inte av SKS"):
        world.advance(VIP, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12", "body": "sks"})
    world.advance(VIP, NPO, "adopt", "Nora Lind", ref="NPO 2027:1", values={"date": "2027-05-12"})
    assert rows(world, NPO, VIP)[-1][4]["adopted_by"] == "NPO psykisk hälsa"


def test_a_revision_on_remiss_moves_everyone_onto_it_and_after_adoption_past_gap_keep_their_level(
    decided: World,
) -> None:
    decided.advance(ITEM, "Falun", "complete_gap", "Anna Andersson", ref="GAP", values={"gaps": 2})
    decided.advance(ITEM, "Falun", "reach_level", "Anna Andersson", values={"level": 1})
    decided.org("Mora", "kommun", LPO)
    decided.person("Maja Mora", "kontaktperson", "Mora")
    decided.clock.set(date(2027, 10, 1))
    result = decided.advance(ITEM, NPO, "revise", "Nora Lind", ref="Revision 2", values={"due": "2027-12-15"})
    assert (result.to_state, result.created) == ("remiss", 1)
    lines = status(decided.services, ITEM)
    assert {line.row.state for line in lines} == {"remiss"}
    assert {line.row.item_version for line in lines} == {2}
    assert rows(decided, "Falun")[-1][:4] == ("revise", "implementing", "remiss", 2)
    with decided.services.uow() as uow:
        item = uow.items.find(ITEM)
        assert item is not None
        assert [v.status for v in uow.items.versions(item.id)] == [VersionStatus.ADOPTED, VersionStatus.REMISS]
    decided.answer_below(ITEM, NPO, including=True)
    decided.advance(ITEM, NPO, "adopt", "Nora Lind", ref="SKS 2028:2", values={"date": "2028-01-20"})
    assert state(decided, "Falun")[:3] == ("revision_gap", 1, 2)
    assert rows(decided, "Falun")[-1][:3] == ("start_revision", "awaiting_adoption", "revision_gap")
    assert state(decided, "Borlänge")[0] == "awaiting_decision"
    assert state(decided, "Mora")[0] == "awaiting_decision"
    assert state(decided, LPO)[0] == "to_decide"


def test_todo_offers_levels_during_gap_only_while_the_next_one_needs_no_gap(decided: World) -> None:
    def steps() -> set[str]:
        [entry] = [e for e in todo(decided.services, "rut.dahl").waiting if e.row.org == "region-dalarna"]
        return {step.event for step in entry.steps}

    assert steps() == {"complete_gap", "reach_level"}
    decided.advance(ITEM, "Region Dalarna", "reach_level", "Rut Dahl", values={"level": 1})
    decided.advance(ITEM, "Region Dalarna", "reach_level", "Rut Dahl", values={"level": 2})
    assert steps() == {"complete_gap"}
