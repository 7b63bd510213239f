"""The doors the services use: a unit of work and its repositories, as Protocols.

The service layer is written against these; :mod:`kgflow.persistence`
implements them with SQL. A unit of work is one database transaction: what a
service does inside ``with uow:`` is committed together by ``uow.commit()`` or
not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from kgflow.domain.audit import ChainRow, Checkpoint
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
from kgflow.service.outbox_ports import ClaimedDigest as ClaimedDigest
from kgflow.service.outbox_ports import DigestSummary as DigestSummary
from kgflow.service.outbox_ports import LeaseGrant as LeaseGrant
from kgflow.service.outbox_ports import LeaseRepository, OutboxRepository
from kgflow.service.outbox_ports import NoticeView as NoticeView
from kgflow.service.outbox_ports import RungWindow as RungWindow


@dataclass(frozen=True)
class Subject:
    """An instance with what it is about: the organisation, item and version."""

    instance: Instance
    org: Organisation
    item: Item
    item_version: ItemVersion


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation to add; ``parent`` is the parent's code."""

    code: str
    name: str
    kind: str
    parent: str | None = None
    municipality_code: str | None = None


@dataclass(frozen=True)
class NewInstance:
    """An instance to create in a fan-out; ``parent_org_id`` links it to its parent's instance."""

    org_id: int
    state: str
    due: date | None
    parent_org_id: int | None = None


@dataclass(frozen=True)
class InstanceChange:
    """The new values of an instance after one transition."""

    state: str
    level: int | None
    target_level: int | None
    due: date | None
    late: bool


@dataclass(frozen=True)
class Candidate:
    """An instance locked for a cascade: enough to move it and record history."""

    id: int
    org_id: int
    org_kind: str
    org_code: str
    state: str
    level: int | None
    target_level: int | None


@dataclass(frozen=True)
class Move:
    """One instance moved by a cascade, with what to write in its history row."""

    candidate: Candidate
    event: str
    target: str


@dataclass(frozen=True)
class StatusRow:
    """One line of ``kgflow status``."""

    item: str
    item_title: str
    org_id: int
    org: str
    org_name: str
    org_kind: str
    state: str
    workflow: str
    workflow_version: int
    item_version: int
    due: date | None
    level: int | None
    target_level: int | None
    late: bool
    updated_at: datetime


@dataclass(frozen=True)
class HistoryRecord:
    """One history row as shown by ``kgflow history``."""

    at: datetime
    actor: str
    event: str
    from_state: str | None
    to_state: str | None
    item_version: int | None
    level: int | None
    fields: Mapping[str, Any]
    note: str | None
    login: str | None = None
    target_level: int | None = None
    on_behalf: bool = False  # written by a login not the actor's own (an administrator or a service)


@dataclass(frozen=True)
class Drift:
    """An instance whose row disagrees with its history: (state, level, target, version) of each."""

    item: str
    org: str
    stored: tuple[str, int | None, int | None, int]
    recorded: tuple[str | None, int | None, int | None, int | None] | None


class OrganisationRepository(Protocol):
    """Organisations and the tree they form."""

    def find(self, ref: str) -> Organisation | None:
        """By code, municipality code or exact name (case-insensitive)."""
        ...

    def by_ids(self, ids: Iterable[int]) -> dict[int, Organisation]:
        """Several by id."""
        ...

    def subtree(self, root: Organisation) -> list[Organisation]:
        """``root`` and everything below it, parents before children."""
        ...

    def list(self, kind: str | None = None, under: Organisation | None = None) -> list[Organisation]:
        """All, or those of ``kind``, or those below ``under`` (inclusive), by path."""
        ...

    def add_many(self, rows: Sequence[NewOrganisation]) -> int:
        """Insert organisations whose parents exist or come earlier; returns how many."""
        ...

    def rename(self, org_id: int, name: str, municipality_code: str | None) -> None:
        """Change an organisation's name and municipality code."""
        ...

    def facts(self) -> dict[str, dict[str, Any]]:
        """Every organisation as the history records it, by code."""
        ...

    def count(self) -> int:
        """How many organisations there are."""
        ...


