"""Two scheduler processes on one database: one runs, the other waits and takes over; nothing is sent twice."""

from __future__ import annotations

import signal
from collections import Counter
from datetime import date

import pytest

from kgflow.testing import World
from tests.processes import Watched
from tests.processes import scheduler as start_scheduler
from tests.smtp import SmtpServer

LEASE_SECONDS = 3


@pytest.fixture
def late(world: World) -> World:
    world.item("psvf-adhd", "PSVF ADHD")
    world.refer("psvf-adhd", date(2027, 3, 31))
    return world


def scheduler(database_url: str, server: SmtpServer) -> Watched:
    return start_scheduler(database_url, {**server.environment(), "KGFLOW_SCHEDULER_LEASE_SECONDS": str(LEASE_SECONDS)})


def test_one_scheduler_runs_the_other_waits_and_takes_over(
    late: World, database_url: str, smtp_server: SmtpServer
) -> None:
    first = scheduler(database_url, smtp_server)
    second = None
    try:
        first.wait_for("Har schemaläggarens lås; kommer ikapp nu.")
        cycle = first.wait_for("Cykel: köade ")
        assert "skickade 0 samlingsmejl," not in cycle
        delivered = len(smtp_server.received)
        assert delivered > 1
        second = scheduler(database_url, smtp_server)
        second.wait_for("har schemaläggarens lås till")
        first.stop(signal.SIGKILL)
        second.wait_for("Har schemaläggarens lås; kommer ikapp nu.", timeout=LEASE_SECONDS * 4)
        caught_up = second.wait_for("Cykel: köade ")
        assert "Cykel: köade 0 meddelanden;" in caught_up
        assert "skickade 0 samlingsmejl," in caught_up
    finally:
        first.stop(signal.SIGKILL)
        if second is not None:
            second.stop()
    assert second.process.returncode == 0
    assert any("Släppte schemaläggarens lås." in line for line in second.seen), second.seen
    ids = Counter(r.message["Message-ID"] for r in smtp_server.received)
    assert len(smtp_server.received) == delivered
    assert set(ids.values()) == {1}


def test_a_restarted_scheduler_sends_nothing_twice(late: World, database_url: str, smtp_server: SmtpServer) -> None:
    for _ in range(2):
        running = scheduler(database_url, smtp_server)
        try:
            running.wait_for("Har schemaläggarens lås; kommer ikapp nu.")
            running.wait_for("Cykel: köade ")
        finally:
            running.stop()
    ids = Counter(r.message["Message-ID"] for r in smtp_server.received)
    assert len(ids) > 1
    assert set(ids.values()) == {1}
