"""Row → domain value conversions shared by the repositories."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import func

from kgflow.domain.model import (
    Instance,
    Item,
    ItemKind,
    ItemVersion,
    Organisation,
    OrgKind,
    Person,
    VersionStatus,
)


@lru_cache(maxsize=8192)
def path_of(text: str) -> tuple[int, ...]:
    """``/1/4/17/`` → ``(1, 4, 17)`` (remembered: a listing repeats the same few hundred organisations)."""
    return tuple(int(part) for part in text.strip("/").split("/") if part)


def path_text(path: tuple[int, ...]) -> str:
    """``(1, 4, 17)`` → ``/1/4/17/``."""
    return "/" + "".join(f"{part}/" for part in path)


@lru_cache(maxsize=8192)
def routes_of(text: str | None) -> tuple[tuple[int, ...], ...]:
    """``/1/4/17/ /1/9/17/`` → ``((1, 4, 17), (1, 9, 17))``; empty for none (remembered, as :func:`path_of`)."""
    return tuple(path_of(part) for part in (text or "").split())


def routes_text(routes: tuple[tuple[int, ...], ...]) -> str:
    """The inverse of :func:`routes_of`."""
    return " ".join(path_text(route) for route in routes)


def every_way_up(table: Any) -> Any:
    """The ``routes`` column of an organisation table, or its ``path`` where a row has none (an older export)."""
    return func.coalesce(table.c.routes, table.c.path)


def under_pattern(org_id: int) -> str:
    """The ``LIKE`` pattern of ``routes`` for everything at or below ``org_id``, on any route."""
    return f"%/{org_id}/%"


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; kgflow stores UTC, so say so."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def organisation(row: Any, prefix: str = "") -> Organisation:
    """An :class:`Organisation` from a row (columns optionally prefixed)."""
    m = row._mapping
    return Organisation(
        id=m[f"{prefix}id"],
        code=m[f"{prefix}code"],
        name=m[f"{prefix}name"],
        kind=OrgKind(m[f"{prefix}kind"]),
        parent_id=m[f"{prefix}parent_id"],
        path=path_of(m[f"{prefix}path"]),
        municipality_code=m[f"{prefix}municipality_code"],
        area=m.get(f"{prefix}area"),
        lan=m.get(f"{prefix}lan"),
        short_name=m.get(f"{prefix}short_name"),
        decides_for=m.get(f"{prefix}decides_for"),
        routes=routes_of(m.get(f"{prefix}routes") or m.get(f"{prefix}path")),
    )


def person(row: Any, prefix: str = "") -> Person:
    """A :class:`Person` from a row."""
    m = row._mapping
    return Person(id=m[f"{prefix}id"], code=m[f"{prefix}code"], name=m[f"{prefix}name"], email=m[f"{prefix}email"])


def item(row: Any, prefix: str = "") -> Item:
    """An :class:`Item` from a row."""
    m = row._mapping
    return Item(
        id=m[f"{prefix}id"],
        code=m[f"{prefix}code"],
        kind=ItemKind(m[f"{prefix}kind"]),
        title=m[f"{prefix}title"],
        workflow=m[f"{prefix}workflow"],
        default_target_level=m[f"{prefix}default_target_level"],
        owner_org_id=m[f"{prefix}owner_org_id"],
        area=m.get(f"{prefix}area"),
    )


def item_version(row: Any, prefix: str = "") -> ItemVersion:
    """An :class:`ItemVersion` from a row."""
    m = row._mapping
    return ItemVersion(
        id=m[f"{prefix}id"],
        item_id=m[f"{prefix}item_id"],
        number=m[f"{prefix}number"],
        status=VersionStatus(m[f"{prefix}status"]),
        workflow=m[f"{prefix}workflow"],
        workflow_version=m[f"{prefix}workflow_version"],
        adopted_on=m[f"{prefix}adopted_on"],
        adoption_ref=m[f"{prefix}adoption_ref"],
    )


def instance(row: Any, prefix: str = "") -> Instance:
    """An :class:`Instance` from a row."""
    m = row._mapping
    return Instance(
        id=m[f"{prefix}id"],
        item_version_id=m[f"{prefix}item_version_id"],
        org_id=m[f"{prefix}org_id"],
        parent_id=m[f"{prefix}parent_id"],
        workflow=m[f"{prefix}workflow"],
        workflow_version=m[f"{prefix}workflow_version"],
        state=m[f"{prefix}state"],
        version=m[f"{prefix}version"],
        level=m[f"{prefix}level"],
        target_level=m[f"{prefix}target_level"],
        due=m[f"{prefix}due"],
        late=bool(m[f"{prefix}late"]),
        priority=m.get(f"{prefix}priority"),
        held_since=m.get(f"{prefix}held_since"),
        review_on=m.get(f"{prefix}review_on"),
    )
