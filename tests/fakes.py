"""An in-memory unit of work for service-level unit tests (test code, not shipped).

It keeps the domain's frozen values in plain dicts and lists and behaves like
:class:`kgflow.persistence.uow.SqlUnitOfWork` where the advance use case relies
on it:

- a committed copy and a working copy: what is done inside ``with`` is seen
  after it only if ``commit()`` was called; leaving the block rolls back;
- ``compare_and_set`` checks the state *and* the version read;
- history appends and instance writes raise :class:`RuntimeError` before
  ``lock_history()``, as the SQL repositories do;
- every call that matters to lock ordering is recorded in
  :attr:`FakeStore.events`, in order.

Only the Protocol methods the advance use case calls are implemented; the others
raise :class:`NotImplementedError`, so a use case reaching for one shows up at
once. The outbox, leases and backup are not there at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import TracebackType
from typing import Any, NoReturn, Self

from kgflow.domain.audit import GENESIS, ChainRow, Checkpoint
from kgflow.domain.authority import Actor, Held
from kgflow.domain.identity import Login
from kgflow.domain.model import (
    HistoryEntry,
    Instance,
    Item,
    ItemVersion,
    Organisation,
    Person,
    VersionStatus,
)
from kgflow.domain.records import StoredWorkflow
from kgflow.service.ports import (
    BackupRepository,
    Candidate,
    Drift,
    FollowUpAnswerRepository,
    HistoryRecord,
    InstanceChange,
    LeaseRepository,
    NewInstance,
    NewOrganisation,
    OutboxRepository,
    PlanRepository,
    SignInRepository,
    StateCount,
    StatusRow,
    Subject,
    TreeInstance,
    UnitOfWork,
    UnitOfWorkFactory,
)


def _unused(what: str) -> NoReturn:
    raise NotImplementedError(f"the fake unit of work does not implement {what}")


@dataclass(frozen=True)
class Row:
    """One stored history row: the entry with the item version and level it records."""

    entry: HistoryEntry
    item_version: int | None
    level: int | None


@dataclass
class Tables:
    """Everything stored: one copy is committed, one is worked on inside a unit of work."""

    orgs: dict[int, Organisation] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    roles: list[tuple[int, str, int]] = field(default_factory=list)  # (person id, role, org id)
    items: dict[int, Item] = field(default_factory=dict)
    versions: dict[int, ItemVersion] = field(default_factory=dict)
    instances: dict[int, Instance] = field(default_factory=dict)
    history: list[Row] = field(default_factory=list)
    workflows: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)

    def copy(self) -> Tables:
        """A copy whose containers are new (the values in them are frozen)."""
        return Tables(
            dict(self.orgs),
            dict(self.people),
            list(self.roles),
            dict(self.items),
            dict(self.versions),
            dict(self.instances),
            list(self.history),
            dict(self.workflows),
        )


@dataclass
class FakeStore:
    """The fake database: the committed tables, and the log of what units of work did, in order.

    ``after_lock`` runs once the turn is taken, with the working tables: a test
    can play another writer that committed between the use case's first read and
    its turn (as a concurrent ``kgflow advance`` would).
    """

    committed: Tables = field(default_factory=Tables)
    events: list[str] = field(default_factory=list)
    after_lock: Callable[[Tables], None] | None = None

    def __call__(self, *, write: bool = False) -> FakeUnitOfWork:
        """Open a unit of work (the factory ``Services.uow`` expects)."""
        return FakeUnitOfWork(self)

    def history_of(self, instance_id: int) -> list[Row]:
        """The committed rows of one instance, oldest first."""
        return [row for row in self.committed.history if row.entry.instance_id == instance_id]


class _Turn:
    """Whether this unit of work took the turn to append history (the SQL ``ChainHead``)."""

    def __init__(self) -> None:
        self.taken = False

    def require(self) -> None:
        if not self.taken:
            raise RuntimeError("history and instances are written only after uow.lock_history()")


class FakeOrganisations:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def find(self, ref: str) -> Organisation | None:
        wanted = ref.strip().lower()
        return next((o for o in self._t.orgs.values() if wanted in (o.code, o.name.lower())), None)

    def find_many(self, refs: Iterable[str]) -> dict[str, Organisation]:
        found = {ref.strip(): self.find(ref) for ref in refs}
        return {ref: o for ref, o in found.items() if o is not None}

    def names(self) -> list[tuple[str, str, str | None]]:
        return [(o.code, o.name, o.municipality_code) for o in self._t.orgs.values()]

    def by_ids(self, ids: Iterable[int]) -> dict[int, Organisation]:
        return {i: self._t.orgs[i] for i in ids if i in self._t.orgs}

    def subtree(self, root: Organisation) -> list[Organisation]:
        found = [o for o in self._t.orgs.values() if o.is_within(root.id)]
        return sorted(found, key=lambda o: (max(len(route) for route in o.every_route), o.id))

    def list(
        self,
        kind: str | None = None,
        under: Organisation | None = None,
        *,
        kinds: Iterable[str] | None = None,
        area: str | None = None,
        numbered: bool = False,
    ) -> list[Organisation]:
        _unused("orgs.list")

    def areas(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((o.area, o.name) for o in self._t.orgs.values() if o.kind == "npo" and o.area))

    def add_many(self, rows: Sequence[NewOrganisation]) -> int:
        _unused("orgs.add_many")

    def rerouted(self) -> tuple[str, ...]:
        _unused("orgs.rerouted")

    def add_parents(self, org_id: int, parent_ids: Sequence[int]) -> None:
        _unused("orgs.add_parents")

    def rename(
        self,
        org_id: int,
        name: str,
        municipality_code: str | None,
        *,
        short_name: str | None = None,
        area: str | None = None,
        lan: str | None = None,
        decides_for: str | None = None,
    ) -> None:
        _unused("orgs.rename")

    def facts(self) -> dict[str, dict[str, Any]]:
        _unused("orgs.facts")

    def count(self) -> int:
        return len(self._t.orgs)


class FakePeople:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def find(self, ref: str) -> Person | None:
        wanted = ref.strip().lower()
        return next((p for p in self._t.people.values() if wanted in (p.code, p.email)), None)

    def find_with_roles(self, ref: str) -> tuple[Person, list[Held]] | None:
        person = self.find(ref)
        if person is None:
            return None
        orgs = self._t.orgs
        held = [
            Held(role, org, orgs[org].kind.value, orgs[org].area)
            for who, role, org in self._t.roles
            if who == person.id
        ]
        return person, held

    def login(self) -> Login | None:
        return None  # like SQLite: no login, --as is taken as said

    def everyone(self) -> list[Person]:
        return sorted(self._t.people.values(), key=lambda p: p.code)

    def with_roles(self) -> list[tuple[Person, list[tuple[str, Organisation]]]]:
        _unused("people.with_roles")

    def add(self, code: str, name: str, email: str, login: str | None = None) -> Person:
        _unused("people.add")

    def set_login(self, person_id: int, login: str | None) -> None:
        _unused("people.set_login")

    def login_of(self, person_id: int) -> str | None:
        _unused("people.login_of")

    def facts(self) -> dict[str, dict[str, Any]]:
        _unused("people.facts")

    def role_facts(self) -> frozenset[tuple[str, str, str]]:
        _unused("people.role_facts")

    def assign(self, person_id: int, org_id: int, role: str) -> bool:
        _unused("people.assign")

    def holders(self, org_id: int, role: str) -> list[Person]:
        _unused("people.holders")

    def at(self, org_id: int) -> list[tuple[str, Person]]:
        _unused("people.at")


class FakeItems:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def find(self, ref: str) -> Item | None:
        wanted = ref.strip().lower()
        return next((i for i in self._t.items.values() if i.code == wanted), None)

    def versions(self, item_id: int) -> list[ItemVersion]:
        return sorted((v for v in self._t.versions.values() if v.item_id == item_id), key=lambda v: v.number)

    def add(
        self,
        code: str,
        kind: str,
        title: str,
        workflow: str,
        default_target_level: int,
        owner_org_id: int | None,
        area: str | None = None,
    ) -> Item:
        _unused("items.add")

    def add_version(
        self, item_id: int, number: int, status: VersionStatus, workflow: str, workflow_version: int
    ) -> ItemVersion:
        _unused("items.add_version")

    def set_version_status(
        self, version_id: int, status: VersionStatus, adopted_on: date | None = None, ref: str | None = None
    ) -> None:
        _unused("items.set_version_status")

    def names(self) -> list[tuple[str, str]]:
        return [(i.code, i.title) for i in self._t.items.values()]

    def list(self) -> list[Item]:
        return sorted(self._t.items.values(), key=lambda i: i.code)


class FakeInstances:
    def __init__(self, t: Tables, turn: _Turn, events: list[str]) -> None:
        self._t = t
        self._turn = turn
        self._events = events

    def _subject_of(self, instance: Instance) -> Subject:
        version = self._t.versions[instance.item_version_id]
        return Subject(instance, self._t.orgs[instance.org_id], self._t.items[version.item_id], version)

    def subject(self, item_id: int, org_id: int) -> Subject | None:
        for instance in self._t.instances.values():
            version = self._t.versions[instance.item_version_id]
            if version.item_id == item_id and instance.org_id == org_id:
                return self._subject_of(instance)
        return None

    def subject_by_codes(self, item_code: str, org_code: str) -> Subject | None:
        item = next((i for i in self._t.items.values() if i.code == item_code), None)
        org = next((o for o in self._t.orgs.values() if o.code == org_code), None)
        return self.subject(item.id, org.id) if item and org else None

    def subject_and_actor(
        self, item_code: str, org_code: str, person_ref: str
    ) -> tuple[Subject, Actor, Checkpoint | None] | None:
        subject = self.subject_by_codes(item_code, org_code)
        found = FakePeople(self._t).find_with_roles(person_ref)
        if subject is None or found is None:
            return None
        return subject, Actor(found[0], tuple(found[1])), None

    def get(self, instance_id: int) -> Instance | None:
        return self._t.instances.get(instance_id)

    def children(self, instance_id: int) -> list[tuple[Instance, Organisation]]:
        found = [i for i in self._t.instances.values() if i.parent_id == instance_id]
        return [(i, self._t.orgs[i.org_id]) for i in sorted(found, key=lambda i: i.id)]

    def with_org(self, instance_id: int) -> tuple[Instance, Organisation] | None:
        instance = self._t.instances.get(instance_id)
        return (instance, self._t.orgs[instance.org_id]) if instance else None

    def subjects_by_codes(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Subject]:
        found = {pair: self.subject_by_codes(*pair) for pair in set(pairs)}
        return {pair: subject for pair, subject in found.items() if subject is not None}

    def with_orgs(self, instance_ids: Iterable[int]) -> dict[int, tuple[Instance, Organisation]]:
        found = {i: self.with_org(i) for i in set(instance_ids)}
        return {i: pair for i, pair in found.items() if pair is not None}

    def children_of(self, instance_ids: Iterable[int]) -> dict[int, list[tuple[Instance, Organisation]]]:
        found = {i: self.children(i) for i in set(instance_ids)}
        return {i: children for i, children in found.items() if children}

    def compare_and_set_many(self, changes: Sequence[tuple[Instance, InstanceChange, int]], now: datetime) -> bool:
        self._turn.require()
        if any(
            self._t.instances.get(i.id) is None or self._t.instances[i.id].version != i.version for i, _, _ in changes
        ):
            return False
        for current, change, steps in changes:
            self.compare_and_set(current, change, now)
            if steps > 1:
                self._t.instances[current.id] = replace(self._t.instances[current.id], version=current.version + steps)
        return True

    def compare_and_set(self, instance: Instance, change: InstanceChange, now: datetime) -> bool:
        self._turn.require()
        self._events.append("compare_and_set")
        current = self._t.instances.get(instance.id)
        if current is None or (current.state, current.version) != (instance.state, instance.version):
            return False
        self._t.instances[instance.id] = replace(
            current,
            state=change.state,
            level=change.level,
            target_level=change.target_level,
            due=change.due,
            late=change.late,
            version=current.version + 1,
        )
        return True

    def lock_candidates(
        self,
        item_id: int,
        states: Iterable[str],
        kinds: Iterable[str],
        under: Organisation | None,
        *,
        within: Sequence[Organisation] = (),
    ) -> list[Candidate]:
        self._turn.require()
        self._events.append("lock_candidates")
        states, kinds = set(states), set(kinds)
        found = []
        for instance in sorted(self._t.instances.values(), key=lambda i: i.id):
            org = self._t.orgs[instance.org_id]
            if self._t.versions[instance.item_version_id].item_id != item_id:
                continue
            if instance.state not in states or org.kind.value not in kinds:
                continue
            if under is not None and (org.id == under.id or not org.is_within(under.id)):
                continue
            if within and not any(org.path[: len(o.path)] == o.path for o in within):
                continue
            found.append(
                Candidate(
                    instance.id, org.id, org.kind.value, org.code, instance.state, instance.level, instance.target_level
                )
            )
        return found

    def move(
        self, ids: Sequence[int], state: str, due: date | None, now: datetime, item_version_id: int | None = None
    ) -> int:
        self._turn.require()
        self._events.append("move")
        for i in ids:
            current = self._t.instances[i]
            moved = replace(current, state=state, due=due, version=current.version + 1)
            if item_version_id is not None:
                moved = replace(moved, item_version_id=item_version_id)
            self._t.instances[i] = moved
        return len(ids)

    def set_targets(self, targets: Mapping[int, int]) -> None:
        self._turn.require()
        self._events.append("set_targets")
        for i, level in targets.items():
            self._t.instances[i] = replace(self._t.instances[i], target_level=level)

    def create(
        self, item_version: ItemVersion, rows: Sequence[NewInstance], now: datetime, fallback_parent: int | None = None
    ) -> list[int]:
        _unused("instances.create")

    def switch_version(self, item_id: int, item_version_id: int) -> list[Candidate]:
        _unused("instances.switch_version")

    def lock_tree(self, instance_id: int) -> list[TreeInstance]:
        _unused("instances.lock_tree")

    def hold(self, ids: Sequence[int], since: date, review_on: date, now: datetime) -> int:
        _unused("instances.hold")

    def resume(self, dues: Mapping[int, date | None], now: datetime) -> int:
        _unused("instances.resume")

    def set_priority(self, instance_id: int, priority: str, now: datetime) -> None:
        _unused("instances.set_priority")

    def state_counts(self, area: str | None = None) -> list[StateCount]:
        _unused("instances.state_counts")

    def status(
        self,
        item_id: int | None = None,
        under: Organisation | None = None,
        states: Iterable[str] | None = None,
        due_before: date | None = None,
        area: str | None = None,
    ) -> list[StatusRow]:
        _unused("instances.status")

    def at_roles_of(
        self,
        person_id: int,
        *,
        item_id: int | None = None,
        under: Organisation | None = None,
        due_before: date | None = None,
        finished: Iterable[str] = (),
        area: str | None = None,
    ) -> list[tuple[StatusRow, Organisation]]:
        _unused("instances.at_roles_of")


class FakeHistory:
    def __init__(self, t: Tables, turn: _Turn, events: list[str]) -> None:
        self._t = t
        self._turn = turn
        self._events = events

    def append(self, entry: HistoryEntry, item_version: int | None, level: int | None) -> None:
        self.append_many([(entry, item_version, level)])

    def append_many(self, entries: Sequence[tuple[HistoryEntry, int | None, int | None]]) -> None:
        self._turn.require()
        self._events.append("append")
        self._t.history.extend(Row(*entry) for entry in entries)

    def for_instance(self, instance_id: int) -> list[HistoryRecord]:
        return [
            HistoryRecord(
                r.entry.at,
                r.entry.actor,
                r.entry.event,
                r.entry.from_state,
                r.entry.to_state,
                r.item_version,
                r.level,
                r.entry.fields,
                r.entry.note,
                target_level=r.entry.target_level,
            )
            for r in self._t.history
            if r.entry.instance_id == instance_id
        ]

    def registered_digest(self, name: str, version: int) -> str | None:
        stored = self._t.workflows.get((name, version))
        return stored[0] if stored else None

    def count(self) -> int:
        return len(self._t.history)

    def head(self) -> Checkpoint | None:
        return Checkpoint(len(self._t.history), GENESIS) if self._t.history else None  # no hash chain here

    def unsealed(self) -> int:
        _unused("history.unsealed")

    def out_of_step(self, limit: int = 1) -> tuple[int, list[Drift]]:
        _unused("history.out_of_step")

    def chain(self) -> Iterator[ChainRow]:
        _unused("history.chain")

    def came_from(self, item_id: int, item_version: int, event: str, to_state: str) -> dict[int, str]:
        _unused("history.came_from")


class FakeWorkflows:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def source(self, name: str, version: int) -> tuple[str, str] | None:
        return self._t.workflows.get((name, version))

    def registered(self) -> list[tuple[str, int]]:
        return sorted(self._t.workflows)

    def register(self, name: str, version: int, digest: str, source: str, now: datetime) -> None:
        _unused("workflows.register")

    def stored(self) -> list[StoredWorkflow]:
        _unused("workflows.stored")


class FakeUnitOfWork:
    """One transaction on a :class:`FakeStore`: a working copy of its tables, kept only by ``commit()``."""

    def __init__(self, store: FakeStore) -> None:
        self._store = store
        self._work: Tables | None = None

    def __enter__(self) -> Self:
        self._work = self._store.committed.copy()
        self._turn = _Turn()
        events = self._store.events
        self.orgs = FakeOrganisations(self._work)
        self.people = FakePeople(self._work)
        self.items = FakeItems(self._work)
        self.instances = FakeInstances(self._work, self._turn, events)
        self.history = FakeHistory(self._work, self._turn, events)
        self.workflows = FakeWorkflows(self._work)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()
        self._work = None

    @property
    def outbox(self) -> OutboxRepository:
        _unused("outbox")

    @property
    def leases(self) -> LeaseRepository:
        _unused("leases")

    @property
    def backup(self) -> BackupRepository:
        _unused("backup")

    @property
    def sign_ins(self) -> SignInRepository:
        _unused("sign_ins")

    @property
    def plans(self) -> PlanRepository:
        _unused("plans")

    @property
    def answers(self) -> FollowUpAnswerRepository:
        _unused("answers")

    def lock_history(self, seen: Checkpoint | None = None, *, own_instance: bool = False) -> None:
        if self._turn.taken:
            return  # taking the turn twice is harmless, as in SQL
        self._turn.taken = True
        self._store.events.append("lock_history")
        if self._store.after_lock is not None:
            self._store.after_lock(self._opened())

    def attempt(self) -> AbstractContextManager[None]:
        _unused("attempt")

    def commit(self) -> None:
        self._store.committed = self._opened().copy()
        self._store.events.append("commit")

    def rollback(self) -> None:
        if self._work is None:
            return
        self._work = self._store.committed.copy()
        self.__enter__()  # fresh repositories on the rolled-back copy, as a new transaction

    def _opened(self) -> Tables:
        if self._work is None:
            raise RuntimeError("the unit of work is not open")
        return self._work


def _checked(store: FakeStore) -> None:
    """Never called: makes mypy check the fakes against the Protocols."""
    factory: UnitOfWorkFactory = store
    uow: UnitOfWork = FakeUnitOfWork(store)
    del factory, uow
