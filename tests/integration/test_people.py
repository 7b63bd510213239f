"""``kgflow person``'s service: people with their roles, filtered, on both databases."""

from __future__ import annotations

import pytest

from kgflow.domain.errors import NotFound
from kgflow.service.people import PersonCard, list_people, show_person
from kgflow.testing import World


def codes(cards: list[PersonCard]) -> list[str]:
    return [card.person.code for card in cards]


def test_everyone_by_code_with_roles_and_their_swedish_labels(world: World) -> None:
    cards = list_people(world.services)
    assert codes(cards) == sorted(codes(cards))
    assert len(cards) == len(world.people)
    [olof] = [card for card in cards if card.person.code == "olof.ek"]
    assert [(r.role, r.label, r.org.code) for r in olof.roles] == [("ordforande", "Ordförande", "lpo-dalarna")]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param({"org": "Borlänge"}, ["bo.lund"], id="at-an-organisation"),
        pytest.param({"org": "falun"}, ["anna.andersson", "elsa.berg"], id="and-below-it"),
        pytest.param({"role": "Sekreterare"}, ["sara.ek", "vera.holm"], id="role-by-label"),
        pytest.param({"role": "sekreterare", "org": "lpo-varmland"}, ["vera.holm"], id="role-and-organisation"),
        pytest.param({"search": "sjo"}, ["lisa.sjo"], id="search-folds-diacritics"),
        pytest.param({"search": "LUND"}, ["bo.lund", "greta.lund"], id="search-ignores-case"),
    ],
)
def test_list_filters(world: World, filters: dict[str, str], expected: list[str]) -> None:
    assert codes(list_people(world.services, **filters)) == expected


def test_an_unknown_role_suggests_the_nearest(world: World) -> None:
    with pytest.raises(NotFound, match=r"^Det finns ingen roll som heter 'ordförand'\. Menade du ordforande\?$"):
        list_people(world.services, role="ordförand")


@pytest.mark.parametrize("ref", ["greta.lund", "greta.lund@lanschefsnatverket-dalarna.example", "Greta Lund"])
def test_show_takes_a_code_an_address_or_a_full_name(world: World, ref: str) -> None:
    card = show_person(world.services, ref)
    assert (card.person.code, [(r.role, r.org.code) for r in card.roles]) == (
        "greta.lund",
        [("ordforande", "lanschefsnatverket-dalarna")],
    )
