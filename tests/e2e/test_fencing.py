"""Mail that cannot go out twice: paused and slow senders and schedulers against a second one, as real processes.

The two failures found against a shared database, reproduced as they were
found: a scheduler (or a ``notify send``) frozen with SIGSTOP past its lease
while a second one takes over, then resumed with SIGCONT; and a relay slower
than the mail lease while a second ``notify send`` starts. In the end every
digest is delivered exactly once and none is wrongly marked dead.
"""

from __future__ import annotations

import signal
import subprocess
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from kgflow.domain.clock import AsOfClock
from kgflow.persistence.database import Database
from kgflow.persistence.tables import digest
from kgflow.service.delivery import list_digests
from kgflow.service.sweep import sweep
from kgflow.testing import World
from tests.processes import Watched, kgflow, resume, scheduler, spawn, wait_stopped, wait_until
from tests.smtp import SmtpServer

TODAY = "2027-03-08"
EXTRA_COORDINATORS = 12  # with the three of the small chain: 15 digests, three claims of five


@pytest.fixture
def crowded(world: World) -> World:
    """One item on remiss, everyone late, and enough RPO coordinators for fifteen digests."""
    for number in range(EXTRA_COORDINATORS):
        world.person(f"Samordnare {number:02d}", "samordnare", "RPO psykisk hälsa Mellansverige")
    world.item("psvf-adhd", "PSVF ADHD")
    world.refer("psvf-adhd", date(2027, 3, 31))
    return world


def swept(world: World) -> World:
    world.clock.set(date.fromisoformat(TODAY))
    assert sweep(world.services).total > 0
    return world


def assert_each_delivered_once(world: World, server: SmtpServer) -> None:
    """Every digest sent, none dead, and the server received each Message-ID exactly once."""
    digests = list_digests(world.services)
    assert len(digests) > 1
    assert [d.status for d in digests if d.status != "sent"] == []
    ids = Counter(r.message["Message-ID"] for r in server.received)
    assert [message_id for message_id, count in ids.items() if count > 1] == []
    assert sorted(ids) == sorted(d.message_id for d in digests)


def leased_now(database_url: str) -> int:
    """How many pending digests are under a live lease now (by the processes' clock)."""
    database = Database.from_url(database_url)
    now = AsOfClock(date.fromisoformat(TODAY)).now()
    try:
        with database.engine.connect() as connection:
            query = select(func.count()).where((digest.c.status == "pending") & (digest.c.lease_until >= now))
            return int(connection.execute(query).scalar_one())
    finally:
        database.dispose()


def finish(process: subprocess.Popen[str]) -> tuple[str, str]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, (out, err)
    assert "Traceback" not in err
    return out, err


def test_a_scheduler_paused_past_its_lease_acts_on_nothing_when_resumed(
    crowded: World, database_url: str, smtp_server: SmtpServer
) -> None:
    env = {**smtp_server.environment(), "KGFLOW_SCHEDULER_LEASE_SECONDS": "3", "KGFLOW_MAIL_LEASE_SECONDS": "1"}
    first = scheduler(database_url, {**env, "KGFLOW_PAUSE": "after-sent"})
    second: Watched | None = None
    try:
        first.wait_for("Har schemaläggarens lås; kommer ikapp nu.")
        wait_stopped(first.process)
        assert len(smtp_server.received) == 1
        second = scheduler(database_url, env)
        second.wait_for("Har schemaläggarens lås; kommer ikapp nu.", timeout=30)
        took_over = second.wait_for("Cykel: köade ")
        assert "skickade 8 samlingsmejl," in took_over
        resume(first.process)
        stopped = first.wait_for("Cykeln avbröts: ")
        assert "En annan process tog över låset scheduler medan den här stod still" in stopped
        assert any("togs över av ett annat utskick" in line for line in first.seen), first.seen
    finally:
        resume(first.process)
        first.stop(signal.SIGKILL)
        if second is not None:
            second.stop()
    assert "Traceback" not in first.stderr
    assert_each_delivered_once(crowded, smtp_server)


def test_a_sender_paused_past_its_lease_stops_when_resumed(
    crowded: World, database_url: str, smtp_server: SmtpServer
) -> None:
    swept(crowded)
    env = {**smtp_server.environment(), "KGFLOW_MAIL_LEASE_SECONDS": "1"}
    first = spawn(database_url, "notify", "send", today=TODAY, env={**env, "KGFLOW_PAUSE": "after-sent"})
    try:
        wait_stopped(first)
        wait_until(lambda: leased_now(database_url) == 0, "the paused sender's lease running out")
        second = kgflow(database_url, "notify", "send", today=TODAY, env=env)
        assert second.returncode == 0, second.stderr
        assert "Skickade 8 samlingsmejl" in second.stdout
    finally:
        resume(first)
    out, err = finish(first)
    assert "Skickade 1 samlingsmejl till" in out
    assert "4 togs över av ett annat utskick." in out
    assert "En annan avsändare tog över samlingsmejl som den här hade tagit" in err
    assert_each_delivered_once(crowded, smtp_server)


def test_a_relay_slower_than_the_lease_while_a_second_sender_starts_sends_nothing_twice(
    crowded: World, database_url: str, smtp_server: SmtpServer
) -> None:
    swept(crowded)
    smtp_server.handler.hold_seconds = 0.4
    env = {**smtp_server.environment(), "KGFLOW_MAIL_LEASE_SECONDS": "2"}
    senders = [spawn(database_url, "notify", "send", today=TODAY, env=env)]
    try:
        # Six messages held 0.4 s each: the first sender has been at it longer than its lease.
        smtp_server.wait_for_messages(6)
        senders.append(spawn(database_url, "notify", "send", today=TODAY, env=env))
        outputs = [finish(process) for process in senders]
    finally:
        for process in senders:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert_each_delivered_once(crowded, smtp_server)
    assert all("togs över av ett annat utskick" not in out for out, _ in outputs), outputs
