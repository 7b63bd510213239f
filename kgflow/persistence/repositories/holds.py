"""Priority and hold of instances (R16): the item's tree below an LPO's instance, and its set-based writes.

"Below" is the instance tree, not the organisation tree: an organisation may
have several parents (one per programområde), but an instance has one parent,
so a recursive walk down ``instance.parent_id`` from the LPO's instance finds
exactly the instances of that item in its län, whatever programområde it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import Connection, bindparam, select, update

from kgflow.persistence.repositories.history import ChainHead
from kgflow.persistence.tables import instance, item_version, organisation
from kgflow.service.ports import TreeInstance

_RESUME = (
    update(instance)
    .where(instance.c.id == bindparam("b_id"))
    .values(
        due=bindparam("b_due"),
        held_since=None,
        review_on=None,
        version=instance.c.version + 1,
        updated_at=bindparam("b_now"),
    )
)


class HoldWrites:
    """The hold part of :class:`~kgflow.persistence.repositories.instances.SqlInstances`."""

    _c: Connection
    _head: ChainHead

    def lock_tree(self, instance_id: int) -> list[TreeInstance]:
        """The instance and every instance below it (one recursive query), locked ``FOR UPDATE`` on PostgreSQL."""
        self._head.require()
        tree = select(instance.c.id).where(instance.c.id == instance_id).cte("tree", recursive=True)
        tree = tree.union_all(select(instance.c.id).where(instance.c.parent_id == tree.c.id))
        query = (
            select(
                instance.c.id,
                organisation.c.code,
                instance.c.state,
                instance.c.level,
                instance.c.target_level,
                item_version.c.number,
                instance.c.due,
                instance.c.held_since,
                instance.c.review_on,
            )
            .join(organisation, organisation.c.id == instance.c.org_id)
            .join(item_version, item_version.c.id == instance.c.item_version_id)
            .where(instance.c.id.in_(select(tree.c.id)))
            .order_by(instance.c.id)
            .with_for_update(of=instance)
        )
        return [TreeInstance(*row) for row in self._c.execute(query)]

    def hold(self, ids: Sequence[int], since: date, review_on: date, now: datetime) -> int:
        """Put the instances on hold since ``since``, to be reviewed on ``review_on``: one UPDATE."""
        self._head.require()
        if not ids:
            return 0
        statement = (
            update(instance)
            .where(instance.c.id.in_(list(ids)))
            .values(held_since=since, review_on=review_on, version=instance.c.version + 1, updated_at=now)
        )
        return int(self._c.execute(statement).rowcount)

    def resume(self, dues: Mapping[int, date | None], now: datetime) -> int:
        """Take the instances off hold with their new due dates: one statement, executed for many rows."""
        self._head.require()
        if not dues:
            return 0
        values = [{"b_id": instance_id, "b_due": due, "b_now": now} for instance_id, due in dues.items()]
        return int(self._c.execute(_RESUME, values).rowcount)

    def set_priority(self, instance_id: int, priority: str, now: datetime) -> None:
        """Set the priority of one instance."""
        self._head.require()
        self._c.execute(
            update(instance)
            .where(instance.c.id == instance_id)
            .values(priority=priority, version=instance.c.version + 1, updated_at=now)
        )