class PersonRepository(Protocol):
    """People and their roles."""

    def find(self, ref: str) -> Person | None:
        """By code or e-mail address (case-insensitive)."""
        ...

    def find_with_roles(self, ref: str) -> tuple[Person, list[Held]] | None:
        """A person and every role they hold, in one query."""
        ...

    def add(self, code: str, name: str, email: str, login: str | None = None) -> Person:
        """Create a person."""
        ...

    def set_login(self, person_id: int, login: str | None) -> None:
        """Link a person to their database login."""
        ...

    def login_of(self, person_id: int) -> str | None:
        """The database login a person is linked to."""
        ...

    def login(self) -> Login | None:
        """Who logged in to the database; None where the database has no logins (SQLite)."""
        ...

    def facts(self) -> dict[str, dict[str, Any]]:
        """Every person as the history records them, by code."""
        ...

    def role_facts(self) -> frozenset[tuple[str, str, str]]:
        """Every (person code, organisation code, role) held."""
        ...

    def assign(self, person_id: int, org_id: int, role: str) -> bool:
        """Give a person a role at an organisation; False if it was already held."""
        ...

    def holders(self, org_id: int, role: str) -> list[Person]:
        """Who holds ``role`` at an organisation."""
        ...

    def at(self, org_id: int) -> list[tuple[str, Person]]:
        """Every (role, person) at an organisation."""
        ...


class ItemRepository(Protocol):
    """Items and their versions."""

    def find(self, ref: str) -> Item | None:
        """By code (case-insensitive)."""
        ...

    def add(
        self,
        code: str,
        kind: str,
        title: str,
        workflow: str,
        default_target_level: int,
        owner_org_id: int | None,
    ) -> Item:
        """Create an item."""
        ...

    def add_version(
        self, item_id: int, number: int, status: VersionStatus, workflow: str, workflow_version: int
    ) -> ItemVersion:
        """Create a version of an item."""
        ...

    def versions(self, item_id: int) -> list[ItemVersion]:
        """All versions of an item, oldest first."""
        ...

    def set_version_status(
        self,
        version_id: int,
        status: VersionStatus,
        adopted_on: date | None = None,
        ref: str | None = None,
    ) -> None:
        """Record a version's new status (and adoption)."""
        ...

    def list(self) -> list[Item]:
        """All items, by code."""
        ...


class InstanceRepository(Protocol):
    """Instances: reads for advancing, compare-and-set writes, set-based moves."""

    def subject(self, item_id: int, org_id: int) -> Subject | None:
        """The instance of an item at an organisation, with its context."""
        ...

    def subject_by_codes(self, item_code: str, org_code: str) -> Subject | None:
        """The same, found by the codes people type, in one query."""
        ...

    def subject_and_actor(
        self, item_code: str, org_code: str, person_ref: str
    ) -> tuple[Subject, Actor, Checkpoint | None] | None:
        """The instance by codes and the acting person with their roles, in one query.

        Where the store can read the history chain's head in the same query under
        the write lock, it is the third value, to hand to ``lock_history``.
        """
        ...

    def get(self, instance_id: int) -> Instance | None:
        """One instance by id."""
        ...

    def children(self, instance_id: int) -> list[tuple[Instance, Organisation]]:
        """The instances whose parent is this one, with their organisations."""
        ...

    def with_org(self, instance_id: int) -> tuple[Instance, Organisation] | None:
        """One instance with its organisation, in one query."""
        ...

    def compare_and_set(self, instance: Instance, change: InstanceChange, now: datetime) -> bool:
        """Apply ``change`` only if the row still has the state and version read; True if it did."""
        ...

    def create(
        self, item_version: ItemVersion, rows: Sequence[NewInstance], now: datetime, fallback_parent: int | None = None
    ) -> list[int]:
        """Insert instances for one item version and link each to its parent organisation's (or the fallback)."""
        ...

    def lock_candidates(
        self, item_id: int, states: Iterable[str], kinds: Iterable[str], under: Organisation | None
    ) -> list[Candidate]:
        """Lock (on PostgreSQL) and return the instances a cascade may move."""
        ...

    def move(
        self,
        ids: Sequence[int],
        state: str,
        due: date | None,
        now: datetime,
        item_version_id: int | None = None,
    ) -> int:
        """Move many instances to ``state`` at once; returns how many."""
        ...

    def set_targets(self, targets: Mapping[int, int]) -> None:
        """Set target levels, grouped into one statement per level."""
        ...

    def switch_version(self, item_id: int, item_version_id: int) -> list[Candidate]:
        """Point every instance of an item at a new version; returns those that were on another."""
        ...

    def status(
        self,
        item_id: int | None = None,
        under: Organisation | None = None,
        states: Iterable[str] | None = None,
        due_before: date | None = None,
    ) -> list[StatusRow]:
        """Rows for ``kgflow status``, ordered by item and organisation path; ``due_before``: only late ones."""
        ...


