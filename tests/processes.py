"""Running kgflow as separate processes, the way secretaries and schedulers do."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping


def environment(database_url: str, today: str | None = None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("KGFLOW_") or key == "KGFLOW_TEST_DATABASE_URL"
    }
    env["KGFLOW_DATABASE_URL"] = database_url
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
