"""Instances: the compare-and-set advance and the set-based moves of fan-out and cascades.

An advance is ``UPDATE … WHERE id = ? AND state = ? AND version = ?``: of two
writers that read the same row, exactly one changes it. Fan-out and cascades
touch hundreds of rows with a handful of statements, never one round trip per
instance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, String, and_, bindparam, cast, exists, func, insert, literal, or_, select, update

from kgflow.domain.audit import GENESIS, Checkpoint
from kgflow.domain.authority import Actor, Held
from kgflow.domain.model import Instance, ItemVersion, Organisation
from kgflow.persistence.repositories import rows
from kgflow.persistence.repositories.history import ChainHead
from kgflow.persistence.repositories.holds import HoldWrites
from kgflow.persistence.repositories.instance_batches import (
    COMPARE_AND_SET,
    SUBJECT,
    SUBJECT_COLUMNS,
    WITH_ORG,
    BatchedInstances,
    compare_and_set_values,
    prefixed,
    subject_of,
)
from kgflow.persistence.repositories.status_rows import narrowed, status_row, status_select
from kgflow.persistence.tables import history, instance, item, organisation, person, role_assignment
from kgflow.service.ports import Candidate, InstanceChange, NewInstance, StateCount, StatusRow, Subject

CHUNK = 500


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


held_at = organisation.alias("held_at")
# Built once: every advance asks these.
_SUBJECT_BY_IDS = SUBJECT.where((instance.c.item_id == bindparam("item")) & (instance.c.org_id == bindparam("org")))
_SUBJECT_BY_CODES = SUBJECT.where((item.c.code == bindparam("item")) & (organisation.c.code == bindparam("org")))
_LINK_PARENT = update(instance).where(instance.c.id == bindparam("b_id")).values(parent_id=bindparam("b_parent"))


# The advance's one read: the instance in context and the acting person with every role held.
_SUBJECT_AND_ACTOR = (
    select(
        *SUBJECT_COLUMNS,
        *prefixed(person, "p_"),
        role_assignment.c.role.label("r_role"),
        role_assignment.c.org_id.label("r_org_id"),
        held_at.c.kind.label("r_kind"),
        held_at.c.area.label("r_area"),
    )
    .select_from(SUBJECT.get_final_froms()[0])
    .join(person, (person.c.code == bindparam("person")) | (person.c.email == bindparam("person")))
    .outerjoin(role_assignment, role_assignment.c.person_id == person.c.id)
    .outerjoin(held_at, held_at.c.id == role_assignment.c.org_id)
    .where((item.c.code == bindparam("item")) & (organisation.c.code == bindparam("org")))
)


# On SQLite the same read also fetches the history chain's head, saving the append a round trip.
_LAST = select(history.c.seq, history.c.hash).order_by(history.c.seq.desc()).limit(1).subquery()
_SUBJECT_AND_ACTOR_AND_HEAD = _SUBJECT_AND_ACTOR.add_columns(
    select(_LAST.c.seq).scalar_subquery().label("head_seq"),
    select(_LAST.c.hash).scalar_subquery().label("head_hash"),
)


def _subject(row: Any) -> Subject | None:
    return None if row is None else subject_of(row)


# What a cascade or a version switch needs of an instance to move it and record it.
_CANDIDATES = select(
    instance.c.id, instance.c.org_id, organisation.c.kind, organisation.c.code, instance.c.state, instance.c.level,
    instance.c.target_level,
).join(organisation, organisation.c.id == instance.c.org_id)  # fmt: skip


def _candidates(found: Iterable[Any]) -> list[Candidate]:
    return [Candidate(row.id, row.org_id, row.kind, row.code, row.state, row.level, row.target_level) for row in found]


class SqlInstances(HoldWrites, BatchedInstances):
    """Instances in SQL (priority and hold writes in :class:`HoldWrites`, bulk entry in :class:`BatchedInstances`)."""

    def __init__(self, connection: Connection, head: ChainHead) -> None:
        self._c = connection
        self._head = head

    def subject(self, item_id: int, org_id: int) -> Subject | None:
        """The instance with its organisation, item and version, in one query."""
        return _subject(self._c.execute(_SUBJECT_BY_IDS, {"item": item_id, "org": org_id}).first())

    def subject_by_codes(self, item_code: str, org_code: str) -> Subject | None:
        """The same, by the item's and the organisation's codes."""
        return _subject(self._c.execute(_SUBJECT_BY_CODES, {"item": item_code, "org": org_code}).first())

    def subject_and_actor(
        self, item_code: str, org_code: str, person_ref: str
    ) -> tuple[Subject, Actor, Checkpoint | None] | None:
        """The instance by codes and the acting person with their roles, in one query.

        On SQLite the same query reads the history chain's head (the third value;
        None on PostgreSQL), for :meth:`~kgflow.persistence.uow.SqlUnitOfWork.lock_history`.
        """
        sqlite = self._c.dialect.name == "sqlite"
        query = _SUBJECT_AND_ACTOR_AND_HEAD if sqlite else _SUBJECT_AND_ACTOR
        found = self._c.execute(query, {"item": item_code, "org": org_code, "person": person_ref}).all()
        if not found:
            return None
        subject = subject_of(found[0])
        held = tuple(Held(row.r_role, row.r_org_id, row.r_kind, row.r_area) for row in found if row.r_role is not None)
        head = Checkpoint(found[0].head_seq or 0, found[0].head_hash or GENESIS) if sqlite else None
        return subject, Actor(rows.person(found[0], "p_"), held), head

    def get(self, instance_id: int) -> Instance | None:
        """One instance by id."""
        row = self._c.execute(select(instance).where(instance.c.id == instance_id)).first()
        return rows.instance(row) if row is not None else None

    def children(self, instance_id: int) -> list[tuple[Instance, Organisation]]:
        """The instances whose parent is this one, with their organisations."""
        query = WITH_ORG.where(instance.c.parent_id == instance_id).order_by(organisation.c.path)
        return [(rows.instance(row, "i_"), rows.organisation(row, "o_")) for row in self._c.execute(query)]

    def with_org(self, instance_id: int) -> tuple[Instance, Organisation] | None:
        """One instance with its organisation, in one query."""
        row = self._c.execute(WITH_ORG.where(instance.c.id == instance_id)).first()
        return None if row is None else (rows.instance(row, "i_"), rows.organisation(row, "o_"))

    def compare_and_set(self, current: Instance, change: InstanceChange, now: datetime) -> bool:
        """Apply ``change`` only if nobody changed the row since it was read."""
        self._head.require()
        result = self._c.execute(COMPARE_AND_SET, compare_and_set_values(current, change, 1, now))
        return result.rowcount == 1

    def create(
        self, version: ItemVersion, new: Sequence[NewInstance], now: datetime, fallback_parent: int | None = None
    ) -> list[int]:
        """Insert instances with one executemany, learn their ids with one SELECT, link parents with one more.

        An instance's parent is the instance of its organisation's parent (new, or there
        before); where there is none, ``fallback_parent`` (the referring owner's instance).
        """
        self._head.require()
        if not new:
            return []
        values = [
            {
                "item_id": version.item_id,
                "item_version_id": version.id,
                "org_id": row.org_id,
                "workflow": version.workflow,
                "workflow_version": version.workflow_version,
                "state": row.state,
                "due": row.due,
                "late": False,
                "version": 1,
                "updated_at": now,
            }
            for row in new
        ]
        self._c.execute(insert(instance), values)
        # (item, organisation) is unique, so the ids can be looked up by organisation — the new ones', and
        # the parents' that were there before (a revision's remiss reaching an organisation new to the item).
        org_ids = [row.org_id for row in new]
        parent_ids = {row.parent_org_id for row in new if row.parent_org_id is not None}
        found = self._c.execute(
            select(instance.c.org_id, instance.c.id).where(
                (instance.c.item_id == version.item_id) & instance.c.org_id.in_([*org_ids, *parent_ids])
            )
        )
        id_of = {row.org_id: row.id for row in found}
        links = [
            {"b_id": id_of[row.org_id], "b_parent": id_of.get(row.parent_org_id, fallback_parent)}
            for row in new
            if row.parent_org_id is not None or fallback_parent is not None
        ]
        if links:
            self._c.execute(_LINK_PARENT, links)
        return [id_of[org_id] for org_id in org_ids]

    def lock_candidates(
        self,
        item_id: int,
        states: Iterable[str],
        kinds: Iterable[str],
        under: Organisation | None,
        *,
        within: Sequence[Organisation] = (),
    ) -> list[Candidate]:
        """Instances a cascade may move, locked ``FOR UPDATE`` on PostgreSQL, in id order.

        ``within``: only at one of these organisations or below it (a decision for some huvudmän, R6).
        """
        self._head.require()
        query = (
            _CANDIDATES.where(
                and_(
                    instance.c.item_id == item_id,
                    instance.c.state.in_(list(states)),
                    organisation.c.kind.in_(list(kinds)),
                )
            )
            .order_by(instance.c.id)
            .with_for_update(of=instance)
        )
        if under is not None:
            query = query.where(
                rows.every_way_up(organisation).like(rows.under_pattern(under.id)) & (organisation.c.id != under.id)
            )
        if within:
            query = query.where(or_(*(organisation.c.path.like(f"{rows.path_text(o.path)}%") for o in within)))
        return _candidates(self._c.execute(query))

    def move(
        self,
        ids: Sequence[int],
        state: str,
        due: date | None,
        now: datetime,
        item_version_id: int | None = None,
    ) -> int:
        """Move many instances to ``state`` (one UPDATE per 500 ids)."""
        self._head.require()
        values: dict[str, Any] = {
            "state": state,
            "due": due,
            "version": instance.c.version + 1,
            "updated_at": now,
        }
        if item_version_id is not None:
            values["item_version_id"] = item_version_id
        moved = 0
        for chunk in _chunks(ids):
            moved += self._c.execute(update(instance).where(instance.c.id.in_(chunk)).values(**values)).rowcount
        return moved

    def set_targets(self, targets: Mapping[int, int]) -> None:
        """Set target levels: one UPDATE per distinct level and chunk."""
        self._head.require()
        by_level: dict[int, list[int]] = defaultdict(list)
        for instance_id, level in targets.items():
            by_level[level].append(instance_id)
        for level, ids in by_level.items():
            for chunk in _chunks(sorted(ids)):
                self._c.execute(update(instance).where(instance.c.id.in_(chunk)).values(target_level=level))

    def switch_version(self, item_id: int, item_version_id: int) -> list[Candidate]:
        """Point every instance of an item at a new version; returns those that were on another, locked."""
        self._head.require()
        on_another = (instance.c.item_id == item_id) & (instance.c.item_version_id != item_version_id)
        query = _CANDIDATES.where(on_another).order_by(instance.c.id).with_for_update(of=instance)
        switched = _candidates(self._c.execute(query))
        self._c.execute(update(instance).where(on_another).values(item_version_id=item_version_id))
        return switched

    def state_counts(self, area: str | None = None) -> list[StateCount]:
        """Instances per item and state (of one programområde if ``area``), by item code: one grouped query."""
        keys = (item.c.code, item.c.title, instance.c.workflow, instance.c.workflow_version, instance.c.state)
        query = select(*keys, func.count().label("count")).join(item, item.c.id == instance.c.item_id)
        if area is not None:
            query = query.where(item.c.area == area)
        query = query.group_by(*keys).order_by(item.c.code, instance.c.state)
        return [StateCount(*row) for row in self._c.execute(query)]

    def status(
        self,
        item_id: int | None = None,
        under: Organisation | None = None,
        states: Iterable[str] | None = None,
        due_before: date | None = None,
        area: str | None = None,
    ) -> list[StatusRow]:
        """Rows for ``kgflow status``."""
        query = narrowed(status_select(), item_id=item_id, under=under, due_before=due_before, area=area)
        if states is not None:
            query = query.where(instance.c.state.in_(list(states)))
        return [status_row(row)[0] for row in self._c.execute(query.order_by(item.c.code, instance.c.id))]

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
        """Instances at or below the organisations where the person holds a role: one query, by due date."""
        held = organisation.alias("held")
        # A role counts at its own organisation and below it on any route (``sekreterare@lpo`` for every
        # huvudman linked under the LPO): the held organisation's id on one of the routes.
        on_a_route = rows.every_way_up(organisation).like(literal("%/") + cast(held.c.id, String) + literal("/%"))
        holds_a_role_above = exists(
            select(role_assignment.c.id)
            .join(held, held.c.id == role_assignment.c.org_id)
            .where((role_assignment.c.person_id == person_id) & on_a_route)
        )
        query = narrowed(status_select(), item_id=item_id, under=under, due_before=due_before, area=area)
        query = query.where(holds_a_role_above).order_by(instance.c.due, item.c.code, organisation.c.path)
        leave_out = list(finished)
        if leave_out:
            query = query.where(instance.c.state.not_in(leave_out))
        return [status_row(row) for row in self._c.execute(query)]
