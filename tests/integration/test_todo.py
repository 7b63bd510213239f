"""``kgflow todo``'s service: what waits for whom, in which order, on both databases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kgflow.domain.errors import NotFound, UsageError
from kgflow.service.todo import Todo, todo
from kgflow.testing import World

ITEM = "psvf-adhd"
DALARNA = ["lpo-dalarna", "lag-dalarna-vuxna", "region-dalarna", "falun", "falun-elevhalsa", "borlange"]


@pytest.fixture
def referred(world: World) -> World:
    world.item(ITEM, "PSVF ADHD")
    world.refer(ITEM, date(2027, 3, 31))
    return world


def places(found: Todo) -> list[str]:
    return [entry.row.org for entry in found.waiting]


def test_the_secretary_sees_every_open_step_in_her_lan_most_urgent_first(referred: World) -> None:
    found = todo(referred.services, "sara.ek")
    assert sorted(places(found)) == sorted(DALARNA)
    dues = [entry.row.due for entry in found.waiting]
    assert all(due is not None for due in dues)
    assert dues == sorted(dues)  # type: ignore[type-var]
    # The unit answers first (5 working days before its kommun); the LPO compiles last.
    assert places(found)[0] == "falun-elevhalsa"
    assert places(found)[-1] == "lpo-dalarna"
    assert [(h.role, str(h.label), h.org.code) for h in found.roles] == [("sekreterare", "Sekreterare", "lpo-dalarna")]


def test_each_step_comes_with_its_label_and_the_command_that_takes_it(referred: World) -> None:
    [falun] = [entry for entry in todo(referred.services, "sara.ek").waiting if entry.row.org == "falun"]
    assert [(s.event, str(s.label)) for s in falun.steps] == [
        ("answer", "Lämna remissvar"),
        ("decline", "Avstå från att svara"),
    ]
    assert [str(s.command) for s in falun.steps] == [
        "kgflow --as sara.ek advance psvf-adhd falun answer --ref REFERENS",
        "kgflow --as sara.ek advance psvf-adhd falun decline --set reason='SKÄL'",
    ]
    assert str(falun.state) == "På remiss"
    assert falun.days_late == 0


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        pytest.param("anna.andersson", ["falun"], id="a-contact-person-only-for-her-own-kommun-not-its-unit"),
        pytest.param("bo.lund", ["borlange"], id="a-contact-person"),
        pytest.param("olof.ek", [], id="the-chair-may-not-answer-the-remiss"),
        pytest.param("greta.lund", [], id="a-decision-body-has-no-instance"),
        pytest.param("vera.holm", ["lpo-varmland", "karlstad"], id="another-lan"),
    ],
)
def test_only_steps_the_persons_roles_may_take(referred: World, person: str, expected: list[str]) -> None:
    assert sorted(places(todo(referred.services, person))) == sorted(expected)


def test_a_person_with_no_role_has_nothing_waiting(referred: World) -> None:
    with referred.services.uow(write=True) as uow:
        uow.people.add("ny.person", "Ny Person", "ny.person@example.se")
        uow.commit()
    found = todo(referred.services, "Ny Person")
    assert (found.person.code, found.roles, found.waiting) == ("ny.person", (), ())


def test_nobody_acting_is_refused_in_one_swedish_sentence(referred: World) -> None:
    with referred.services.uow() as uow:
        if uow.people.login() is not None:
            pytest.skip("on PostgreSQL the database login says who is acting")
    with pytest.raises(UsageError, match=r"^Säg vem du är med --as PERSON \(eller KGFLOW_USER=PERSON\)"):
        todo(referred.services, None)


def test_filters_by_organisation_and_item(referred: World) -> None:
    referred.item("psvf-autism", "PSVF Autism")
    referred.refer("psvf-autism", date(2027, 4, 30))
    assert sorted(places(todo(referred.services, "sara.ek", org="falun"))) == ["falun", "falun", "falun-elevhalsa",
                                                                              "falun-elevhalsa"]  # fmt: skip
    only = todo(referred.services, "sara.ek", item="psvf-autism", org="Falun")
    assert {(e.row.item, e.row.org) for e in only.waiting} == {
        ("psvf-autism", "falun"),
        ("psvf-autism", "falun-elevhalsa"),
    }
    with pytest.raises(NotFound, match="Menade du lpo-dalarna"):
        todo(referred.services, "sara.ek", org="lpo-darlana")


def test_late_shows_only_what_is_past_its_due_date_with_days_late(referred: World) -> None:
    [unit] = [e for e in todo(referred.services, "sara.ek").waiting if e.row.org == "falun-elevhalsa"]
    assert unit.row.due is not None
    assert todo(referred.services, "sara.ek", late=True).waiting == ()
    next_working_day = unit.row.due + timedelta(days=3 if unit.row.due.weekday() == 4 else 1)
    referred.clock.set(next_working_day)
    late = todo(referred.services, "sara.ek", late=True)
    assert [(e.row.org, e.days_late) for e in late.waiting] == [("falun-elevhalsa", 1)]


def test_answered_and_finished_instances_are_not_listed(referred: World) -> None:
    referred.advance(ITEM, "Borlänge", "answer", "Bo Lund", ref="KS 1")
    assert "borlange" not in places(todo(referred.services, "sara.ek"))
    assert todo(referred.services, "bo.lund").waiting == ()
    referred.advance(ITEM, "npo-psykisk-halsa", "withdraw", "Nora Lind", values={"reason": "Fel version"})
    assert todo(referred.services, "sara.ek").waiting == ()
    assert todo(referred.services, "nora.lind").waiting == ()
