"""The unit of work and the factory that opens one: the door through which a service reaches every repository.

The service layer is written against these; :mod:`kgflow.persistence`
implements them with SQL. A unit of work is one database transaction: what a
service does inside ``with uow:`` is committed together by ``uow.commit()`` or
not at all.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from kgflow.domain.audit import Checkpoint
    from kgflow.service.ports.backup import BackupRepository
    from kgflow.service.ports.follow_up import FollowUpAnswerRepository
    from kgflow.service.ports.history import HistoryRepository
    from kgflow.service.ports.instances import InstanceRepository
    from kgflow.service.ports.items import ItemRepository
    from kgflow.service.ports.organisations import OrganisationRepository, PersonRepository
    from kgflow.service.ports.outbox import LeaseRepository, OutboxRepository
    from kgflow.service.ports.plans import PlanRepository
    from kgflow.service.ports.sign_ins import SignInRepository
    from kgflow.service.ports.workflows import WorkflowRepository


class UnitOfWork(Protocol):
    """One transaction and the repositories that work inside it."""

    @property
    def orgs(self) -> OrganisationRepository:
        """Organisations."""
        ...

    @property
    def people(self) -> PersonRepository:
        """People and roles."""
        ...

    @property
    def items(self) -> ItemRepository:
        """Items and versions."""
        ...

    @property
    def instances(self) -> InstanceRepository:
        """Instances."""
        ...

    @property
    def history(self) -> HistoryRepository:
        """History rows."""
        ...

    @property
    def workflows(self) -> WorkflowRepository:
        """Registered workflow texts."""
        ...

    @property
    def outbox(self) -> OutboxRepository:
        """Notices and digests."""
        ...

    @property
    def leases(self) -> LeaseRepository:
        """Named leases."""
        ...

    @property
    def backup(self) -> BackupRepository:
        """Export and restore."""
        ...

    @property
    def plans(self) -> PlanRepository:
        """Implementation plans and their activities."""
        ...

    @property
    def sign_ins(self) -> SignInRepository:
        """Web sign-in links, sessions, API tokens and the web secret."""
        ...

    @property
    def answers(self) -> FollowUpAnswerRepository:
        """Answers to follow-up rounds."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def lock_history(self, seen: Checkpoint | None = None, *, own_instance: bool = False) -> None:
        """Take the turn to append history; appends and instance writes refuse to run before it.

        A use case calls it after its cheap refusals (authority, state) and
        before it writes any instance, so refused attempts never wait for the
        turn and every writer locks in the same order. ``own_instance``: the
        transaction reads and writes nothing but one instance, so it may share
        the turn with others like it.
        """
        ...

    def attempt(self) -> AbstractContextManager[None]:
        """A part of the transaction undone on its own when it raises (the rest stays), e.g. one row of many."""
        ...

    def commit(self) -> None:
        """Make everything done in this unit of work permanent."""
        ...

    def rollback(self) -> None:
        """Undo everything done in this unit of work."""
        ...


class UnitOfWorkFactory(Protocol):
    """Opens units of work: ``write=True`` takes the write lock at once.

    What it returns is entered with ``with``; a fenced factory checks its lease
    on entering (see :mod:`kgflow.service.fencing`).
    """

    def __call__(self, *, write: bool = False) -> AbstractContextManager[UnitOfWork]: ...
