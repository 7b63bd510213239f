"""People: who is in kgflow, their e-mail address and the roles they hold where (``kgflow person``).

Listing reads every person with their roles in one query and filters in
Python: the sample holds some 450 people, a real län a few thousand, and
Swedish names compare reliably only outside SQLite (whose ``lower()`` knows
ASCII alone). Role ids are shown with the Swedish label a workflow gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kgflow.definitions.model import Label
from kgflow.domain.errors import KgflowError
from kgflow.domain.model import Organisation, Person
from kgflow.domain.spelling import folded
from kgflow.domain.wording import t
from kgflow.service.context import Services
from kgflow.service.lookup import find_org, find_person
from kgflow.service.naming import not_found
from kgflow.service.ports import UnitOfWork


@dataclass(frozen=True)
class HeldRole:
    """A role held at an organisation, with the label people read."""

    role: str
    label: str
    org: Organisation

    def as_json(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"role": self.role, "role_label": self.label, "org": self.org.code, "org_name": self.org.name}


@dataclass(frozen=True)
class PersonCard:
    """A person and every role they hold."""

    person: Person
    roles: tuple[HeldRole, ...]

    def as_json(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "code": self.person.code,
            "name": self.person.name,
            "email": self.person.email,
            "roles": [held.as_json() for held in self.roles],
        }


def list_people(
    services: Services, *, org: str | None = None, role: str | None = None, search: str | None = None
) -> list[PersonCard]:
    """People by code: all, or those holding a role at ``org`` or below it, holding ``role``, matching ``search``.

    ``role`` is a role's id or its label (``sekreterare``, ``Ordförande``);
    ``search`` is found in the code, the name or the e-mail address, with
    case and diacritics ignored.

    Raises:
        NotFound: for an unknown organisation or role, suggesting the nearest.
    """
    labels = role_labels(services)
    with services.uow() as uow:
        under = find_org(uow, org) if org else None
        everyone = uow.people.with_roles()
    wanted_role = _role(role, labels, everyone) if role else None
    needle = folded(search.strip()) if search else ""
    cards = []
    for person, held in everyone:
        if needle and not any(needle in folded(text) for text in (person.code, person.name, person.email)):
            continue
        matching = [
            (r, o)
            for r, o in held
            if (wanted_role is None or r == wanted_role) and (under is None or o.is_within(under.id))
        ]
        if (wanted_role is not None or under is not None) and not matching:
            continue
        cards.append(_card(person, held, labels))
    return cards


def show_person(services: Services, ref: str) -> PersonCard:
    """One person — by code, e-mail address or full name — with every role they hold.

    Raises:
        NotFound: for nobody, suggesting the nearest.
        UsageError: for a full name several people share.
    """
    labels = role_labels(services)
    with services.uow() as uow:
        person = find_person(uow, ref)
        return _card(person, _roles_of(uow, person), labels)


def role_words(services: Services) -> dict[str, Label]:
    """Every role id the workflows name, with its labels (the first workflow to name it wins)."""
    labels: dict[str, Label] = {}
    for name in services.catalogue.names():
        try:
            definition = services.catalogue.current(name)
        except KgflowError:
            continue  # an invalid file is `workflow validate`'s to report; its ids are shown as they are
        for role, label in definition.roles.items():
            labels.setdefault(role, label)
    return labels


def role_labels(services: Services) -> dict[str, str]:
    """Every role id the workflows name, with its Swedish label (the first workflow to name it wins)."""
    return {role: label.sv for role, label in role_words(services).items()}


def _roles_of(uow: UnitOfWork, person: Person) -> list[tuple[str, Organisation]]:
    found = uow.people.find_with_roles(person.code)
    held = found[1] if found else []
    orgs = uow.orgs.by_ids(h.org_id for h in held)
    pairs = [(h.role, orgs[h.org_id]) for h in held if h.org_id in orgs]
    return sorted(pairs, key=lambda pair: (pair[1].path, pair[0]))


def _card(person: Person, held: list[tuple[str, Organisation]], labels: dict[str, str]) -> PersonCard:
    return PersonCard(person, tuple(HeldRole(role, labels.get(role, role), org) for role, org in held))


def _role(typed: str, labels: dict[str, str], everyone: list[tuple[Person, list[tuple[str, Organisation]]]]) -> str:
    """The role id ``typed`` names, by id or label, among the roles workflows name or people hold."""
    known = set(labels) | {role for _, held in everyone for role, _ in held}
    wanted = folded(typed.strip())
    for role in sorted(known):
        if wanted in (folded(role), folded(labels.get(role, role))):
            return role
    candidates = [(role, (labels.get(role),)) for role in sorted(known)]
    raise not_found(t("roll"), typed, candidates, t("Rollerna är: {roles}.", roles=", ".join(sorted(known))))
