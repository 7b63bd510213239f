"""The rows of ``status``, ``overdue`` and ``todo``: one select, its filters, and the row it reads into.

Each is one query over instance ⋈ item ⋈ organisation ⋈ item_version, whatever
the number of rows; the callers only add their own condition and order.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, select

from kgflow.domain.model import Organisation
from kgflow.persistence.repositories import rows
from kgflow.persistence.tables import instance, item, item_version, organisation
from kgflow.service.ports import StatusRow

_ORG = "o_"
_ORG_COLUMNS = [
    column.label(f"{_ORG}{column.name}") for column in organisation.c if column.name not in {"created_at", "updated_at"}
]


def status_select() -> Select[Any]:
    """Every instance with its item, organisation and item version, unfiltered and unordered."""
    return (
        select(
            item.c.code.label("item"),
            item.c.title,
            item.c.area.label("item_area"),
            instance.c.state,
            instance.c.workflow,
            instance.c.workflow_version,
            item_version.c.number,
            instance.c.due,
            instance.c.level,
            instance.c.target_level,
            instance.c.late,
            instance.c.updated_at,
            instance.c.priority,
            instance.c.held_since,
            instance.c.review_on,
            *_ORG_COLUMNS,
        )
        .join(item, item.c.id == instance.c.item_id)
        .join(organisation, organisation.c.id == instance.c.org_id)
        .join(item_version, item_version.c.id == instance.c.item_version_id)
    )


def narrowed(
    query: Select[Any],
    *,
    item_id: int | None,
    under: Organisation | None,
    due_before: date | None,
    area: str | None = None,
) -> Select[Any]:
    """``query`` for one item, the organisations at or below one (on any route), what was due before a day,
    and the items of one programområde.

    A step on hold is not late, whatever its due date (R16): ``due_before`` leaves held steps out.
    """
    if item_id is not None:
        query = query.where(instance.c.item_id == item_id)
    if area is not None:
        query = query.where(item.c.area == area)
    if under is not None:
        query = query.where(rows.every_way_up(organisation).like(rows.under_pattern(under.id)))
    if due_before is not None:
        query = query.where((instance.c.due < due_before) & instance.c.held_since.is_(None))
    return query


def status_row(row: Any) -> tuple[StatusRow, Organisation]:
    """One row of :func:`status_select`, with its organisation."""
    org = rows.organisation(row, _ORG)
    return (
        StatusRow(
            item=row.item,
            item_title=row.title,
            org_id=org.id,
            org=org.code,
            org_name=org.name,
            org_kind=org.kind.value,
            state=row.state,
            workflow=row.workflow,
            workflow_version=row.workflow_version,
            item_version=row.number,
            due=row.due,
            level=row.level,
            target_level=row.target_level,
            late=bool(row.late),
            updated_at=rows.aware(row.updated_at),
            item_area=row.item_area,
            priority=row.priority,
            held_since=row.held_since,
            review_on=row.review_on,
        ),
        org,
    )
