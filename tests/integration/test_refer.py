"""Referral: one instance per participant, deadlines cascading in working days, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.domain.calendar import is_working_day, working_days_before
from kgflow.domain.errors import UsageError
from kgflow.service.queries import status
from kgflow.testing import World

DUE = date(2027, 3, 31)


def due_dates(world: World, item: str) -> dict[str, date | None]:
    return {line.row.org: line.row.due for line in status(world.services, item)}


def test_referral_reaches_every_participant_with_cascading_deadlines(world: World) -> None:
    world.item("psvf-sjalvskada", "PSVF Självskada")
    result = world.refer("psvf-sjalvskada", DUE)
    dues = due_dates(world, "psvf-sjalvskada")
    assert set(dues) == {
        "npo-psykisk-halsa", "rpo-mellansverige", "lpo-dalarna", "lag-dalarna-vuxna", "region-dalarna",
        "falun", "falun-elevhalsa", "borlange", "lpo-varmland", "karlstad",
    }  # fmt: skip
    assert result.created == 9
    assert dues["npo-psykisk-halsa"] == DUE
    assert dues["rpo-mellansverige"] == working_days_before(DUE, 5)
    assert dues["lpo-dalarna"] == working_days_before(dues["rpo-mellansverige"], 10)  # type: ignore[arg-type]
    assert dues["falun"] == working_days_before(dues["lpo-dalarna"], 10)  # type: ignore[arg-type]
    assert dues["falun-elevhalsa"] == working_days_before(dues["falun"], 5)  # type: ignore[arg-type]
    assert all(is_working_day(day) for day in dues.values() if day is not None)


@pytest.mark.parametrize(
    ("due", "fragment"),
    [
        pytest.param(
            date(2027, 3, 27),
            "^Sista dag 2027-03-27 är en lördag, inte en arbetsdag; välj en arbetsdag.$",
            id="weekend",
        ),
        pytest.param(date(2027, 6, 25), "midsommarafton, inte en arbetsdag", id="midsommarafton"),
        pytest.param(
            date(2027, 1, 29),
            "^Sista dag 2027-01-29 är inte efter i dag \\(2027-02-01\\); välj ett senare datum.$",
            id="in-the-past",
        ),
        pytest.param(
            date(2027, 2, 15), "skulle organisationerna längst ned behöva svara senast", id="too-soon-for-the-chain"
        ),
    ],
)
def test_an_impossible_deadline_is_refused_and_nothing_is_created(world: World, due: date, fragment: str) -> None:
    world.item("psvf-sjalvskada", "PSVF Självskada")
    with pytest.raises(UsageError, match=fragment):
        world.refer("psvf-sjalvskada", due)
    assert due_dates(world, "psvf-sjalvskada") == {"npo-psykisk-halsa": None}


def test_the_workflow_is_compiled_once_however_many_instances(world: World) -> None:
    world.item("psvf-sjalvskada", "PSVF Självskada")
    world.refer("psvf-sjalvskada", DUE)
    for org, person in (("Borlänge", "Bo Lund"), ("Karlstad", "Karl Strand"), ("Elevhälsan Falun", "Elsa Berg")):
        world.advance("psvf-sjalvskada", org, "answer", person, ref="svar")
    assert list(world.services.catalogue._compiled) == [("nationellt-kunskapsstod", 1)]
