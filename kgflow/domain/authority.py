"""Who may perform an event for an organisation (R13), as pure functions.

An event names role rules. ``sekreterare`` means the role held at the
organisation itself; ``sekreterare@lpo`` means the role held at the nearest
organisation of kind ``lpo`` on the way up from it (itself included). So an LPO
secretary may record a kommun's answer, while a kommun's contact person may
only record their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kgflow.domain.model import Organisation


@dataclass(frozen=True)
class Requirement:
    """One way to be allowed: ``role`` at ``org``."""

    role: str
    org: Organisation


def requirements(
    rules: Iterable[tuple[str, str | None]], org: Organisation, ancestors: Sequence[Organisation]
) -> list[Requirement]:
    """The concrete (role, organisation) pairs that allow an event at ``org``.

    ``rules`` are (role, at_kind) pairs; ``ancestors`` run from the root down to
    ``org``'s parent. A rule whose kind has no organisation on the way up is
    simply not a way in.
    """
    chain = [*ancestors, org]
    result: list[Requirement] = []
    for role, at_kind in rules:
        if at_kind is None:
            holder: Organisation | None = org
        else:
            holder = next((o for o in reversed(chain) if o.kind == at_kind), None)
        if holder is not None:
            requirement = Requirement(role, holder)
            if requirement not in result:
                result.append(requirement)
    return result


def is_allowed(requirements_: Iterable[Requirement], held: Iterable[tuple[str, int]]) -> bool:
    """True when one of the held (role, org id) pairs meets one requirement."""
    held_set = set(held)
    return any((req.role, req.org.id) in held_set for req in requirements_)
