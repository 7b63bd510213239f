"""Who may perform an event for an organisation (R13): the rules over plain values, no database."""

from __future__ import annotations

import pytest

from kgflow.domain.authority import Held, Requirement, is_allowed, requirements
from kgflow.domain.model import Organisation, OrgKind

NPO = Organisation(1, "npo", "NPO psykisk hälsa", OrgKind.NPO, None, (1,))
RPO = Organisation(2, "rpo", "RPO Mellansverige", OrgKind.RPO, 1, (1, 2))
LPO = Organisation(3, "lpo-dalarna", "LPO Dalarna", OrgKind.LPO, 2, (1, 2, 3))
KOMMUN = Organisation(5, "falun", "Falu kommun", OrgKind.KOMMUN, 3, (1, 2, 3, 5))
OTHER_LPO = Organisation(6, "lpo-gavleborg", "LPO Gävleborg", OrgKind.LPO, 2, (1, 2, 6))
UNIT = Organisation(7, "falun-soc", "Socialtjänsten", OrgKind.UNIT, 5, (1, 2, 3, 5, 7))
TEAM = Organisation(8, "falun-soc-team", "Team", OrgKind.UNIT, 7, (1, 2, 3, 5, 7, 8))
RESPONSIBLE = {"kommun": "kontaktperson", "lpo": "sekreterare"}

ALLOWED = [
    pytest.param([("sekreterare", None)], [Held("sekreterare", 5, "kommun")], True, id="the-role-at-the-org-itself"),
    pytest.param(
        [("sekreterare", None)], [Held("sekreterare", 3, "lpo")], False, id="not-at-the-org-above-unless-said"
    ),
    pytest.param([("sekreterare", "lpo")], [Held("sekreterare", 3, "lpo")], True, id="the-role-at-the-lpo-above"),
    pytest.param([("sekreterare", "lpo")], [Held("sekreterare", 6, "lpo")], False, id="not-at-another-lpo"),
    pytest.param(
        [("sekreterare", "lpo")], [Held("sekreterare", 5, "kommun")], False, id="not-at-another-kind-on-the-way"
    ),
    pytest.param([("sekreterare", "lpo")], [Held("kontaktperson", 3, "lpo")], False, id="not-another-role"),
    pytest.param([("responsible", None)], [Held("kontaktperson", 5, "kommun")], True, id="responsible-for-a-kommun"),
    pytest.param(
        [("responsible", None)], [Held("responsible", 5, "kommun")], False, id="responsible-is-not-a-role-name"
    ),
    pytest.param([("responsible", "lpo")], [Held("sekreterare", 3, "lpo")], True, id="responsible-at-the-lpo-above"),
    pytest.param([("responsible", "lpo")], [Held("kontaktperson", 3, "lpo")], False, id="the-kommun-role-at-the-lpo"),
    pytest.param(
        [("responsible", "rpo")], [Held("responsible", 2, "rpo")], False, id="no-one-answers-for-a-kind-unnamed"
    ),
    pytest.param(
        [("ordforande", "rpo"), ("sekreterare", "lpo")], [Held("sekreterare", 3, "lpo")], True, id="the-second-rule"
    ),
    pytest.param(
        [("sekreterare", "lpo")],
        [Held("kontaktperson", 5, "kommun"), Held("sekreterare", 3, "lpo")],
        True,
        id="the-second-role-held",
    ),
    pytest.param([], [Held("sekreterare", 5, "kommun")], False, id="no-rule-no-way-in"),
]


@pytest.mark.parametrize(("rules", "held", "allowed"), ALLOWED)
def test_who_may_act_for_a_kommun(rules: list[tuple[str, str | None]], held: list[Held], allowed: bool) -> None:
    assert is_allowed(rules, KOMMUN, held, RESPONSIBLE) is allowed


def test_the_roles_held_may_be_read_once() -> None:
    held = (h for h in [Held("sekreterare", 3, "lpo")])
    assert is_allowed([("ordforande", "rpo"), ("sekreterare", "lpo")], KOMMUN, held, RESPONSIBLE) is True


def test_whom_to_ask_names_each_concrete_role_once() -> None:
    rules = [("sekreterare", "lpo"), ("responsible", None), ("ordforande", "rpo"), ("sekreterare", "lpo")]
    assert requirements(rules, KOMMUN, [NPO, RPO, LPO], RESPONSIBLE) == [
        Requirement("sekreterare", LPO),
        Requirement("kontaktperson", KOMMUN),
        Requirement("ordforande", RPO),
    ]


def test_whom_to_ask_skips_kinds_not_on_the_way_up_and_roles_no_one_answers_for() -> None:
    rules = [("sekreterare", "lag"), ("responsible", "rpo"), ("responsible", "lpo")]
    assert requirements(rules, KOMMUN, [NPO, RPO, LPO], RESPONSIBLE) == [Requirement("sekreterare", LPO)]


def test_whom_to_ask_is_the_nearest_of_a_kind_the_org_itself_first() -> None:
    assert requirements([("chef", "unit")], TEAM, [NPO, RPO, LPO, KOMMUN, UNIT], RESPONSIBLE) == [
        Requirement("chef", TEAM)
    ]
    assert requirements([("chef", "unit")], UNIT, [NPO, RPO, LPO, KOMMUN], RESPONSIBLE) == [Requirement("chef", UNIT)]
