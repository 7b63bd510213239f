"""Items and their versions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Connection, insert, select, update

from kgflow.domain.model import Item, ItemKind, ItemVersion, VersionStatus
from kgflow.persistence.repositories import rows
from kgflow.persistence.tables import item, item_version


class SqlItems:
    """Items in SQL; codes are stored in lower case."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def find(self, ref: str) -> Item | None:
        """By code, case-insensitively."""
        row = self._c.execute(select(item).where(item.c.code == ref.strip().lower())).first()
        return rows.item(row) if row is not None else None

    def names(self) -> list[tuple[str, str]]:
        """Every item's code and title."""
        return [(row.code, row.title) for row in self._c.execute(select(item.c.code, item.c.title))]

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
        """Create an item."""
        code = code.lower()
        values = {
            "code": code,
            "kind": kind,
            "title": title,
            "workflow": workflow,
            "default_target_level": default_target_level,
            "owner_org_id": owner_org_id,
            "area": area,
        }
        new_id = self._c.execute(
            insert(item).values(**values, created_at=datetime.now(UTC)).returning(item.c.id)
        ).scalar_one()
        return Item(
            id=new_id,
            code=code,
            kind=ItemKind(kind),
            title=title,
            workflow=workflow,
            default_target_level=default_target_level,
            owner_org_id=owner_org_id,
            area=area,
        )

    def add_version(
        self, item_id: int, number: int, status: VersionStatus, workflow: str, workflow_version: int
    ) -> ItemVersion:
        """Create a version of an item."""
        new_id = self._c.execute(
            insert(item_version)
            .values(
                item_id=item_id,
                number=number,
                status=status.value,
                workflow=workflow,
                workflow_version=workflow_version,
                created_at=datetime.now(UTC),
            )
            .returning(item_version.c.id)
        ).scalar_one()
        return ItemVersion(new_id, item_id, number, status, workflow, workflow_version)

    def versions(self, item_id: int) -> list[ItemVersion]:
        """All versions, oldest first."""
        query = select(item_version).where(item_version.c.item_id == item_id).order_by(item_version.c.number)
        return [rows.item_version(row) for row in self._c.execute(query)]

    def set_version_status(
        self,
        version_id: int,
        status: VersionStatus,
        adopted_on: date | None = None,
        ref: str | None = None,
    ) -> None:
        """Record a version's new status, and its adoption date and reference if given."""
        values: dict[str, object] = {"status": status.value}
        if adopted_on is not None:
            values["adopted_on"] = adopted_on
        if ref is not None:
            values["adoption_ref"] = ref
        self._c.execute(update(item_version).where(item_version.c.id == version_id).values(**values))

    def list(self) -> list[Item]:
        """All items, by code."""
        return [rows.item(row) for row in self._c.execute(select(item).order_by(item.c.code))]
