"""Several parents (R18): a kommun under the LPOs of several programområden, Region Halland's LPO under two RPOs."""

from __future__ import annotations

from datetime import date

from kgflow.domain.authority import Held, is_allowed
from kgflow.domain.model import Organisation, OrgKind
from kgflow.domain.rules import referral
from kgflow.domain.rules.step import Planned

# Two programområden: psykisk hälsa (NPO 1, RPO 2, LPO 3) and äldres hälsa (NPO 11, RPO 12, LPO 13).
NPO = Organisation(1, "npo-psykisk-halsa", "NPO psykisk hälsa", OrgKind.NPO, None, (1,))
RPO = Organisation(2, "rpo-mellansverige", "RPO", OrgKind.RPO, 1, (1, 2))
LPO = Organisation(3, "lpo-dalarna", "LPO psykisk hälsa, Region Dalarna", OrgKind.LPO, 2, (1, 2, 3))
NPO_A = Organisation(11, "npo-aldres-halsa", "NPO äldres hälsa", OrgKind.NPO, None, (11,))
RPO_A = Organisation(12, "rpo-aldres-halsa-mellansverige", "RPO", OrgKind.RPO, 11, (11, 12))
LPO_A = Organisation(13, "lpo-aldres-halsa-dalarna", "LPO äldres hälsa", OrgKind.LPO, 12, (11, 12, 13))
# Falu kommun: primary under LPO psykisk hälsa, linked under LPO äldres hälsa.
FALUN = Organisation(5, "falun", "Falu kommun", OrgKind.KOMMUN, 3, (1, 2, 3, 5), routes=((1, 2, 3, 5), (11, 12, 13, 5)))
UNIT = Organisation(
    7,
    "falun-soc",
    "Socialförvaltningen",
    OrgKind.UNIT,
    5,
    (1, 2, 3, 5, 7),
    routes=((1, 2, 3, 5, 7), (11, 12, 13, 5, 7)),
)
# Region Halland's LPO of äldres hälsa: under RPO Södra (21), linked under RPO Västra (22).
SODRA = Organisation(21, "rpo-aldres-halsa-sodra", "RPO Södra", OrgKind.RPO, 11, (11, 21))
VASTRA = Organisation(22, "rpo-aldres-halsa-vastra", "RPO Västra", OrgKind.RPO, 11, (11, 22))
HALLAND = Organisation(
    23, "lpo-aldres-halsa-halland", "LPO Halland", OrgKind.LPO, 21, (11, 21, 23), routes=((11, 21, 23), (11, 22, 23))
)
PARTICIPANTS = {"rpo", "lpo", "kommun", "unit"}


def test_an_organisation_knows_every_parent_and_every_ancestor() -> None:
    assert FALUN.parent_ids == (3, 13)
    assert FALUN.ancestor_ids == {1, 2, 3, 11, 12, 13}
    assert UNIT.is_within(13)
    assert UNIT.is_within(7)
    assert not UNIT.is_within(21)
    assert HALLAND.parent_ids == (21, 22)


def test_a_remiss_from_the_other_area_reaches_the_linked_kommun_under_its_lpo() -> None:
    plan = referral.referral_plan(
        [NPO_A, RPO_A, LPO_A, FALUN, UNIT], NPO_A, "remiss", date(2027, 6, 1), PARTICIPANTS, {}
    )
    assert [(p.org_id, p.parent_org_id) for p in plan] == [(12, 11), (13, 12), (5, 13), (7, 5)]


def test_an_organisation_with_two_parents_is_asked_once_under_the_first() -> None:
    due = date(2027, 6, 1)
    plan = referral.referral_plan([NPO_A, SODRA, VASTRA, HALLAND], NPO_A, "remiss", due, PARTICIPANTS, {})
    assert plan == (
        Planned(21, "remiss", due, 11),
        Planned(22, "remiss", due, 11),
        Planned(23, "remiss", due, 21),
    )


def test_when_the_primary_parent_is_not_asked_the_next_parent_is_the_instance_parent() -> None:
    plan = referral.referral_plan([NPO_A, VASTRA, HALLAND], NPO_A, "remiss", date(2027, 6, 1), PARTICIPANTS, {})
    assert [(p.org_id, p.parent_org_id) for p in plan] == [(22, 11), (23, 22)]


def test_the_secretary_of_a_linked_lpo_may_act_for_the_kommun() -> None:
    rules = [("sekreterare", "lpo")]
    assert is_allowed(rules, FALUN, [Held("sekreterare", 13, "lpo")], {}) is True
    assert is_allowed(rules, FALUN, [Held("sekreterare", 3, "lpo")], {}) is True
    assert is_allowed(rules, FALUN, [Held("sekreterare", 23, "lpo")], {}) is False
