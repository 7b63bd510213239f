"""The doors the services use: a unit of work and its repositories, as Protocols, one module per concern.

The service layer is written against these; :mod:`kgflow.persistence`
implements them with SQL. Every public name is re-exported here, so
``from kgflow.service.ports import UnitOfWork`` is the way to name one. A name
is imported from its module the first time it is asked for (PEP 562), so a
command that reads instances does not load the outbox's or the plans' values.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgflow.service.ports.backup import BackupRepository
    from kgflow.service.ports.follow_up import FollowUpAnswerRepository
    from kgflow.service.ports.history import Drift, HistoryRecord, HistoryRepository
    from kgflow.service.ports.instances import (
        Candidate,
        InstanceChange,
        InstanceRepository,
        NewInstance,
        StateCount,
        StatusRow,
        Subject,
        TreeInstance,
    )
    from kgflow.service.ports.items import ItemRepository
    from kgflow.service.ports.organisations import NewOrganisation, OrganisationRepository, PersonRepository
    from kgflow.service.ports.outbox import (
        ClaimedDigest,
        DigestSummary,
        LeaseGrant,
        LeaseRepository,
        NoticeView,
        OutboxRepository,
        PlanNotice,
        RungCount,
        RungWindow,
        WrittenRung,
    )
    from kgflow.service.ports.plans import PlanRepository
    from kgflow.service.ports.sign_ins import ApiTokenView, SignInRepository
    from kgflow.service.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
    from kgflow.service.ports.workflows import DefinitionCache, WorkflowRepository

_MODULES: dict[str, str] = {
    "ApiTokenView": "sign_ins",
    "BackupRepository": "backup",
    "Candidate": "instances",
    "ClaimedDigest": "outbox",
    "DefinitionCache": "workflows",
    "DigestSummary": "outbox",
    "Drift": "history",
    "FollowUpAnswerRepository": "follow_up",
    "HistoryRecord": "history",
    "HistoryRepository": "history",
    "InstanceChange": "instances",
    "InstanceRepository": "instances",
    "ItemRepository": "items",
    "LeaseGrant": "outbox",
    "LeaseRepository": "outbox",
    "NewInstance": "instances",
    "NewOrganisation": "organisations",
    "NoticeView": "outbox",
    "OrganisationRepository": "organisations",
    "OutboxRepository": "outbox",
    "PersonRepository": "organisations",
    "PlanNotice": "outbox",
    "PlanRepository": "plans",
    "RungCount": "outbox",
    "RungWindow": "outbox",
    "SignInRepository": "sign_ins",
    "StateCount": "instances",
    "StatusRow": "instances",
    "Subject": "instances",
    "TreeInstance": "instances",
    "UnitOfWork": "unit_of_work",
    "UnitOfWorkFactory": "unit_of_work",
    "WorkflowRepository": "workflows",
    "WrittenRung": "outbox",
}
"""Where each public name lives, by module under this package."""


def __getattr__(name: str) -> Any:
    """The public name ``name``, imported from its module on first use (and kept here after)."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULES])


__all__ = [
    "ApiTokenView",
    "BackupRepository",
    "Candidate",
    "ClaimedDigest",
    "DefinitionCache",
    "DigestSummary",
    "Drift",
    "FollowUpAnswerRepository",
    "HistoryRecord",
    "HistoryRepository",
    "InstanceChange",
    "InstanceRepository",
    "ItemRepository",
    "LeaseGrant",
    "LeaseRepository",
    "NewInstance",
    "NewOrganisation",
    "NoticeView",
    "OrganisationRepository",
    "OutboxRepository",
    "PersonRepository",
    "PlanNotice",
    "PlanRepository",
    "RungCount",
    "RungWindow",
    "SignInRepository",
    "StateCount",
    "StatusRow",
    "Subject",
    "TreeInstance",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "WorkflowRepository",
    "WrittenRung",
]
