"""The workload every peer runs: the same eight states and seven events as ``bench/workflows/bench-linear.yaml``."""

from __future__ import annotations

STEPS = 7
STATES = [f"s{n}" for n in range(STEPS + 1)]
EVENTS = [f"step{n}" for n in range(1, STEPS + 1)]
SETTINGS = ("FULL", "NORMAL")
