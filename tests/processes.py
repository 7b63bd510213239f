"""Running kgflow as separate processes, the way secretaries and schedulers do, and watching them."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

WAIT = 30.0


def environment(database_url: str, today: str | None = None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("KGFLOW_") or key == "KGFLOW_TEST_DATABASE_URL"
    }
    env["KGFLOW_DATABASE_URL"] = database_url
    env["KGFLOW_LANGUAGE"] = "sv"  # the tests read Swedish whatever the machine's locale says
    if today:
        env["KGFLOW_TODAY"] = today
    env.update(extra or {})
    return env


def kgflow(
    database_url: str, *args: str, today: str | None = None, env: Mapping[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``kgflow ARGS`` to the end."""
    return subprocess.run(
        [sys.executable, "-m", "kgflow", *args],
        env=environment(database_url, today, env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def spawn(
    database_url: str, *args: str, today: str | None = None, env: Mapping[str, str] | None = None
) -> subprocess.Popen[str]:
    """Start ``kgflow ARGS`` without waiting."""
    return subprocess.Popen(
        [sys.executable, "-m", "kgflow", *args],
        env=environment(database_url, today, env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


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


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    """Block until ``condition()`` holds, looking every tenth of a second; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        pause.wait(0.1)


def is_stopped(process: subprocess.Popen[str]) -> bool:
    """True while the process is stopped by a signal (state T in /proc)."""
    stat = Path(f"/proc/{process.pid}/stat").read_text(encoding="ascii")
    return stat.rsplit(")", 1)[1].split()[0] in ("T", "t")


def wait_stopped(process: subprocess.Popen[str], timeout: float = WAIT) -> None:
    """Block until the process has stopped itself (SIGSTOP at a ``KGFLOW_PAUSE`` point)."""
    wait_until(lambda: process.poll() is None and is_stopped(process), f"process {process.pid} stopping", timeout)


def resume(process: subprocess.Popen[str]) -> None:
    """SIGCONT: let a stopped process go on where it was."""
    process.send_signal(signal.SIGCONT)


def scheduler(database_url: str, env: Mapping[str, str], today: str = "2027-03-08") -> Watched:
    """Start ``kgflow scheduler run`` (cycles only on weekday mornings: it works when it takes the lease)."""
    settings = {"PYTHONUNBUFFERED": "1", "KGFLOW_SCHEDULE": "0 7 * * mon-fri", **env}
    return Watched(spawn(database_url, "scheduler", "run", today=today, env=settings))
