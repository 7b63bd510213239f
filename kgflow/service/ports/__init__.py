"""The doors the services use: a unit of work and its repositories, as Protocols, one module per concern.

The service layer is written against these; :mod:`kgflow.persistence`
implements them with SQL. Every public name is re-exported here, so
``from kgflow.service.ports import UnitOfWork`` is the way to name one.
"""

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
