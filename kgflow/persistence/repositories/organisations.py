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
from kgflow.persistence.tables import organisation_link as link
from kgflow.service.ports import NewOrganisation


class SqlOrganisations:
    """Organisations in SQL; the ``routes`` column makes subtree queries one ``LIKE`` over every way up."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def find(self, ref: str) -> Organisation | None:
        """By code, municipality code or name, in that order; names case-insensitively."""
        text = ref.strip()
        row = self._c.execute(select(org).where(org.c.code == text.lower()).order_by(org.c.id)).first()
        if row is not None:
            return rows.organisation(row)
        return _first_named(list(self._c.execute(select(org).order_by(org.c.id))), text)

    def find_many(self, refs: Iterable[str]) -> dict[str, Organisation]:
        """Each reference's organisation as :meth:`find` finds it, with one query; refs naming none are absent."""
        wanted = {ref.strip() for ref in refs}
        if not wanted:
            return {}
        every = list(self._c.execute(select(org).order_by(org.c.id)))
        found = {text: _first_named(every, text) for text in wanted}
        return {text: organisation for text, organisation in found.items() if organisation is not None}

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
        """``root`` and everything below it on any route, each once, parents before children.

        An organisation's longest route is longer than each of its parents', so
        ordering by it puts every parent first.
        """
        query = select(org).where(rows.every_way_up(org).like(rows.under_pattern(root.id)))
        found = [rows.organisation(row) for row in self._c.execute(query)]
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
        """All organisations, filtered by kind(s), subtree (on any route) and programområde, ordered by path.

        ``numbered`` also takes in every organisation with a municipality code
        (Region Gotland among the kommuner).
        """
        query = select(org)
        wanted = [kind] if kind is not None else list(kinds) if kinds is not None else None
        if wanted is not None:
            condition = org.c.kind.in_(wanted)
            query = query.where(condition | org.c.municipality_code.is_not(None) if numbered else condition)
        if under is not None:
            query = query.where(rows.every_way_up(org).like(rows.under_pattern(under.id)))
        if area is not None:
            query = query.where(org.c.area == area)
        found = [rows.organisation(row) for row in self._c.execute(query)]
        return sorted(found, key=lambda o: o.path)

    def areas(self) -> tuple[tuple[str, str], ...]:
        """Every programområde: its code and its NPO's name, by code."""
        query = select(org.c.area, org.c.name).where((org.c.kind == "npo") & org.c.area.is_not(None))
        return tuple(sorted((row.area, row.name) for row in self._c.execute(query)))

    def add_many(self, new: Sequence[NewOrganisation]) -> int:
        """Insert organisations in order, with their further parents; a parent must exist or come earlier."""
        codes = {parent for row in new for parent in (row.parent, *row.also_under) if parent}
        found = select(org.c.code, org.c.id, org.c.path, org.c.routes).where(org.c.code.in_(codes))
        known = {r.code: (r.id, r.path, rows.routes_of(r.routes or r.path)) for r in self._c.execute(found)}
        links: list[dict[str, int]] = []
        for row in new:
            parent_id, parent_path = None, "/"
            parents = [code for code in dict.fromkeys((row.parent, *row.also_under)) if code]
            if row.parent is None and row.also_under:
                raise UsageError(
                    t("{code!r} har fler överordnade men ingen första överordnad (parent).", code=row.code)
                )
            for parent in parents:
                if parent not in known:
                    raise UsageError(
                        t(
                            "Den överordnade organisationen {parent!r} till {code!r} finns inte.",
                            parent=parent,
                            code=row.code,
                        )
                    )
            if row.parent is not None:
                parent_id, parent_path, _ = known[row.parent]
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
            routes = _routes_below([known[parent][2] for parent in parents], new_id)
            self._c.execute(update(org).where(org.c.id == new_id).values(path=path, routes=rows.routes_text(routes)))
            known[row.code] = (new_id, path, routes)
            links.extend({"org_id": new_id, "parent_id": known[parent][0]} for parent in parents[1:])
        if links:
            self._c.execute(insert(link), links)
        return len(new)

    def add_parents(self, org_id: int, parent_ids: Sequence[int]) -> None:
        """Link an existing organisation under further parents; it and everything below it gain the new routes.

        Raises:
            UsageError: when a parent is the organisation itself or below it.
        """
        if not parent_ids:
            return
        every = {
            row.id: row
            for row in self._c.execute(
                select(org.c.id, org.c.code, org.c.parent_id, rows.every_way_up(org).label("routes"))
            )
        }
        below = {i for i, row in every.items() if f"/{org_id}/" in (row.routes or "")}
        for parent_id in parent_ids:
            if parent_id in below:
                raise UsageError(
                    t(
                        "{code!r} kan inte stå under {parent!r}, som ligger under den själv.",
                        code=every[org_id].code,
                        parent=every[parent_id].code,
                    )
                )
        self._c.execute(insert(link), [{"org_id": org_id, "parent_id": parent_id} for parent_id in parent_ids])
        further: dict[int, list[int]] = {}
        for row in self._c.execute(select(link.c.org_id, link.c.parent_id).order_by(link.c.id)):
            further.setdefault(row.org_id, []).append(row.parent_id)
        known = {i: rows.routes_of(row.routes) for i, row in every.items() if i not in below}

        def routes(i: int) -> tuple[tuple[int, ...], ...]:
            if i not in known:
                primary = every[i].parent_id
                parents = [p for p in (primary, *further.get(i, [])) if p is not None]
                known[i] = _routes_below([routes(p) for p in dict.fromkeys(parents)], i)
            return known[i]

        for i in sorted(below):
            self._c.execute(update(org).where(org.c.id == i).values(routes=rows.routes_text(routes(i))))

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
        """Change an organisation's names, municipality code, programområde, län and what it decides for."""
        values = {"name": name, "municipality_code": municipality_code, "short_name": short_name, "area": area}
        values |= {"lan": lan, "decides_for": decides_for}
        self._c.execute(update(org).where(org.c.id == org_id).values(**values))

    def facts(self) -> dict[str, dict[str, Any]]:
        """Every organisation as the fact the history records of it, by code, further parents included."""
        parent = org.alias("parent")
        query = select(org, parent.c.code.label("parent_code")).outerjoin(parent, parent.c.id == org.c.parent_id)
        linked = org.alias("linked")
        also: dict[int, list[str]] = {}
        for row in self._c.execute(
            select(link.c.org_id, linked.c.code).join(linked, linked.c.id == link.c.parent_id).order_by(link.c.id)
        ):
            also.setdefault(row.org_id, []).append(row.code)
        return {
            row.code: records.organisation_fact(
                row.code,
                row.name,
                row.kind,
                row.parent_code,
                row.municipality_code,
                area=row.area,
                lan=row.lan,
                short_name=row.short_name,
                decides_for=row.decides_for,
                also_under=also.get(row.id, ()),
            )
            for row in self._c.execute(query)
        }

    def rerouted(self) -> tuple[str, ...]:
        """The codes of organisations whose ``routes`` do not follow from their parents and further parents."""
        every = {
            row.id: row
            for row in self._c.execute(
                select(org.c.id, org.c.code, org.c.parent_id, rows.every_way_up(org).label("routes"))
            )
        }
        further: dict[int, list[int]] = {}
        for row in self._c.execute(select(link.c.org_id, link.c.parent_id).order_by(link.c.id)):
            further.setdefault(row.org_id, []).append(row.parent_id)
        known: dict[int, tuple[tuple[int, ...], ...]] = {}

        def routes(i: int, seen: frozenset[int] = frozenset()) -> tuple[tuple[int, ...], ...]:
            if i not in known:
                parents = [p for p in (every[i].parent_id, *further.get(i, [])) if p in every and p not in seen]
                known[i] = _routes_below([routes(p, seen | {i}) for p in dict.fromkeys(parents)], i)
            return known[i]

        return tuple(sorted(row.code for i, row in every.items() if rows.routes_of(row.routes) != routes(i)))

    def count(self) -> int:
        """How many organisations there are."""
        return int(self._c.execute(select(func.count()).select_from(org)).scalar_one())


def _routes_below(parent_routes: Sequence[tuple[tuple[int, ...], ...]], new_id: int) -> tuple[tuple[int, ...], ...]:
    """Every route of the parents (the primary's first), extended by the new organisation."""
    if not parent_routes:
        return ((new_id,),)
    every = (route for routes in parent_routes for route in routes)
    return tuple(dict.fromkeys((*route, new_id) for route in every))


def _first_named(every: Sequence[Any], text: str) -> Organisation | None:
    """The first organisation (by id) ``text`` names: by code, kommunkod, name, short name, then names in any case.

    The last two compare in Python: SQLite's lower() only knows ASCII, and Swedish names are not.
    """
    folded = text.casefold()
    for column, wanted, any_case in (
        ("code", text.lower(), False),
        ("municipality_code", text, False),
        ("name", text, False),
        ("short_name", text, False),
        ("name", folded, True),
        ("short_name", folded, True),
    ):
        for row in every:
            value = getattr(row, column)
            if (value or "").casefold() == wanted if any_case else value == wanted:
                return rows.organisation(row)
    return None
