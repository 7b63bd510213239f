"""The peers benchmark runs and says, per setting, each peer's throughput and whether kgflow met its goals.

Only the peers the base dependencies carry (kgflow, raw sqlite3, SQLAlchemy
Core, transitions + ORM); python-statemachine and SpiffWorkflow come with the
bench extra. Nothing here is timed: the figures only have to be there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "bench" / "bench_transitions.py"
PEERS = ["kgflow", "raw_sqlite3", "sqlalchemy_core", "transitions_orm"]


def test_one_small_round_prints_every_cell_and_the_goals() -> None:
    finished = subprocess.run(
        [sys.executable, str(BENCH), "--instances", "3", "--rounds", "1", "--peers", ",".join(PEERS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    result = json.loads(finished.stdout)
    assert result["transitions_per_round"] == 21
    assert set(result["settings"]) == {"synchronous=FULL", "synchronous=NORMAL"}
    for cell in result["settings"].values():
        assert set(cell["per_second"]) == set(PEERS)
        assert all(rate > 0 for rate in cell["per_second"].values())
        ratios = cell["ratios"]
        assert set(ratios) == {"kgflow_vs_raw_sqlite3", "kgflow_vs_transitions_orm"}
        for ratio in ratios.values():
            assert isinstance(ratio["met"], bool)
            assert ratio["time_ratio"] > 0


def test_an_unknown_peer_is_refused() -> None:
    finished = subprocess.run(
        [sys.executable, str(BENCH), "--peers", "kgflow,camunda"], capture_output=True, text=True, check=False
    )
    assert finished.returncode == 2
    assert "camunda" in finished.stderr
