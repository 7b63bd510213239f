"""Instances: one item at one organisation, its state, its moves, and the status rows read from it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from kgflow.domain.audit import Checkpoint
from kgflow.domain.authority import Actor
from kgflow.domain.model import (
    Instance,
    Item,
    ItemVersion,
    Organisation,
)


@dataclass(frozen=True)
class Subject:
    """An instance with what it is about: the organisation, item and version."""

    instance: Instance
    org: Organisation
    item: Item
    item_version: ItemVersion


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
class TreeInstance:
    """An instance a priority or hold step at an LPO affects (its own or one below it), locked."""

    id: int
    org_code: str
    state: str
    level: int | None
    target_level: int | None
    item_version: int
    due: date | None
    held_since: date | None
    review_on: date | None


@dataclass(frozen=True)
class StateCount:
    """How many instances of an item are in one state (``kgflow status`` without filters)."""

    item: str
    item_title: str
    workflow: str
    workflow_version: int
    state: str
    count: int


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
    item_area: str | None = None
    priority: str | None = None
    held_since: date | None = None
    review_on: date | None = None

    @property
    def held(self) -> bool:
        """On hold for its län (R16): neither late nor chased."""
        return self.held_since is not None


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

    def subjects_by_codes(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Subject]:
        """The instances (item code, organisation code) pairs name, in context, in one query; misses are absent."""
        ...

    def with_orgs(self, instance_ids: Iterable[int]) -> dict[int, tuple[Instance, Organisation]]:
        """Several instances with their organisations, by id, in one query."""
        ...

    def children_of(self, instance_ids: Iterable[int]) -> dict[int, list[tuple[Instance, Organisation]]]:
        """The children of several instances (each parent's in organisation path order), in one query."""
        ...

    def compare_and_set_many(self, changes: Sequence[tuple[Instance, InstanceChange, int]], now: datetime) -> bool:
        """Apply every (instance as read, new values, steps taken) only if each row is unchanged; True if all were.

        The version moves on by the steps taken, as if they had been taken one by one.
        """
        ...

    def create(
        self, item_version: ItemVersion, rows: Sequence[NewInstance], now: datetime, fallback_parent: int | None = None
    ) -> list[int]:
        """Insert instances for one item version and link each to its parent organisation's (or the fallback)."""
        ...

    def lock_candidates(
        self,
        item_id: int,
        states: Iterable[str],
        kinds: Iterable[str],
        under: Organisation | None,
        *,
        within: Sequence[Organisation] = (),
    ) -> list[Candidate]:
        """Lock (on PostgreSQL) and return the instances a cascade may move.

        ``within``, when not empty, keeps only instances at one of those
        organisations or below one of them (R6: a decision for some huvudmän).
        """
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

    def lock_tree(self, instance_id: int) -> list[TreeInstance]:
        """The instance and every instance below it in the item's tree (``parent_id``), locked, in id order."""
        ...

    def hold(self, ids: Sequence[int], since: date, review_on: date, now: datetime) -> int:
        """Put many instances on hold at once (R16); returns how many."""
        ...

    def resume(self, dues: Mapping[int, date | None], now: datetime) -> int:
        """Take instances off hold, each with its new due date, in one statement; returns how many."""
        ...

    def set_priority(self, instance_id: int, priority: str, now: datetime) -> None:
        """Set one instance's priority (an LPO's for its län, R16)."""
        ...

    def state_counts(self, area: str | None = None) -> list[StateCount]:
        """Instances per item and state (of one programområde if ``area``), by item code: one grouped query."""
        ...

    def status(
        self,
        item_id: int | None = None,
        under: Organisation | None = None,
        states: Iterable[str] | None = None,
        due_before: date | None = None,
        area: str | None = None,
    ) -> list[StatusRow]:
        """Rows for ``kgflow status``, ordered by item and organisation path; ``due_before``: only late ones."""
        ...

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
        """The instances at or below every organisation where the person holds a role, in one query.

        Each row comes with its organisation (path included), so that who may act
        can be decided without another read. ``under``: only there and below;
        ``due_before``: only those due before that day; ``finished``: states left out.
        """
        ...
