"""Who may take a step (R13), as the services ask it: allowed, or refused naming who would be.

The rules are :mod:`kgflow.domain.authority`'s; this module reads the chain
above the organisation to say, in a refusal, which roles held where would do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kgflow.definitions.model import Label, RoleRule, WorkflowDefinition
from kgflow.domain import authority
from kgflow.domain.authority import Actor
from kgflow.domain.errors import NotAuthorised
from kgflow.domain.model import Organisation
from kgflow.domain.spelling import either
from kgflow.domain.wording import t
from kgflow.service.ports import UnitOfWork


def check_authority(
    uow: UnitOfWork,
    definition: WorkflowDefinition,
    by: Sequence[RoleRule],
    step: Label,
    org: Organisation,
    actor: Actor,
    area: str | None = None,
) -> None:
    """R13: the actor holds a role ``by`` names for ``org`` (on the item's programområde ``area``).

    Raises:
        NotAuthorised: saying which roles, held where, would do.
    """
    rules = [(rule.role, rule.at_kind) for rule in by]
    if authority.is_allowed(rules, org, actor.roles, definition.responsible, area):
        return
    chain = authority.ancestors_of(org, uow.orgs.by_ids(org.ancestor_ids))
    needed = authority.requirements(rules, org, chain, definition.responsible, area)
    ways = [t("{role} vid {org}", role=_role(definition, req.role), org=req.org.name) for req in needed]
    raise NotAuthorised(
        t(
            "{person} ({code}) får inte ta steget '{step}' för {org}: det kräver {ways}.",
            person=actor.person.name,
            code=actor.person.code,
            step=step,
            org=org.name,
            ways=either(ways) if ways else t("en roll som ingen har i den här kedjan"),
        )
    )


def _role(definition: WorkflowDefinition, role: str) -> object:
    """The role's label in lower case, as it reads mid-sentence in the reader's language; its id if it has none."""
    label = definition.roles.get(role)
    return _LowerCase(label) if label else role


@dataclass(frozen=True)
class _LowerCase:
    """A label rendered in lower case, in the language of the moment it is shown."""

    label: object

    def __str__(self) -> str:
        return str(self.label).lower()
