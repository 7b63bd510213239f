"""Two scheduler processes on one database: one runs, the other waits and takes over; nothing is sent twice."""

from __future__ import annotations

import queue
import signal
import subprocess
import threading
import time
from collections import Counter
from datetime import date

import pytest

from kgflow.testing import World
from tests.processes import spawn
from tests.smtp import SmtpServer

LEASE_SECONDS = 3
WAIT = 30.0


class Watched:
    """A running ``kgflow scheduler run`` whose output lines can be waited for."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.stderr = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, fragment: str, timeout: float = WAIT) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.seen.append(line)
            if fragment in line:
                return line
        self.stop(signal.SIGKILL)
        raise AssertionError(f"{fragment!r} never came; saw {self.seen}; stderr {self.stderr}")

    def stop(self, signum: int = signal.SIGTERM) -> None:
        """Signal the process, wait for it, collect the rest of its output and close its pipes."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
        self.process.wait(timeout=WAIT)
        self._reader.join(timeout=WAIT)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        if self.process.stderr is not None and not self.process.stderr.closed:
            self.stderr = self.process.stderr.read()
            self.process.stderr.close()
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def late(world: World) -> World:
    world.item("psvf-adhd", "PSVF ADHD")
    world.refer("psvf-adhd", date(2027, 3, 31))
    return world


def scheduler(database_url: str, server: SmtpServer) -> Watched:
    env = {**server.environment(), "KGFLOW_SCHEDULER_LEASE_SECONDS": str(LEASE_SECONDS), "PYTHONUNBUFFERED": "1",
           "KGFLOW_SCHEDULE": "0 7 * * mon-fri"}  # fmt: skip
    return Watched(spawn(database_url, "scheduler", "run", today="2027-03-08", env=env))


def test_one_scheduler_runs_the_other_waits_and_takes_over(
    late: World, database_url: str, smtp_server: SmtpServer
) -> None:
    first = scheduler(database_url, smtp_server)
    second = None
    try:
        first.wait_for("Holding the scheduler lease")
        cycle = first.wait_for("Cycle: queued")
        assert "sent 0 digests" not in cycle
        delivered = len(smtp_server.received)
        assert delivered > 1
        second = scheduler(database_url, smtp_server)
        second.wait_for("Waiting: the scheduler lease is held by")
        first.stop(signal.SIGKILL)
        second.wait_for("Holding the scheduler lease", timeout=LEASE_SECONDS * 4)
        caught_up = second.wait_for("Cycle: queued")
        assert "queued 0 notices" in caught_up
        assert "sent 0 digests" in caught_up
    finally:
        first.stop(signal.SIGKILL)
        if second is not None:
            second.stop()
    assert second.process.returncode == 0
    assert any("Gave up the scheduler lease" in line for line in second.seen), second.seen
    ids = Counter(r.message["Message-ID"] for r in smtp_server.received)
    assert len(smtp_server.received) == delivered
    assert set(ids.values()) == {1}


def test_a_restarted_scheduler_sends_nothing_twice(late: World, database_url: str, smtp_server: SmtpServer) -> None:
    for _ in range(2):
        running = scheduler(database_url, smtp_server)
        try:
            running.wait_for("Holding the scheduler lease")
            running.wait_for("Cycle: queued")
        finally:
            running.stop()
    ids = Counter(r.message["Message-ID"] for r in smtp_server.received)
    assert len(ids) > 1
    assert set(ids.values()) == {1}
