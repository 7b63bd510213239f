"""R6 as a decision over plain values: which forum decides for whom, for which huvudmän, and when the LPO is done."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kgflow.domain.model import Organisation, OrgKind
from kgflow.domain.rules import decision, levels
from kgflow.domain.rules.step import Decision, Facts, ForumFacts, Refusal

TODAY = date(2027, 6, 1)
DUE = date(2027, 3, 31)

LPO = Organisation(1, "lpo-dalarna", "LPO psykisk hälsa Dalarna", OrgKind.LPO, None, (1,), lan="20")
REGION = Organisation(2, "region-dalarna", "Region Dalarna", OrgKind.REGION, 1, (1, 2), lan="20")
FALUN = Organisation(3, "falun", "Falu kommun", OrgKind.KOMMUN, 1, (1, 3), "2080", lan="20")
BORLANGE = Organisation(4, "borlange", "Borlänge kommun", OrgKind.KOMMUN, 1, (1, 4), "2081", lan="20")
FALUN_UNIT = Organisation(5, "falun-elevhalsa", "Elevhälsan, Falu kommun", OrgKind.UNIT, 3, (1, 3, 5))
LANSCHEFER = Organisation(
    6, "lanschefsnatverket-dalarna", "Länschefsnätverket Dalarna", OrgKind.BODY, 1, (1, 6), lan="20",
    decides_for="kommun",
)  # fmt: skip
JOINT = Organisation(
    7, "lansgemensam-ledningsgrupp-dalarna", "Länsgemensam ledningsgrupp Dalarna", OrgKind.BODY, 1, (1, 7),
    lan="20", decides_for="region kommun",
)  # fmt: skip
LGVO = Organisation(
    8, "lgvo-ostergotland", "LGVO Östergötland", OrgKind.BODY, 9, (9, 8), lan="05", decides_for="region kommun"
)
GOTLAND = Organisation(10, "region-gotland", "Region Gotland", OrgKind.REGION, 11, (11, 10), "0980", lan="09")
GOTLAND_FORUM = Organisation(
    12, "regionledningen-gotland", "Regionledningen, Region Gotland", OrgKind.BODY, 11, (11, 12), lan="09",
    decides_for="region kommun",
)  # fmt: skip
SKS = Organisation(13, "sks", "SKS", OrgKind.BODY, None, (13,))
WAITING = (REGION, FALUN, BORLANGE)


def facts(forum: Organisation, named: tuple[Organisation, ...] | None = None, **more: Any) -> Facts:
    known = ForumFacts(forum, (LANSCHEFER, JOINT), more.pop("waiting", WAITING), named, more.pop("targeted", ()))
    return Facts(
        where=LPO.name,
        doing="Fatta lokalt beslut",
        sources=frozenset({"to_decide"}),
        level=None,
        target_level=None,
        due=DUE,
        today=TODAY,
        fields={"ref": "Protokoll 2027-05-28 §4", "body": forum.code},
        forum=known,
    )


def start(seen: Facts) -> Decision:
    return Decision.starting_from(seen, late=False).but(due=date(2027, 7, 27))  # as entering the state anew


def refusal(seen: Facts) -> str:
    with pytest.raises(Refusal) as refused:
        decision.decided_in_forum(seen, start(seen))
    return str(refused.value)


def test_a_joint_forum_decides_for_everyone_waiting_and_the_lpo_is_done() -> None:
    seen = facts(JOINT)
    decided = decision.decided_in_forum(seen, start(seen))
    assert decided.recorded == {"body": "Länsgemensam ledningsgrupp Dalarna"}
    assert decided.reach is not None
    assert decided.reach.orgs == WAITING
    assert decided.reach.recorded == {"body": "Länsgemensam ledningsgrupp Dalarna", "ref": "Protokoll 2027-05-28 §4"}
    assert decision.everyone_decided(seen, decided)


def test_a_decision_for_some_records_them_leaves_the_rest_waiting_and_keeps_the_deadline() -> None:
    seen = facts(LANSCHEFER, (FALUN, BORLANGE, FALUN))
    decided = decision.decided_in_forum(seen, start(seen))
    assert decided.recorded == {"body": "Länschefsnätverket Dalarna", "for": ["Falu kommun", "Borlänge kommun"]}
    assert decided.reach is not None
    assert decided.reach.orgs == (FALUN, BORLANGE)
    assert not decision.everyone_decided(seen, decided)
    assert levels.keep_deadline(seen, decided.but(stays=True)).due == DUE


def test_the_last_of_those_waiting_completes_the_lpos_step() -> None:
    seen = facts(JOINT, (REGION,), waiting=(REGION,))
    assert decision.everyone_decided(seen, decision.decided_in_forum(seen, start(seen)))


@pytest.mark.parametrize(
    ("forum", "named", "waiting", "sentence"),
    [
        pytest.param(
            LANSCHEFER, None, WAITING,
            "Länschefsnätverket Dalarna fattar inte beslut för Region Dalarna; ange ett beslutsorgan som gör det.",
            id="kommun-forum-for-the-region",
        ),
        pytest.param(
            LGVO, (FALUN,), WAITING,
            "LGVO Östergötland fattar inte beslut för Falu kommun; ange ett beslutsorgan som gör det.",
            id="another-lans-forum",
        ),
        pytest.param(
            LANSCHEFER, (GOTLAND,), (GOTLAND,),
            "Länschefsnätverket Dalarna fattar inte beslut för Region Gotland; ange ett beslutsorgan som gör det.",
            id="gotland-is-a-region",
        ),
        pytest.param(
            JOINT, (FALUN, REGION), (REGION,),
            "Falu kommun väntar inte på något lokalt beslut från LPO psykisk hälsa Dalarna; beslutet kan gälla de "
            "huvudmän som väntar.",
            id="already-decided",
        ),
        pytest.param(
            SKS, None, WAITING,
            "SKS är inget beslutsorgan som fattar lokala beslut; ange ett av länets: Länschefsnätverket Dalarna eller "
            "Länsgemensam ledningsgrupp Dalarna.",
            id="not-a-local-forum",
        ),
        pytest.param(
            FALUN, None, WAITING,
            "Falu kommun är inget beslutsorgan som fattar lokala beslut; ange ett av länets: Länschefsnätverket "
            "Dalarna eller Länsgemensam ledningsgrupp Dalarna.",
            id="not-a-forum-at-all",
        ),
    ],
)  # fmt: skip
def test_a_forum_decides_only_for_whom_it_decides(
    forum: Organisation, named: tuple[Organisation, ...] | None, waiting: tuple[Organisation, ...], sentence: str
) -> None:
    assert refusal(facts(forum, named, waiting=waiting)) == sentence


def test_region_gotland_is_decided_for_by_its_own_forum() -> None:
    seen = facts(GOTLAND_FORUM, waiting=(GOTLAND,))
    assert decision.decided_in_forum(seen, start(seen)).reach is not None


def test_target_levels_only_for_those_the_decision_is_for() -> None:
    assert decision.decided_in_forum(facts(JOINT, (FALUN,), targeted=(FALUN_UNIT,)), start(facts(JOINT))).reach
    assert refusal(facts(JOINT, (FALUN,), targeted=(BORLANGE,))) == (
        "Borlänge kommun ingår inte i beslutet; ge målnivåer bara till dem beslutet gäller."
    )
