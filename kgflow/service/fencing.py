"""Fencing: every write a lease holder makes first proves, in the same transaction, that it still holds the lease.

A scheduler that was paused (SIGSTOP, a frozen VM, a long GC) past its lease
may wake up believing it still holds it. :func:`fenced` wraps the services it
uses so that each write transaction starts by renewing the lease *by its
token*: if another process took the lease meanwhile the renewal changes no row,
:class:`~kgflow.domain.errors.LeaseLost` is raised and the transaction is rolled back
before anything is written. On PostgreSQL the renewal locks the lease row until
the transaction ends, so nobody takes the lease over in the middle of a write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta

from kgflow.domain.clock import Clock
from kgflow.domain.errors import LeaseLost
from kgflow.domain.wording import t
from kgflow.service.context import Services
from kgflow.service.ports import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class Fence:
    """A lease held: its name, the token of this hold and how long each renewal lasts."""

    name: str
    token: str
    seconds: int


def lost_lease(name: str) -> LeaseLost:
    """The one sentence for a holder that finds its lease taken over."""
    return LeaseLost(
        t(
            "En annan process tog över låset {name} medan den här stod still eller gick långsamt; "
            "den här slutade utan att göra något med det.",
            name=name,
        )
    )


class _FencedFactory:
    """Opens units of work like ``inner``; write units first renew the fence's lease."""

    def __init__(self, inner: UnitOfWorkFactory, fence: Fence, clock: Clock) -> None:
        self._inner = inner
        self._fence = fence
        self._clock = clock

    def __call__(self, *, write: bool = False) -> AbstractContextManager[UnitOfWork]:
        return self._open(write)

    @contextmanager
    def _open(self, write: bool) -> Iterator[UnitOfWork]:
        with self._inner(write=write) as uow:
            if write:
                until = self._clock.now() + timedelta(seconds=self._fence.seconds)
                if not uow.leases.renew(self._fence.name, self._fence.token, until):
                    raise lost_lease(self._fence.name)
            yield uow


def fenced(services: Services, fence: Fence) -> Services:
    """The same services, with every write transaction fenced by ``fence``."""
    return replace(services, uow=_FencedFactory(services.uow, fence, services.clock))
