"""The advance use case on the fake unit of work: what it stores, what it refuses, and in which order it locks.

The rules themselves are tested in ``test_rules.py``; here the service around
them: that an allowed step is stored once and committed, that a refused one
leaves nothing, that the turn to append history comes after the cheap refusals
and before any write. The real SQLite and PostgreSQL are the integration tests'.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kgflow.config import shipped_workflows
from kgflow.domain.calendar import working_days_between
from kgflow.domain.errors import Conflict, NotAuthorised, TransitionRefused
from kgflow.domain.model import Instance, Item, ItemKind, ItemVersion, Organisation, OrgKind, Person, VersionStatus
from kgflow.domain.wording import speak
from kgflow.locale import translator
from kgflow.service.advance import AdvanceRequest, AdvanceResult, advance
from kgflow.service.catalogue import WorkflowCatalogue
from kgflow.service.context import Services
from kgflow.service.ports import InstanceChange
from kgflow.testing import FixedClock
from tests.fakes import FakeStore, Row, Tables

WORKFLOW = "nationellt-kunskapsstod"
ITEM = "psvf-sjalvskada"
DUE = date(2027, 3, 31)
NPO, LPO, BORLANGE, FALUN = 10, 20, 30, 40  # instance ids

_NOW = FixedClock(date(2027, 2, 10)).now()
CATALOGUE = WorkflowCatalogue(shipped_workflows())  # shared: each workflow is compiled once per process


def _org(id_: int, code: str, name: str, kind: OrgKind, path: tuple[int, ...]) -> Organisation:
    return Organisation(id_, code, name, kind, path[-2] if len(path) > 1 else None, path)


def _instance(id_: int, org_id: int, parent: int | None) -> Instance:
    return Instance(id_, 1, org_id, parent, WORKFLOW, 1, "remiss", 1, due=DUE)


def chain() -> Tables:
    """An NPO, an LPO under it, Borlänge and Falun under the LPO; the item on remiss everywhere."""
    t = Tables()
    for org in [
        _org(1, "npo", "NPO psykisk hälsa", OrgKind.NPO, (1,)),
        _org(2, "lpo-dalarna", "LPO psykisk hälsa Dalarna", OrgKind.LPO, (1, 2)),
        _org(3, "borlange", "Borlänge", OrgKind.KOMMUN, (1, 2, 3)),
        _org(4, "falun", "Falun", OrgKind.KOMMUN, (1, 2, 4)),
    ]:
        t.orgs[org.id] = org
    for person, role, org_id in [
        (Person(1, "nora.lind", "Nora Lind", "nora@npo.example"), "samordnare", 1),
        (Person(2, "sara.ek", "Sara Ek", "sara@lpo.example"), "sekreterare", 2),
        (Person(3, "bo.lund", "Bo Lund", "bo@borlange.example"), "kontaktperson", 3),
        (Person(4, "anna.andersson", "Anna Andersson", "anna@falun.example"), "kontaktperson", 4),
    ]:
        t.people[person.id] = person
        t.roles.append((person.id, role, org_id))
    t.items[1] = Item(1, ITEM, ItemKind.PSVF, "PSVF Självskada", WORKFLOW, 2, 1)
    t.versions[1] = ItemVersion(1, 1, 1, VersionStatus.REMISS, WORKFLOW, 1)
    for instance in [
        _instance(NPO, 1, None),
        _instance(LPO, 2, NPO),
        _instance(BORLANGE, 3, LPO),
        _instance(FALUN, 4, LPO),
    ]:
        t.instances[instance.id] = instance
    return t


@pytest.fixture
def store() -> FakeStore:
    return FakeStore(chain())


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(date(2027, 2, 10))


@pytest.fixture
def services(store: FakeStore, clock: FixedClock) -> Services:
    return Services(uow=store, clock=clock, catalogue=CATALOGUE)


def step(services: Services, org: str, event: str, by: str, *values: str) -> AdvanceResult:
    return advance(services, AdvanceRequest(ITEM, org, event, by, None, None, values))


def set_state(store: FakeStore, instance_id: int, state: str, **values: object) -> None:
    """Put an instance somewhere directly, as an earlier committed step would have."""
    current = store.committed.instances[instance_id]
    store.committed.instances[instance_id] = replace(current, state=state, **values)  # type: ignore[arg-type]


def only_row(store: FakeStore, instance_id: int) -> Row:
    [row] = store.history_of(instance_id)
    return row


# ------------------------------------------------------------------------------------------------ the fake itself


def test_the_fake_keeps_nothing_without_a_commit(store: FakeStore) -> None:
    before = store.committed.copy()
    with store(write=True) as uow:
        uow.lock_history()
        [instance] = [i for i, _ in uow.instances.children(LPO) if i.id == BORLANGE]
        assert uow.instances.compare_and_set(instance, InstanceChange("answered", None, None, None, False), _NOW)
        assert uow.instances.get(BORLANGE) is not None
    assert store.committed == before
    assert "commit" not in store.events


def test_the_fake_refuses_writes_before_the_turn(store: FakeStore) -> None:
    with store(write=True) as uow:
        instance = store.committed.instances[BORLANGE]
        with pytest.raises(RuntimeError, match="lock_history"):
            uow.instances.compare_and_set(instance, InstanceChange("answered", None, None, None, False), _NOW)
        with pytest.raises(RuntimeError, match="lock_history"):
            uow.instances.move([BORLANGE], "answered", None, _NOW)


def test_the_fake_compare_and_set_checks_the_version_not_only_the_state(store: FakeStore) -> None:
    stale = replace(store.committed.instances[BORLANGE], version=0)
    with store(write=True) as uow:
        uow.lock_history()
        assert not uow.instances.compare_and_set(stale, InstanceChange("remiss", 1, 1, None, False), _NOW)


# ------------------------------------------------------------------------------------------------ allowed steps


def test_an_allowed_step_moves_the_instance_writes_one_row_and_commits(store: FakeStore, services: Services) -> None:
    result = step(services, "borlange", "answer", "bo.lund", "ref=KS 2027/12")
    assert (result.from_state, result.to_state, result.late) == ("remiss", "answered", False)
    moved = store.committed.instances[BORLANGE]
    assert (moved.state, moved.version) == ("answered", 2)
    row = only_row(store, BORLANGE)
    assert (row.entry.event, row.entry.from_state, row.entry.to_state, row.entry.actor) == (
        "answer",
        "remiss",
        "answered",
        "bo.lund",
    )
    assert row.entry.fields["ref"] == "KS 2027/12"
    assert row.item_version == 1
    assert store.events == ["lock_history", "compare_and_set", "append", "commit"]
    assert [r.entry.instance_id for r in store.committed.history] == [BORLANGE]


def test_the_row_records_the_decisions_level_and_target(store: FakeStore, services: Services) -> None:
    set_state(store, BORLANGE, "implementing", level=1, target_level=2, due=None)
    result = step(services, "borlange", "reach_level", "bo.lund", "level=2")
    assert (result.to_state, result.level, result.target_level) == ("implemented", 2, 2)
    moved = store.committed.instances[BORLANGE]
    assert (moved.state, moved.level, moved.target_level) == ("implemented", 2, 2)
    row = only_row(store, BORLANGE)
    assert (row.entry.to_state, row.level, row.entry.target_level) == ("implemented", 2, 2)


def test_a_forced_compiled_answer_records_who_was_missing(store: FakeStore, services: Services) -> None:
    result = advance(
        services, AdvanceRequest(ITEM, "lpo-dalarna", "answer", "sara.ek", "LPO 1", "Tiden tog slut", force=True)
    )
    assert result.to_state == "answered"
    fields = only_row(store, LPO).entry.fields
    assert fields["missing"] == ["Borlänge", "Falun"]
    assert fields["forced"] is True
    assert result.warnings


def test_a_late_answer_records_how_late(store: FakeStore, services: Services, clock: FixedClock) -> None:
    clock.set(date(2027, 4, 14))
    result = step(services, "borlange", "answer", "bo.lund", "ref=KS 9")
    assert result.late
    assert store.committed.instances[BORLANGE].late
    fields = only_row(store, BORLANGE).entry.fields
    assert fields["late"] is True
    assert fields["days_late"] == working_days_between(DUE, date(2027, 4, 14)) > 0


def test_the_npos_answer_closes_the_remiss_everywhere(store: FakeStore, services: Services) -> None:
    for instance_id in (LPO, BORLANGE):
        set_state(store, instance_id, "answered")
    set_state(store, FALUN, "declined")
    result = step(services, "npo", "answer", "nora.lind", "ref=NPO 1")
    assert result.moved == 4
    assert {i.state for i in store.committed.instances.values()} == {"awaiting_adoption"}
    closed = [r for r in store.committed.history if r.entry.event == "remiss_closed"]
    assert sorted((r.entry.instance_id, r.entry.from_state) for r in closed) == [
        (NPO, "answered"),
        (LPO, "answered"),
        (BORLANGE, "answered"),
        (FALUN, "declined"),
    ]
    assert {r.entry.fields["cause"] for r in closed} == {"answer by npo"}
    assert store.events == [
        "lock_history",
        "compare_and_set",
        "append",
        "lock_candidates",
        "move",
        "append",
        "commit",
    ]


# ------------------------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("org", "event", "by", "values", "error", "fragment"),
    [
        pytest.param("borlange", "complete_gap", "bo.lund", (), TransitionRefused, "kan bara tas i lägena", id="state"),
        pytest.param(
            "borlange", "remiss_closed", "bo.lund", (), TransitionRefused, "som följd av ett annat steg", id="internal"
        ),
        pytest.param("borlange", "answer", "anna.andersson", ("ref=X",), NotAuthorised, "may not", id="R13"),
    ],
)
def test_a_cheap_refusal_changes_nothing_and_never_takes_the_turn(
    store: FakeStore,
    services: Services,
    org: str,
    event: str,
    by: str,
    values: tuple[str, ...],
    error: type[Exception],
    fragment: str,
) -> None:
    before = store.committed.copy()
    with pytest.raises(error, match=fragment):
        step(services, org, event, by, *values)
    assert store.committed == before
    assert store.events == []


def test_r3_a_child_cannot_answer_once_the_parent_has(store: FakeStore, services: Services) -> None:
    set_state(store, LPO, "answered")
    before = store.committed.copy()
    with pytest.raises(TransitionRefused) as refused:
        step(services, "borlange", "answer", "bo.lund", "ref=KS 1")
    assert str(refused.value) == (
        "LPO psykisk hälsa Dalarna har redan lämnat sitt samlade remissvar (läget är nu 'Remissvar lämnat'), "
        "så Borlänge kan inte längre ta steget 'Lämna remissvar'."
    )
    assert store.committed == before
    assert store.events == ["lock_history"]  # the facts were read under the turn; nothing was written


def test_r4_a_compiled_answer_waits_for_the_children(store: FakeStore, services: Services) -> None:
    before = store.committed.copy()
    with pytest.raises(TransitionRefused) as refused:
        step(services, "lpo-dalarna", "answer", "sara.ek", "ref=LPO 1")
    assert str(refused.value) == (
        "LPO psykisk hälsa Dalarna kan inte lämna sitt samlade remissvar än: 2 organisationer under har varken "
        "svarat eller avstått (Borlänge; Falun); vänta, eller använd --force med en --note."
    )
    assert store.committed == before
    assert store.events == ["lock_history"]


def test_r8_levels_are_reached_one_at_a_time(store: FakeStore, services: Services) -> None:
    set_state(store, BORLANGE, "implementing", level=1, target_level=3, due=None)
    before = store.committed.copy()
    with pytest.raises(
        TransitionRefused,
        match=r"^Implementeringsnivåerna nås en i taget: Borlänge är på nivå 1, så nästa nivå är 2, inte 3\.$",
    ):
        step(services, "borlange", "reach_level", "bo.lund", "level=3")
    assert store.committed == before
    assert store.events == ["lock_history"]


def test_a_lost_compare_and_set_is_a_conflict_and_leaves_nothing(store: FakeStore, services: Services) -> None:
    def another_writer(work: Tables) -> None:
        """Borlänge's row moved on (same state, next version) between the first read and the turn."""
        current = work.instances[BORLANGE]
        work.instances[BORLANGE] = replace(current, version=current.version + 1)

    store.after_lock = another_writer
    before = store.committed.copy()
    with pytest.raises(Conflict, match="Borlänge was changed by someone else"):
        step(services, "borlange", "answer", "bo.lund", "ref=KS 1")
    assert store.committed == before
    assert store.events == ["lock_history", "compare_and_set"]


def test_a_refusal_is_rendered_when_shown_in_the_language_asked_for(store: FakeStore, services: Services) -> None:
    set_state(store, BORLANGE, "implementing", level=1, target_level=3, due=None)
    with pytest.raises(TransitionRefused) as refused:
        step(services, "borlange", "reach_level", "bo.lund", "level=3")
    with speak("en", translator("en")):
        assert str(refused.value) == (
            "Implementation levels are reached one at a time: Borlänge is at level 1, so the next level is 2, not 3."
        )
