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
    """Sweep, then send (with ``services`` fenced by the scheduler lease, see :mod:`kgflow.service.fencing`)."""
    return CycleReport(sweep(services), send_notices(services, mail))


@dataclass(frozen=True)
class LeaseState:
    """Who holds a lease after trying to take or renew it; ``token`` is ours when ``mine``."""

    mine: bool
    holder: str
    expires_at: datetime
    token: str | None = None


def hold_lease(
    services: Services, holder: str, seconds: int, token: str | None = None, name: str = SCHEDULER_LEASE
) -> LeaseState:
    """Renew the lease we hold by its ``token``, or take it if it is free or expired; report who holds it.

    With a token that no longer holds (another process took over while this one
    was paused), the lease is not ours: the state says who holds it now.
    """
    now = services.clock.now()
    until = now + timedelta(seconds=seconds)
    with services.uow(write=True) as uow:
        if token is not None and uow.leases.renew(name, token, until):
            uow.commit()
            return LeaseState(True, holder, until, token)
        grant = uow.leases.holder(name) if token is not None else None
        if grant is None or grant.expires_at < now:
            grant = uow.leases.take(name, holder, now, until)
        uow.commit()
    mine = grant.token is not None and grant.holder == holder
    return LeaseState(mine, grant.holder, grant.expires_at, grant.token if mine else None)


def release_lease(services: Services, token: str, name: str = SCHEDULER_LEASE) -> None:
    """Give the lease up (on a clean shutdown), so another process can take over at once."""
    with services.uow(write=True) as uow:
        uow.leases.release(name, token, services.clock.now())
        uow.commit()
