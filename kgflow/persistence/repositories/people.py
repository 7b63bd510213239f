"""People and the roles they hold at organisations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, text, update

from kgflow.domain import records
from kgflow.domain.authority import Held
from kgflow.domain.identity import Login
from kgflow.domain.model import Organisation, Person
from kgflow.persistence.repositories import rows
from kgflow.persistence.tables import organisation, person, role_assignment

_LOGIN = text(
    "SELECT session_user AS name, (SELECT code FROM person WHERE login = session_user) AS person, "
    "kgflow_privileged('admin') AS admin, kgflow_privileged('service') AS service"
)
# Built once: advancing asks these on every call.
_FIND = select(person).where((person.c.code == bindparam("ref")) | (person.c.email == bindparam("ref")))
_FIND_WITH_ROLES = (
    select(person, role_assignment.c.role, role_assignment.c.org_id, organisation.c.kind, organisation.c.area)
    .outerjoin(role_assignment, role_assignment.c.person_id == person.c.id)
    .outerjoin(organisation, organisation.c.id == role_assignment.c.org_id)
    .where((person.c.code == bindparam("ref")) | (person.c.email == bindparam("ref")))
)

_ORG_COLUMNS = [column.label(f"o_{column.name}") for column in organisation.c if column.name in {
    "id", "code", "name", "kind", "parent_id", "path", "municipality_code", "area", "lan", "short_name",
    "routes"}]  # fmt: skip


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
        held = [Held(row.role, row.org_id, row.kind, row.area) for row in found if row.role is not None]
        return rows.person(found[0]), held

    def everyone(self) -> list[Person]:
        """Every person, by code."""
        return [rows.person(row) for row in self._c.execute(select(person).order_by(person.c.code))]

    def with_roles(self) -> list[tuple[Person, list[tuple[str, Organisation]]]]:
        """Every person with every (role, organisation) they hold, by code, then by the organisation's place."""
        query = (
            select(person, role_assignment.c.role.label("r_role"), *_ORG_COLUMNS)
            .outerjoin(role_assignment, role_assignment.c.person_id == person.c.id)
            .outerjoin(organisation, organisation.c.id == role_assignment.c.org_id)
            .order_by(person.c.code, organisation.c.path, role_assignment.c.role)
        )
        found: dict[str, tuple[Person, list[tuple[str, Organisation]]]] = {}
        for row in self._c.execute(query):
            _, held = found.setdefault(row.code, (rows.person(row), []))
            if row.r_role is not None:
                held.append((row.r_role, rows.organisation(row, "o_")))
        return list(found.values())

    def add(self, code: str, name: str, email: str, login: str | None = None) -> Person:
        """Create a person; code and e-mail are kept in lower case."""
        values = {"code": code.lower(), "name": name, "email": email.lower()}
        new_id = self._c.execute(insert(person).values(login=login, **values).returning(person.c.id)).scalar_one()
        return Person(id=new_id, **values)

    def set_login(self, person_id: int, login: str | None) -> None:
        """Link a person to the database login they use (None: to none)."""
        self._c.execute(update(person).where(person.c.id == person_id).values(login=login))

    def login_of(self, person_id: int) -> str | None:
        """The database login a person is linked to."""
        return self._c.execute(select(person.c.login).where(person.c.id == person_id)).scalar_one_or_none()

    def login(self) -> Login | None:
        """Who logged in to the database, and what kgflow knows of them; None where logins mean nothing (SQLite)."""
        if self._c.dialect.name != "postgresql":
            return None
        row = self._c.execute(_LOGIN).one()
        return Login(row.name, row.person, bool(row.admin), bool(row.service))

    def facts(self) -> dict[str, dict[str, Any]]:
        """Every person as the fact the history records of them, by code."""
        return {
            row.code: records.person_fact(row.code, row.name, row.email, row.login)
            for row in self._c.execute(select(person))
        }

    def role_facts(self) -> frozenset[tuple[str, str, str]]:
        """Every role held, as (person code, organisation code, role)."""
        query = (
            select(person.c.code, organisation.c.code.label("org"), role_assignment.c.role)
            .join(role_assignment, role_assignment.c.person_id == person.c.id)
            .join(organisation, organisation.c.id == role_assignment.c.org_id)
        )
        return frozenset((row.code, row.org, row.role) for row in self._c.execute(query))

    def assign(self, person_id: int, org_id: int, role: str) -> bool:
        """Give a role; False (and nothing happens) if it is already held."""
        exists = self._c.execute(
            select(role_assignment.c.id).where(
                (role_assignment.c.person_id == person_id)
                & (role_assignment.c.org_id == org_id)
                & (role_assignment.c.role == role)
            )
        ).first()
        if exists is not None:
            return False
        self._c.execute(insert(role_assignment).values(person_id=person_id, org_id=org_id, role=role))
        return True

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
