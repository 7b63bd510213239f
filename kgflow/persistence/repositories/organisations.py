"""Organisations: lookups by code, number or name, and the tree as paths."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from kgflow.domain import records
from kgflow.domain.errors import UsageError
from kgflow.domain.model import Organisation
from kgflow.domain.wording import t
from kgflow.persistence.repositories import rows
from kgflow.persistence.tables import organisation as org
from kgflow.service.ports import NewOrganisation


class SqlOrganisations:
    """Organisations in SQL; the ``path`` column makes subtree queries one ``LIKE``."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def find(self, ref: str) -> Organisation | None:
        """By code, municipality code or name, in that order; names case-insensitively."""
        text = ref.strip()
        for condition in (
            org.c.code == text.lower(),
            org.c.municipality_code == text,
            org.c.name == text,
        ):
            row = self._c.execute(select(org).where(condition)).first()
            if row is not None:
                return rows.organisation(row)
        # SQLite's lower() only knows ASCII, so compare Swedish names in Python.
        wanted = text.casefold()
        for row in self._c.execute(select(org)):
            if row.name.casefold() == wanted:
                return rows.organisation(row)
        return None

    def names(self) -> list[tuple[str, str, str | None]]:
        """Every organisation's code, name and municipality code."""
        query = select(org.c.code, org.c.name, org.c.municipality_code)
        return [(row.code, row.name, row.municipality_code) for row in self._c.execute(query)]

    def by_ids(self, ids: Iterable[int]) -> dict[int, Organisation]:
        """Several by id."""
        wanted = list(set(ids))
        if not wanted:
            return {}
        result = self._c.execute(select(org).where(org.c.id.in_(wanted)))
        return {row.id: rows.organisation(row) for row in result}

    def subtree(self, root: Organisation) -> list[Organisation]:
        """``root`` and everything below it, parents before children."""
        prefix = rows.path_text(root.path)
        query = select(org).where(org.c.path.like(f"{prefix}%")).order_by(func.length(org.c.path), org.c.id)
        return [rows.organisation(row) for row in self._c.execute(query)]

    def list(self, kind: str | None = None, under: Organisation | None = None) -> list[Organisation]:
        """All organisations, filtered by kind and/or subtree, ordered by path."""
        query = select(org)
        if kind is not None:
            query = query.where(org.c.kind == kind)
        if under is not None:
            query = query.where(org.c.path.like(f"{rows.path_text(under.path)}%"))
        found = [rows.organisation(row) for row in self._c.execute(query)]
        return sorted(found, key=lambda o: o.path)

    def add_many(self, new: Sequence[NewOrganisation]) -> int:
        """Insert organisations in order; a parent must exist or come earlier."""
        codes = {row.parent for row in new if row.parent}
        known = {
            r.code: (r.id, r.path)
            for r in self._c.execute(select(org.c.code, org.c.id, org.c.path).where(org.c.code.in_(codes)))
        }
        for row in new:
            parent_id, parent_path = None, "/"
            if row.parent is not None:
                if row.parent not in known:
                    raise UsageError(
                        t(
                            "Den överordnade organisationen {parent!r} till {code!r} finns inte.",
                            parent=row.parent,
                            code=row.code,
                        )
                    )
                parent_id, parent_path = known[row.parent]
            values = {
                "code": row.code,
                "name": row.name,
                "kind": row.kind,
                "parent_id": parent_id,
                "path": "/",
                "municipality_code": row.municipality_code,
                "area": row.area,
                "lan": row.lan,
                "short_name": row.short_name,
                "decides_for": row.decides_for,
            }
            new_id = self._c.execute(insert(org).values(values).returning(org.c.id)).scalar_one()
            path = f"{parent_path}{new_id}/"
            self._c.execute(update(org).where(org.c.id == new_id).values(path=path))
            known[row.code] = (new_id, path)
        return len(new)

    def rename(self, org_id: int, name: str, municipality_code: str | None) -> None:
        """Change an organisation's name and municipality code."""
        self._c.execute(update(org).where(org.c.id == org_id).values(name=name, municipality_code=municipality_code))

    def facts(self) -> dict[str, dict[str, Any]]:
        """Every organisation as the fact the history records of it, by code."""
        parent = org.alias("parent")
        query = select(org, parent.c.code.label("parent_code")).outerjoin(parent, parent.c.id == org.c.parent_id)
        return {
            row.code: records.organisation_fact(row.code, row.name, row.kind, row.parent_code, row.municipality_code)
            for row in self._c.execute(query)
        }

    def count(self) -> int:
        """How many organisations there are."""
        return int(self._c.execute(select(func.count()).select_from(org)).scalar_one())
