"""The scheduled job's work: open due follow-up rounds and sweep, then send. Idempotent, so it may run late or twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kgflow.service.context import Services
from kgflow.service.delivery import SendReport, send_notices
from kgflow.service.mail import Mail
from kgflow.service.sweep import SweepReport, sweep

SCHEDULER_LEASE = "scheduler"


@dataclass(frozen=True)
class CycleReport:
    """What one scheduled run did."""

    sweep: SweepReport
    send: SendReport


def run_cycle(services: Services, mail: Mail) -> CycleReport:
    """Sweep, then send."""
    return CycleReport(sweep(services), send_notices(services, mail))


@dataclass(frozen=True)
class LeaseState:
    """Who holds a lease after trying to take it."""

    mine: bool
    holder: str
    expires_at: datetime


def hold_lease(services: Services, holder: str, seconds: int, name: str = SCHEDULER_LEASE) -> LeaseState:
    """Take or renew the lease for ``seconds``; report who holds it."""
    now = services.clock.now()
    with services.uow(write=True) as uow:
        current, expires = uow.leases.acquire(name, holder, now, now + timedelta(seconds=seconds))
        uow.commit()
    return LeaseState(current == holder, current, expires)


def release_lease(services: Services, holder: str, name: str = SCHEDULER_LEASE) -> None:
    """Give the lease up (on a clean shutdown), so another process can take over at once."""
    with services.uow(write=True) as uow:
        uow.leases.release(name, holder, services.clock.now())
        uow.commit()
