"""What effects store beyond the acting instance: referred rows, versions adopted and switched, revisions, withdrawal, targets."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.domain.errors import TransitionRefused
from kgflow.domain.model import VersionStatus
from kgflow.service.queries import history, status
from kgflow.testing import World

ITEM = "psvf-sjalvskada"
NPO = "NPO psykisk hälsa"
DUE = date(2027, 3, 31)


def rows(world: World, org: str) -> list[tuple[str, str | None, str | None, int | None, int | None, int | None, dict]]:
    _, lines = history(world.services, ITEM, world.code(org))
    return [
        (r.event, r.from_state, r.to_state, r.item_version, r.level, r.target_level, dict(r.fields))
        for r in (line.record for line in lines)
    ]


def versions(world: World) -> list[tuple[int, VersionStatus, date | None, str | None]]:
    with world.services.uow() as uow:
        item = uow.items.find(ITEM)
        assert item is not None
        return [(v.number, v.status, v.adopted_on, v.adoption_ref) for v in uow.items.versions(item.id)]


@pytest.fixture
def adopted(world: World) -> World:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, DUE)
    world.answer_below(ITEM, NPO, including=True)
    world.advance(ITEM, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})
    return world


def test_each_referred_row_says_when_its_answer_is_due_and_who_referred(world: World) -> None:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, DUE)
    [(event, before, after, version, level, target, fields)] = rows(world, "Borlänge")[:1]
    assert (event, before, after, version, level, target) == ("refer", None, "remiss", 1, None, None)
    assert fields["referred_by"] == "npo-psykisk-halsa"
    assert date.fromisoformat(fields["due"]) < DUE


def test_a_first_adoption_records_its_decision_and_switches_no_one(adopted: World) -> None:
    assert versions(adopted) == [(1, VersionStatus.ADOPTED, date(2027, 5, 12), "SKS 2027:7")]
    assert not [row for row in rows(adopted, "Borlänge") if row[0] == "version_switched"]


def test_the_lpo_decisions_target_is_every_huvudmans_unless_one_has_its_own(adopted: World) -> None:
    adopted.advance(
        ITEM, "LPO psykisk hälsa Dalarna", "decide", "Sara Ek", ref="LPO 2027:3",
        values={"body": "Länsgemensam ledningsgrupp Dalarna", "target": 3, "borlange": 1},
    )  # fmt: skip
    targets = {org: rows(adopted, org)[-1][5] for org in ("Borlänge", "Falun", "Region Dalarna")}
    assert targets == {"Borlänge": 1, "Falun": 3, "Region Dalarna": 3}


def test_a_revision_is_recorded_with_its_number_and_adopting_it_moves_everyone_onto_it(adopted: World) -> None:
    adopted.advance(
        ITEM,
        "LPO psykisk hälsa Dalarna",
        "decide",
        "Sara Ek",
        ref="LPO 2027:3",
        values={"body": "Länsgemensam ledningsgrupp Dalarna", "target": 2},
    )
    adopted.advance(ITEM, "Borlänge", "complete_gap", "Bo Lund", ref="GAP 1", values={"gaps": 2})
    adopted.advance(ITEM, "Borlänge", "reach_level", "Bo Lund", values={"level": 1})
    revised = adopted.advance(ITEM, NPO, "revise", "Nora Lind", ref="SKS 2028:1")
    assert rows(adopted, NPO)[-1][6]["new_version"] == 2
    assert revised.switched == 0
    result = adopted.advance(ITEM, NPO, "adopt", "Nora Lind", ref="SKS 2028:2", values={"date": "2028-03-01"})
    assert [(n, s) for n, s, _, _ in versions(adopted)] == [(1, VersionStatus.SUPERSEDED), (2, VersionStatus.ADOPTED)]
    npo_rows = rows(adopted, NPO)
    assert [row[0] for row in npo_rows].count("version_switched") == 0
    assert npo_rows[-1][:4] == ("adopt", "awaiting_adoption", "adopted", 2)
    switched = [row for row in rows(adopted, "Borlänge") if row[0] == "version_switched"]
    assert switched == [
        (
            "version_switched",
            "implementing",
            "implementing",
            2,
            1,
            2,
            {"version": 2, "cause": "adopt by npo-psykisk-halsa"},
        )
    ]
    assert rows(adopted, "Borlänge")[-1][:6] == ("start_revision", "implementing", "revision_gap", 2, 1, 2)
    assert result.switched == len(status(adopted.services, ITEM)) - 1  # everyone but the NPO itself


def test_withdrawing_withdraws_every_version_not_already_superseded(adopted: World) -> None:
    adopted.advance(ITEM, NPO, "revise", "Nora Lind", ref="SKS 2028:1")
    adopted.advance(ITEM, NPO, "adopt", "Nora Lind", ref="SKS 2028:2", values={"date": "2028-03-01"})
    adopted.advance(ITEM, NPO, "withdraw", "Nora Lind", values={"reason": "Ersätts av nytt vårdprogram"})
    assert [(n, s) for n, s, _, _ in versions(adopted)] == [(1, VersionStatus.SUPERSEDED), (2, VersionStatus.WITHDRAWN)]


def test_only_the_npos_answer_closes_the_remiss_for_everyone(world: World) -> None:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, DUE)
    assert world.advance(ITEM, "Borlänge", "answer", "Bo Lund", ref="KS 1").moved == 0
    assert [row[0] for row in rows(world, "Falun")] == ["refer"]


def test_adoption_gives_each_lpo_its_deadline_to_decide(adopted: World) -> None:
    [(event, before, after, _, _, _, fields)] = rows(adopted, "LPO psykisk hälsa Dalarna")[-1:]
    due = adopted.services.catalogue.current("nationellt-kunskapsstod").due_on_entering(
        "to_decide", adopted.clock.today()
    )
    assert due is not None
    assert (event, before, after) == ("prepare_decision", "awaiting_adoption", "to_decide")
    assert fields == {"cause": "adopt by npo-psykisk-halsa", "due": due.isoformat()}
    [line] = [line for line in status(adopted.services, ITEM) if line.row.org == "lpo-dalarna"]
    assert line.row.due == due


def test_an_lpos_decision_opens_gap_only_below_it(adopted: World) -> None:
    adopted.advance(
        ITEM,
        "LPO psykisk hälsa Dalarna",
        "decide",
        "Sara Ek",
        ref="LPO 2027:3",
        values={"body": "Länsgemensam ledningsgrupp Dalarna", "target": 2},
    )
    assert rows(adopted, "Borlänge")[-1][:3] == ("open_gap", "awaiting_decision", "gap_analysis")
    assert rows(adopted, "Karlstad")[-1][:3] == ("await_decision", "awaiting_adoption", "awaiting_decision")


def test_a_referral_puts_the_version_on_remiss_and_links_each_instance_to_its_parents(world: World) -> None:
    world.item(ITEM, "PSVF Självskada")
    world.refer(ITEM, DUE)
    assert [(n, s) for n, s, _, _ in versions(world)] == [(1, VersionStatus.REMISS)]
    with pytest.raises(TransitionRefused, match="RPO psykisk hälsa Mellansverige"):
        world.advance(ITEM, NPO, "answer", "Nora Lind", ref="Sammanställt")  # the RPO answers to the NPO
    world.advance(ITEM, "LPO psykisk hälsa Dalarna", "answer", "Sara Ek", ref="LPO", force=True, note="Styrgruppen")
    with pytest.raises(TransitionRefused) as refused:
        world.advance(ITEM, "Borlänge", "answer", "Bo Lund", ref="KS 1")  # Borlänge answers to its LPO
    assert str(refused.value.reason) == (
        "LPO psykisk hälsa Dalarna har redan lämnat sitt samlade remissvar (läget är nu 'Remissvar lämnat'), "
        "så Borlänge kan inte längre ta steget 'Lämna remissvar'."
    )


def test_without_targets_of_its_own_every_huvudman_gets_the_items_default(world: World) -> None:
    world.item(ITEM, "PSVF Självskada", target_level=3)
    world.refer(ITEM, DUE)
    world.answer_below(ITEM, NPO, including=True)
    world.advance(ITEM, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})
    world.advance(
        ITEM,
        "LPO psykisk hälsa Dalarna",
        "decide",
        "Sara Ek",
        ref="LPO 2027:3",
        values={"body": "Länsgemensam ledningsgrupp Dalarna"},
    )
    assert {org: rows(world, org)[-1][5] for org in ("Borlänge", "Falun")} == {"Borlänge": 3, "Falun": 3}
