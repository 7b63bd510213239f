"""Who may perform an event for an organisation (R13), as pure functions.

An event names role rules. ``sekreterare`` means the role held at the
organisation itself; ``sekreterare@lpo`` means the role held at the
organisation of kind ``lpo`` on any way up from it (itself included): a
kommun linked under the LPOs of several programområden answers to each. The role
``responsible`` stands for the role the workflow names as answering for that
kind of organisation. So an LPO secretary may record a kommun's answer, while a
kommun's contact person may only record their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kgflow.domain.model import Organisation, Person

RESPONSIBLE = "responsible"


@dataclass(frozen=True)
class Held:
    """A role a person holds at an organisation of a kind."""

    role: str
    org_id: int
    kind: str
    area: str | None = None


@dataclass(frozen=True)
class Actor:
    """The person acting and every role they hold."""

    person: Person
    roles: tuple[Held, ...]


@dataclass(frozen=True)
class Requirement:
    """One way to be allowed: ``role`` at ``org``."""

    role: str
    org: Organisation


def ancestors_of(org: Organisation, by_id: Mapping[int, Organisation]) -> list[Organisation]:
    """The organisations above ``org`` on every route, root first, the primary route last (nearest at the end)."""
    return [by_id[i] for route in reversed(org.every_route) for i in route[:-1] if i in by_id]


def _concrete(role: str, kind: str, responsible: Mapping[str, str]) -> str | None:
    return responsible.get(kind) if role == RESPONSIBLE else role


def _of_area(org_area: str | None, area: str | None) -> bool:
    """An organisation of no programområde serves every one; one of an area only its own items."""
    return area is None or org_area is None or org_area == area


def is_allowed(
    rules: Iterable[tuple[str, str | None]],
    org: Organisation,
    held: Iterable[Held],
    responsible: Mapping[str, str],
    area: str | None = None,
) -> bool:
    """True when a held role meets one rule for ``org``.

    ``held`` are the person's roles at ``org`` and the organisations above it.
    ``area`` is the item's programområde (R18): a role at an organisation above
    counts only where that organisation is of the item's area, so LPO äldres
    hälsa's secretary records Falu kommun's steps on äldres hälsa's items, not
    on psykisk hälsa's.
    """
    held = list(held)
    for role, at_kind in rules:
        kind = at_kind or org.kind.value
        wanted = _concrete(role, kind, responsible)
        for h in held:
            if at_kind is None:
                at_the_right_place = h.org_id == org.id
            else:
                at_the_right_place = h.kind == at_kind and org.is_within(h.org_id) and _of_area(h.area, area)
            if at_the_right_place and h.role == wanted:
                return True
    return False


def requirements(
    rules: Iterable[tuple[str, str | None]],
    org: Organisation,
    ancestors: Sequence[Organisation],
    responsible: Mapping[str, str],
    area: str | None = None,
) -> list[Requirement]:
    """The concrete (role, organisation) pairs that would allow an event at ``org``.

    Used to say whom a refused person should ask. ``ancestors`` run from the
    root down to ``org``'s parent (on several routes: the primary last); a rule
    whose kind has no organisation of the item's ``area`` on the way up is not a
    way in.
    """
    chain = [*ancestors, org]
    result: list[Requirement] = []
    for role, at_kind in rules:
        holder = (
            org
            if at_kind is None
            else next((o for o in reversed(chain) if o.kind == at_kind and _of_area(o.area, area)), None)
        )
        if holder is None:
            continue
        concrete = _concrete(role, holder.kind.value, responsible)
        requirement = Requirement(concrete, holder) if concrete else None
        if requirement is not None and requirement not in result:
            result.append(requirement)
    return result
