"""Where an advance's time goes: kgflow's ``advance`` timed phase by phase, on bench_transitions.py's workload.

Wraps the unit of work's entry, commit and exit, the one read, the
compare-and-set, the history append and the service's ``perform`` with a
timer, runs N instances through the seven steps once to warm up and once
measured, and prints JSON: microseconds per advance for each phase (nested
phases are included in their parent's), the wall time per advance, and the
SQL statements per advance.

    python bench/advance_phases.py [--instances N] [--synchronous FULL|NORMAL]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peers import kgflow_peer
from peers.workload import STEPS
from sqlalchemy import event
from sqlalchemy.engine import Engine

from kgflow.persistence import uow
from kgflow.persistence.repositories import history, instances
from kgflow.service import advance

PHASES = (
    (uow.SqlUnitOfWork, "__enter__", "unit of work opened (pool checkout, BEGIN IMMEDIATE)"),
    (instances.SqlInstances, "subject_and_actor", "the one read (SELECT, rows into domain objects)"),
    (instances, "subject_of", "  of which rows into domain objects"),
    (advance, "perform", "perform (authority, facts, rules, UPDATE, INSERT)"),
    (instances.SqlInstances, "compare_and_set", "  of which the compare-and-set UPDATE"),
    (history.SqlHistory, "append", "  of which the history INSERT"),
    (history.SqlHistory, "_chained", "    of which the chain row, its hash and the fields' JSON"),
    (uow.SqlUnitOfWork, "commit", "commit"),
    (uow.SqlUnitOfWork, "__exit__", "unit of work closed (connection back to the pool)"),
)


def timed(spent: Counter[str], label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, adding the seconds each call takes to ``spent[label]``."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--instances", type=int, default=200)
    parser.add_argument("--synchronous", choices=("FULL", "NORMAL"), default="NORMAL")
    args = parser.parse_args()
    spent: Counter[str] = Counter()
    for owner, name, label in PHASES:
        setattr(owner, name, timed(spent, label, getattr(owner, name)))
    statements = [0]

    @event.listens_for(Engine, "before_cursor_execute")
    def _count(*_args: Any) -> None:
        statements[0] += 1

    with tempfile.TemporaryDirectory() as tmp:
        template = kgflow_peer.template(Path(tmp) / "template.db", args.instances)
        kgflow_peer.run(template, Path(tmp) / "warm.db", args.instances, args.synchronous)
        spent.clear()
        statements[0] = 0
        wall = kgflow_peer.run(template, Path(tmp) / "measured.db", args.instances, args.synchronous)
    advances = args.instances * STEPS
    result = {
        "synchronous": args.synchronous,
        "advances": advances,
        "wall_us_per_advance": round(wall / advances * 1e6, 1),
        "statements_per_advance": round(statements[0] / advances, 2),
        "phases_us_per_advance": {label: round(spent[label] / advances * 1e6, 1) for _, _, label in PHASES},
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
