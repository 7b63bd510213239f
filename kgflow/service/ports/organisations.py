"""Organisations and the people who hold roles in them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kgflow.domain.authority import Held
from kgflow.domain.identity import Login
from kgflow.domain.model import (
    Organisation,
    Person,
)


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation to add; ``parent`` is the parent's code."""

    code: str
    name: str
    kind: str
    parent: str | None = None
    municipality_code: str | None = None
    area: str | None = None
    lan: str | None = None
    short_name: str | None = None
    decides_for: str | None = None
    also_under: tuple[str, ...] = ()


class OrganisationRepository(Protocol):
    """Organisations and the tree they form."""

    def find(self, ref: str) -> Organisation | None:
        """By code, municipality code, exact name or short name (case-insensitive)."""
        ...

    def find_many(self, refs: Iterable[str]) -> dict[str, Organisation]:
        """Each reference (stripped) with the organisation :meth:`find` finds for it, in one query; misses absent."""
        ...

    def names(self) -> list[tuple[str, str, str | None]]:
        """Every organisation's code, name and municipality code, in one query (for suggesting what was meant)."""
        ...

    def by_ids(self, ids: Iterable[int]) -> dict[int, Organisation]:
        """Several by id."""
        ...

    def subtree(self, root: Organisation) -> list[Organisation]:
        """``root`` and everything below it on any route, each once, parents before children."""
        ...

    def list(
        self,
        kind: str | None = None,
        under: Organisation | None = None,
        *,
        kinds: Iterable[str] | None = None,
        area: str | None = None,
        numbered: bool = False,
    ) -> list[Organisation]:
        """All, or those of ``kind`` (or ``kinds``; ``numbered``: and all with a municipality code), those below
        ``under`` on any route (inclusive), those of one programområde; by path."""
        ...

    def areas(self) -> tuple[tuple[str, str], ...]:
        """Every programområde there is: its code and its NPO's name."""
        ...

    def add_many(self, rows: Sequence[NewOrganisation]) -> int:
        """Insert organisations whose parents exist or come earlier; returns how many."""
        ...

    def rerouted(self) -> tuple[str, ...]:
        """Codes of organisations whose stored ways up do not follow from their parents (for ``audit verify``)."""
        ...

    def add_parents(self, org_id: int, parent_ids: Sequence[int]) -> None:
        """Link an existing organisation under further parents (after those it has); its subtree gains the routes."""
        ...

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
        """Change an organisation's name and municipality code."""
        ...

    def facts(self) -> dict[str, dict[str, Any]]:
        """Every organisation as the history records it, by code."""
        ...

    def count(self) -> int:
        """How many organisations there are."""
        ...


class PersonRepository(Protocol):
    """People and their roles."""

    def find(self, ref: str) -> Person | None:
        """By code or e-mail address (case-insensitive)."""
        ...

    def find_with_roles(self, ref: str) -> tuple[Person, list[Held]] | None:
        """A person and every role they hold, in one query."""
        ...

    def everyone(self) -> list[Person]:
        """Every person, by code, in one query."""
        ...

    def with_roles(self) -> list[tuple[Person, list[tuple[str, Organisation]]]]:
        """Every person with every (role, organisation) they hold, by code, in one query."""
        ...

    def add(self, code: str, name: str, email: str, login: str | None = None) -> Person:
        """Create a person."""
        ...

    def set_login(self, person_id: int, login: str | None) -> None:
        """Link a person to their database login."""
        ...

    def login_of(self, person_id: int) -> str | None:
        """The database login a person is linked to."""
        ...

    def login(self) -> Login | None:
        """Who logged in to the database; None where the database has no logins (SQLite)."""
        ...

    def facts(self) -> dict[str, dict[str, Any]]:
        """Every person as the history records them, by code."""
        ...

    def role_facts(self) -> frozenset[tuple[str, str, str]]:
        """Every (person code, organisation code, role) held."""
        ...

    def assign(self, person_id: int, org_id: int, role: str) -> bool:
        """Give a person a role at an organisation; False if it was already held."""
        ...

    def holders(self, org_id: int, role: str) -> list[Person]:
        """Who holds ``role`` at an organisation."""
        ...

    def at(self, org_id: int) -> list[tuple[str, Person]]:
        """Every (role, person) at an organisation."""
        ...
