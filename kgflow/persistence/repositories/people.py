"""People and the roles they hold at organisations."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, insert, select

from kgflow.domain.model import Person
from kgflow.persistence.repositories import rows
from kgflow.persistence.tables import person, role_assignment


class SqlPeople:
    """People in SQL."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def find(self, ref: str) -> Person | None:
        """By code or e-mail address; both are stored in lower case."""
        text = ref.strip().lower()
        row = self._c.execute(select(person).where((person.c.code == text) | (person.c.email == text))).first()
        return rows.person(row) if row is not None else None

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

    def roles_at(self, person_id: int, org_ids: Iterable[int]) -> list[tuple[str, int]]:
        """The (role, org id) pairs the person holds at any of ``org_ids``."""
        query = select(role_assignment.c.role, role_assignment.c.org_id).where(
            (role_assignment.c.person_id == person_id) & role_assignment.c.org_id.in_(list(org_ids))
        )
        return [(row.role, row.org_id) for row in self._c.execute(query)]

    def holders(self, org_id: int, role: str) -> list[Person]:
        """Who holds ``role`` at an organisation."""
        query = (
            select(person)
            .join(role_assignment, role_assignment.c.person_id == person.c.id)
            .where((role_assignment.c.org_id == org_id) & (role_assignment.c.role == role))
            .order_by(person.c.code)
        )
        return [rows.person(row) for row in self._c.execute(query)]
