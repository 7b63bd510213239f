"""Instances read and written many at a time, for bulk entry: a fixed number of statements for any number of rows.

``kgflow advance --from FILE`` reads every row's instance in context with one
query, the parents and the children the rows' rules look at with one query
each, and writes every instance it moves with one executemany compare-and-set
(an ``UPDATE … WHERE id = ? AND state = ? AND version = ?`` per row, sent as
one batch): the count of rows matched says whether anybody changed one of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from kgflow.domain.model import Instance, Organisation
from kgflow.persistence.repositories import rows
from kgflow.persistence.repositories.history import ChainHead
from kgflow.persistence.tables import instance, item, item_version, organisation
from kgflow.service.ports import InstanceChange, Subject

_BOOKKEEPING = {"created_at", "updated_at"}


def prefixed(table: Any, prefix: str) -> list[Any]:
    """The table's columns labelled ``prefix+name``, without bookkeeping timestamps nobody reads."""
    return [column.label(f"{prefix}{column.name}") for column in table.c if column.name not in _BOOKKEEPING]


def compare_and_set_values(current: Instance, change: InstanceChange, steps: int, now: datetime) -> dict[str, Any]:
    """The parameters of :data:`COMPARE_AND_SET` moving ``current`` by ``change``, ``steps`` versions on."""
    return {
        "id_": current.id,
        "old_state": current.state,
        "old_version": current.version,
        "state": change.state,
        "level": change.level,
        "target_level": change.target_level,
        "due": change.due,
        "late": change.late,
        "version": current.version + steps,
        "updated_at": now,
    }


SUBJECT_COLUMNS = (
    *prefixed(instance, "i_"),
    *prefixed(organisation, "o_"),
    *prefixed(item, "t_"),
    *prefixed(item_version, "v_"),
)
SUBJECT = (
    select(*SUBJECT_COLUMNS)
    .join(organisation, organisation.c.id == instance.c.org_id)
    .join(item, item.c.id == instance.c.item_id)
    .join(item_version, item_version.c.id == instance.c.item_version_id)
)
WITH_ORG = select(*prefixed(instance, "i_"), *prefixed(organisation, "o_")).join(
    organisation, organisation.c.id == instance.c.org_id
)
COMPARE_AND_SET = (
    update(instance)
    .where(
        (instance.c.id == bindparam("id_"))
        & (instance.c.state == bindparam("old_state"))
        & (instance.c.version == bindparam("old_version"))
    )
    .values(
        state=bindparam("state"),
        level=bindparam("level"),
        target_level=bindparam("target_level"),
        due=bindparam("due"),
        late=bindparam("late"),
        version=bindparam("version"),
        updated_at=bindparam("updated_at"),
    )
)


def subject_of(row: Any) -> Subject:
    """The instance in context from a row of :data:`SUBJECT`."""
    return Subject(
        instance=rows.instance(row, "i_"),
        org=rows.organisation(row, "o_"),
        item=rows.item(row, "t_"),
        item_version=rows.item_version(row, "v_"),
    )


def _with_org(row: Any) -> tuple[Instance, Organisation]:
    return rows.instance(row, "i_"), rows.organisation(row, "o_")


class BatchedInstances:
    """The bulk part of :class:`~kgflow.persistence.repositories.instances.SqlInstances`."""

    _c: Connection
    _head: ChainHead

    def subjects_by_codes(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Subject]:
        """The instances that (item code, organisation code) pairs name, in context, with one query.

        Pairs naming no instance are simply absent from the answer.
        """
        wanted = set(pairs)
        if not wanted:
            return {}
        items = sorted({code for code, _ in wanted})
        orgs = sorted({code for _, code in wanted})
        query = SUBJECT.where(item.c.code.in_(items) & organisation.c.code.in_(orgs))
        found: dict[tuple[str, str], Subject] = {}
        for row in self._c.execute(query):
            key = (row.t_code, row.o_code)
            if key in wanted:
                found[key] = subject_of(row)
        return found

    def with_orgs(self, instance_ids: Iterable[int]) -> dict[int, tuple[Instance, Organisation]]:
        """Several instances with their organisations, by id, with one query."""
        ids = sorted(set(instance_ids))
        if not ids:
            return {}
        query = WITH_ORG.where(instance.c.id.in_(ids))
        return {found[0].id: found for found in map(_with_org, self._c.execute(query))}

    def children_of(self, instance_ids: Iterable[int]) -> dict[int, list[tuple[Instance, Organisation]]]:
        """The children of several instances, each parent's in organisation path order, with one query."""
        ids = sorted(set(instance_ids))
        if not ids:
            return {}
        query = WITH_ORG.where(instance.c.parent_id.in_(ids)).order_by(instance.c.parent_id, organisation.c.path)
        children: dict[int, list[tuple[Instance, Organisation]]] = defaultdict(list)
        for child, org in map(_with_org, self._c.execute(query)):
            assert child.parent_id is not None
            children[child.parent_id].append((child, org))
        return dict(children)

    def compare_and_set_many(self, changes: Sequence[tuple[Instance, InstanceChange, int]], now: datetime) -> bool:
        """Apply every change only where its row still has the state and version read; True if all of them did.

        Each change is (the instance as read, its new values, how many steps it took:
        the row's version moves on by that many, as if they had been taken one by one).
        One executemany; where the driver cannot count the rows an executemany matched,
        one statement per change, so a mismatch is never missed.
        """
        self._head.require()
        if not changes:
            return True
        # In id order, as cascades lock theirs: two writers moving some of the same rows never deadlock.
        ordered = sorted(changes, key=lambda change: change[0].id)
        values = [compare_and_set_values(current, change, steps, now) for current, change, steps in ordered]
        if not self._c.dialect.supports_sane_multi_rowcount:
            return all(self._c.execute(COMPARE_AND_SET, one).rowcount == 1 for one in values)
        return self._c.execute(COMPARE_AND_SET, values).rowcount == len(values)