class HistoryRepository(Protocol):
    """The append-only record of transitions (R12)."""

    def append(self, entry: HistoryEntry, item_version: int | None, level: int | None) -> None:
        """Record one transition."""
        ...

    def append_many(self, entries: Sequence[tuple[HistoryEntry, int | None, int | None]]) -> None:
        """Record many transitions in one statement."""
        ...

    def out_of_step(self, limit: int = 1) -> tuple[int, list[Drift]]:
        """Instances whose row disagrees with their last history row: how many, and the first ``limit``."""
        ...

    def registered_digest(self, name: str, version: int) -> str | None:
        """The digest recorded when a workflow version was registered."""
        ...

    def for_instance(self, instance_id: int) -> list[HistoryRecord]:
        """All rows of an instance, oldest first."""
        ...

    def count(self) -> int:
        """How many rows there are."""
        ...

    def chain(self) -> Iterator[ChainRow]:
        """Every row in sequence order."""
        ...

    def head(self) -> Checkpoint | None:
        """The last row's sequence number and hash."""
        ...


class BackupRepository(Protocol):
    """The whole database as lines of text, and back."""

    def export_lines(self) -> Iterator[str]:
        """A header line, then one line per row of every table."""
        ...

    def restore(self, lines: Iterable[str]) -> dict[str, int]:
        """Load an export into an empty database; returns rows per table."""
        ...


class WorkflowRepository(Protocol):
    """The text of every workflow version in use."""

    def source(self, name: str, version: int) -> tuple[str, str] | None:
        """(digest, text) of a registered version."""
        ...

    def register(self, name: str, version: int, digest: str, source: str, now: datetime) -> None:
        """Store a version's text."""
        ...

    def registered(self) -> list[tuple[str, int]]:
        """Every (name, version) stored."""
        ...

    def stored(self) -> list[StoredWorkflow]:
        """Every stored version with its digest and text."""
        ...


class UnitOfWork(Protocol):
    """One transaction and the repositories that work inside it."""

    @property
    def orgs(self) -> OrganisationRepository:
        """Organisations."""
        ...

    @property
    def people(self) -> PersonRepository:
        """People and roles."""
        ...

    @property
    def items(self) -> ItemRepository:
        """Items and versions."""
        ...

    @property
    def instances(self) -> InstanceRepository:
        """Instances."""
        ...

    @property
    def history(self) -> HistoryRepository:
        """History rows."""
        ...

    @property
    def workflows(self) -> WorkflowRepository:
        """Registered workflow texts."""
        ...

    @property
    def outbox(self) -> OutboxRepository:
        """Notices and digests."""
        ...

    @property
    def leases(self) -> LeaseRepository:
        """Named leases."""
        ...

    @property
    def backup(self) -> BackupRepository:
        """Export and restore."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def lock_history(self, seen: Checkpoint | None = None) -> None:
        """Take the turn to append history; appends and instance writes refuse to run before it.

        A use case calls it after its cheap refusals (authority, state) and
        before it writes any instance, so refused attempts never wait for the
        turn and every writer locks in the same order.
        """
        ...

    def commit(self) -> None:
        """Make everything done in this unit of work permanent."""
        ...

    def rollback(self) -> None:
        """Undo everything done in this unit of work."""
        ...


class UnitOfWorkFactory(Protocol):
    """Opens units of work: ``write=True`` takes the write lock at once.

    What it returns is entered with ``with``; a fenced factory checks its lease
    on entering (see :mod:`kgflow.service.fencing`).
    """

    def __call__(self, *, write: bool = False) -> AbstractContextManager[UnitOfWork]: ...
