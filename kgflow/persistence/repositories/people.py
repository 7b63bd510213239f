"""People and the roles they hold at organisations."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, insert, select

from kgflow.domain.authority import Held
from kgflow.domain.model import Person
from kgflow.persistence.repositories import rows
from kgflow.persistence.tables import organisation, person, role_assignment

# Built once: advancing asks these on every call.
_FIND = select(person).where((person.c.code == bindparam("ref")) | (person.c.email == bindparam("ref")))
_FIND_WITH_ROLES = (
    select(person, role_assignment.c.role, role_assignment.c.org_id, organisation.c.kind)
    .outerjoin(role_assignment, role_assignment.c.person_id == person.c.id)
    .outerjoin(organisation, organisation.c.id == role_assignment.c.org_id)
    .where((person.c.code == bindparam("ref")) | (person.c.email == bindparam("ref")))
)


class SqlPeople:
    """People in SQL."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def find(self, ref: str) -> Person | None:
        """By code or e-mail address; both are stored in lower case."""
        row = self._c.execute(_FIND, {"ref": ref.strip().lower()}).first()
        return rows.person(row) if row is not None else None

    def find_with_roles(self, ref: str) -> tuple[Person, list[Held]] | None:
        """A person and all their roles, in one query."""
        found = self._c.execute(_FIND_WITH_ROLES, {"ref": ref.strip().lower()}).all()
        if not found:
            return None
        held = [Held(row.role, row.org_id, row.kind) for row in found if row.role is not None]
        return rows.person(found[0]), held

    def add(self, code: str, name: str, email: str) -> Person:
        """Create a person; code and e-mail are kept in lower case."""
        values = {"code": code.lower(), "name": name, "email": email.lower()}
        new_id = self._c.execute(insert(person).values(values).returning(person.c.id)).scalar_one()
        return Person(id=new_id, **values)

    def assign(self, person_id: int, org_id: int, role: str) -> None:
        """Give a role (nothing happens if it is already held)."""
        exists = self._c.execute(
            select(role_assignment.c.id).where(
                (role_assignment.c.person_id == person_id)
                & (role_assignment.c.org_id == org_id)
                & (role_assignment.c.role == role)
            )
        ).first()
        if exists is None:
            self._c.execute(insert(role_assignment).values(person_id=person_id, org_id=org_id, role=role))

    def at(self, org_id: int) -> list[tuple[str, Person]]:
        """Every (role, person) at an organisation, by role."""
        query = (
            select(person, role_assignment.c.role)
            .join(role_assignment, role_assignment.c.person_id == person.c.id)
            .where(role_assignment.c.org_id == org_id)
            .order_by(role_assignment.c.role, person.c.code)
        )
        return [(row.role, rows.person(row)) for row in self._c.execute(query)]

    def holders(self, org_id: int, role: str) -> list[Person]:
        """Who holds ``role`` at an organisation."""
        query = (
            select(person)
            .join(role_assignment, role_assignment.c.person_id == person.c.id)
            .where((role_assignment.c.org_id == org_id) & (role_assignment.c.role == role))
            .order_by(person.c.code)
        )
        return [rows.person(row) for row in self._c.execute(query)]
