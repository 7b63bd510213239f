"""Every benchmark under bench/ still runs on today's code and prints its JSON (bench_transitions: its own test).

A refactor can break a benchmark nobody runs in CI; here each runs once, as
small as it goes. Nothing is timed: the figures only have to be there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PG_URL

BENCH = Path(__file__).parents[2] / "bench"


def printed(script: str, *arguments: str, **extra: str) -> Any:
    env = {**os.environ, **extra}
    finished = subprocess.run(
        [sys.executable, str(BENCH / script), *arguments], capture_output=True, text=True, timeout=300, check=False,
        env=env,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


def test_advance_phases_names_every_phase() -> None:
    found = printed("advance_phases.py", "--instances", "3")
    assert found["advances"] == 21
    assert all(us > 0 for us in found["phases_us_per_advance"].values())


def test_bench_bulk_compares_a_file_with_one_step() -> None:
    found = printed("bench_bulk.py", "--rounds", "1")
    assert "met" in json.dumps(found)


def test_bench_chain_and_far_dates_run() -> None:
    assert printed("bench_chain.py", "--rounds", "1")
    assert "far" in printed("bench_far_dates.py", "--repeat", "1")


def test_bench_writers_verifies_the_chain_at_every_width() -> None:
    if not PG_URL:
        pytest.skip("PostgreSQL not configured (set KGFLOW_TEST_DATABASE_URL)")
    found = printed("bench_writers.py", "--instances", "8", KGFLOW_BENCH_DATABASE_URL=PG_URL)
    assert [run["writers"] for run in found["runs"]] == [1, 4, 8]
    assert all(run["chain_verified"] and run["cpu_ceiling"] > 0 for run in found["runs"])
