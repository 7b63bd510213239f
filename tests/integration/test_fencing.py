"""Fencing tokens on a real database: a claim or a lease taken over changes nothing for its old holder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kgflow.domain.errors import LeaseLost
from kgflow.service.cycle import SCHEDULER_LEASE, hold_lease
from kgflow.service.delivery import list_digests
from kgflow.service.fencing import Fence, fenced
from kgflow.service.sweep import sweep
from kgflow.testing import World

LATE_DAY = date(2027, 3, 8)


@pytest.fixture
def late(world: World) -> World:
    world.item("psvf-adhd", "PSVF ADHD")
    world.refer("psvf-adhd", date(2027, 3, 31))
    world.clock.set(LATE_DAY)
    assert sweep(world.services).total > 0
    with world.services.uow(write=True) as uow:
        uow.outbox.assemble(world.clock.now(), "lpo.example.se")
        uow.commit()
    return world


def test_a_claim_taken_over_after_its_lease_leaves_its_old_holder_nothing(late: World) -> None:
    now = late.clock.now()
    with late.services.uow(write=True) as uow:
        old = uow.outbox.claim(now, now + timedelta(seconds=60), 100, "old-token")
        uow.commit()
    later = now + timedelta(seconds=61)
    with late.services.uow(write=True) as uow:
        new = uow.outbox.claim(later, later + timedelta(seconds=60), 100, "new-token")
        uow.commit()
    assert [d.id for d in new] == [d.id for d in old]
    first = old[0]
    with late.services.uow(write=True) as uow:
        assert uow.outbox.renew("old-token", later + timedelta(seconds=60)) == 0
        assert not uow.outbox.mark_sent(first.id, "old-token", later)
        assert not uow.outbox.mark_dead(first.id, "old-token", "stale")
        assert not uow.outbox.mark_retry(first.id, "old-token", later, "stale")
        assert uow.outbox.release("old-token") == 0
        assert uow.outbox.mark_sent(first.id, "new-token", later)
        assert not uow.outbox.mark_sent(first.id, "new-token", later)
        uow.commit()
    [sent] = [d for d in list_digests(late.services) if d.id == first.id]
    assert sent.status == "sent"


def test_a_claim_renewed_by_its_holder_is_not_claimable(late: World) -> None:
    now = late.clock.now()
    with late.services.uow(write=True) as uow:
        held = uow.outbox.claim(now, now + timedelta(seconds=1), 100, "mine")
        assert uow.outbox.renew("mine", now + timedelta(seconds=120)) == len(held) > 0
        uow.commit()
    with late.services.uow(write=True) as uow:
        assert uow.outbox.claim(now + timedelta(seconds=60), now + timedelta(seconds=120), 100, "theirs") == []


def test_a_scheduler_that_lost_its_lease_writes_nothing(late: World) -> None:
    first = hold_lease(late.services, "host-a:1", 2)
    assert first.mine
    assert first.token
    assert hold_lease(late.services, "host-a:1", 2, first.token).mine
    assert not hold_lease(late.services, "host-b:2", 2).mine
    late.clock.set(LATE_DAY + timedelta(days=1))
    second = hold_lease(late.services, "host-b:2", 2)
    assert second.mine
    assert second.token != first.token
    resumed = hold_lease(late.services, "host-a:1", 2, first.token)
    assert not resumed.mine
    assert resumed.holder == "host-b:2"
    with late.services.uow() as uow:
        before = uow.outbox.counts()
    stale = fenced(late.services, Fence(SCHEDULER_LEASE, first.token, 2))
    with pytest.raises(
        LeaseLost, match=r"^En annan process tog över låset scheduler medan den här stod still eller gick långsamt; "
    ):
        sweep(stale)
    with late.services.uow() as uow:
        assert uow.outbox.counts() == before
    assert second.token is not None
    sweep(fenced(late.services, Fence(SCHEDULER_LEASE, second.token, 2)))
