"""What every use case is given: units of work, a clock and the workflow catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from kgflow.domain.clock import Clock
from kgflow.service.catalogue import WorkflowCatalogue
from kgflow.service.ports import UnitOfWorkFactory


@dataclass(frozen=True)
class Services:
    """Built once by :mod:`kgflow.bootstrap`; passed to every use case."""

    uow: UnitOfWorkFactory
    clock: Clock
    catalogue: WorkflowCatalogue
    as_of_another_date: bool = False  # --today was given: on a shared database, for administrators only
