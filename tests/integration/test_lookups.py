"""Forgiving lookups: what was meant when a name is mistyped, and people by name, on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.domain.errors import NotFound, TransitionRefused, UsageError
from kgflow.domain.identity import SYSTEM
from kgflow.service.advance import AdvanceRequest, advance
from kgflow.service.items import show_item
from kgflow.service.organisations import NewPerson, show_org, store
from kgflow.service.queries import status
from kgflow.testing import World

DUE = date(2027, 3, 31)


@pytest.fixture
def referred(world: World) -> World:
    world.item("psvf-sjalvskada", "PSVF Självskada")
    world.refer("psvf-sjalvskada", DUE)
    return world


def answer_as(world: World, actor: str, org: str = "borlange") -> str:
    request = AdvanceRequest("psvf-sjalvskada", org, "answer", actor, ref="KS 1")
    return advance(world.services, request).to_state


def test_a_mistyped_organisation_is_refused_with_what_was_meant(world: World) -> None:
    with pytest.raises(NotFound) as refused:
        show_org(world.services, "lpo-darlana")
    assert str(refused.value) == "Det finns ingen organisation som heter 'lpo-darlana'. Menade du lpo-dalarna?"
    assert refused.value.exit_code == 3


def test_an_item_typed_with_a_and_o_finds_the_folded_code(referred: World) -> None:
    with pytest.raises(NotFound, match=r"Menade du psvf-sjalvskada\?"):
        status(referred.services, "psvf-självskada")
    with pytest.raises(NotFound, match=r"Menade du psvf-sjalvskada\?"):
        show_item(referred.services, "PSVF Sjalvskda")


def test_with_nothing_near_the_refusal_says_where_to_look(world: World) -> None:
    with pytest.raises(NotFound, match=r"^Det finns ingen organisation som heter 'atlantis'\. Se `kgflow org list`\.$"):
        show_org(world.services, "atlantis")


def test_a_mistyped_person_event_and_state_are_refused_with_what_was_meant(referred: World) -> None:
    with pytest.raises(NotFound, match=r"Menade du bo\.lund\?"):
        answer_as(referred, "bo.lunds")
    with pytest.raises(TransitionRefused, match=r"Menade du answer\?"):
        referred.advance("psvf-sjalvskada", "Borlänge", "answr", "Bo Lund", ref="X")
    with pytest.raises(
        NotFound, match=r"^Arbetsflödet nationellt-kunskapsstod har inget läge som heter 'remis'\. Menade du remiss\?$"
    ):
        referred.advance("psvf-sjalvskada", "Borlänge", "answer", "Bo Lund", ref="X", expect_state="remis")


@pytest.mark.parametrize(
    "actor",
    ["bo.lund", "BO.LUND@borlange.example", "Bo Lund", "bo  lund", "BO LUND"],
    ids=["code", "e-mail", "full-name", "spaces", "capitals"],
)
def test_the_actor_is_a_code_an_address_or_a_full_name(referred: World, actor: str) -> None:
    assert answer_as(referred, actor) == "answered"


def add_person(world: World, code: str, name: str, role: str, at: str) -> None:
    """A person with a code of one's own (``World.person`` makes the code from the name)."""
    with world.services.uow(write=True) as uow:
        new = NewPerson(code, name, f"{code}@{at}.example", ((role, at),))
        store(uow, [], [new], actor=SYSTEM, now=world.clock.now())
        uow.commit()


def test_a_full_name_two_people_share_is_refused_naming_their_codes(referred: World) -> None:
    add_person(referred, "bo.lund2", "Bo Lund", "kontaktperson", "falun")
    with pytest.raises(UsageError, match=r"^Flera personer heter 'Bo Lund': ange koden, bo\.lund eller bo\.lund2\.$"):
        answer_as(referred, "Bo Lund")
    assert answer_as(referred, "bo.lund") == "answered"


VIP = "vip-skadligt-bruk"


@pytest.fixture
def adopted(world: World) -> World:
    """A VIP adopted nationally, waiting for LPO Dalarna's local decision."""
    world.item(VIP, "VIP Skadligt bruk", kind="vip")
    world.refer(VIP, DUE)
    world.answer_below(VIP, "NPO psykisk hälsa", including=True)
    world.advance(VIP, "NPO psykisk hälsa", "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})
    return world


def decide(world: World, *pairs: str) -> None:
    body = "body=lansgemensam-ledningsgrupp-dalarna"
    request = AdvanceRequest(VIP, "lpo-dalarna", "decide", "sara.ek", ref="LPO 2027:3", values=(body, *pairs))
    advance(world.services, request)


def target_of(world: World, org: str) -> int | None:
    [line] = [line for line in status(world.services, VIP, org) if line.row.org == org]
    return line.row.target_level


@pytest.mark.parametrize(
    "key",
    ["borlange", "Borlänge", "BORLÄNGE", " borlänge "],
    ids=["code", "name", "capitals", "spaces-around"],
)
def test_a_per_organisation_key_names_an_organisation_as_org_does(adopted: World, key: str) -> None:
    decide(adopted, f"{key}=3", "Region Dalarna=1")
    assert (target_of(adopted, "borlange"), target_of(adopted, "region-dalarna")) == (3, 1)


@pytest.mark.parametrize(
    ("pairs", "fragment"),
    [
        pytest.param(
            ("borlnge=3",),
            r"^--set borlnge=…: 'borlnge' är ingen organisation under LPO psykisk hälsa Dalarna\. Menade du borlange\?$",
            id="mistyped",
        ),
        pytest.param(("karlstad=3",), "är ingen organisation under LPO psykisk hälsa Dalarna", id="not-below"),
        pytest.param(("lpo-dalarna=3",), "är ingen organisation under", id="itself"),
        pytest.param(
            ("borlange=3", "Borlänge=2"),
            r"^--set anger Borlänge \(borlange\) två gånger; ange den en gång\.$",
            id="twice",
        ),
    ],
)
def test_a_per_organisation_key_that_names_no_one_below_is_refused(
    adopted: World, pairs: tuple[str, ...], fragment: str
) -> None:
    with pytest.raises(UsageError, match=fragment):
        decide(adopted, *pairs)
    assert target_of(adopted, "borlange") is None
