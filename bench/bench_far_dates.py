"""``overdue`` and ``sweep`` cost the same a month ahead as at the end of the range kgflow accepts.

Loads the sample once into a SQLite file (as ``kgflow init --sample`` does),
then, in the same process and on the same data, times ``overdue`` and a dry-run
``sweep`` as of a near date and as of 2100-12-31, the last date ``--today``
accepts (before the arithmetic calendar, ``overdue`` there ran for minutes and
``sweep`` beyond it died on a date past year 9999). Each is run a few times
after one warm-up; the best time counts. Prints JSON with both times and their
ratio per command — for ``overdue`` per late step, since more steps are late in
2100 than next month; the goal: every ratio below 1.5.

    python bench/bench_far_dates.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from kgflow.domain.calendar import LATEST
from kgflow.persistence import migrate
from kgflow.persistence.database import Database
from kgflow.sample import load_sample
from kgflow.service.context import Services
from kgflow.service.overdue import overdue
from kgflow.service.sweep import sweep
from kgflow.testing import FixedClock, application

LOADED = date(2026, 11, 27)
NEAR = date(2026, 12, 28)


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs after one warm-up, in seconds."""
    work()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(services: Services, clock: FixedClock, day: date, repeat: int) -> dict[str, str | int | float]:
    """Both commands as of ``day``: their best times and how much they found."""
    clock.set(day)
    overdue_s = best_of(repeat, lambda: overdue(services))
    late = len(overdue(services))
    return {
        "today": day.isoformat(),
        "overdue_s": round(overdue_s, 4),
        "late_steps": late,
        "overdue_us_per_late_step": round(overdue_s / max(late, 1) * 1e6, 1),
        "sweep_dry_run_s": round(best_of(repeat, lambda: sweep(services, dry_run=True)), 4),
        "would_queue": sweep(services, dry_run=True).total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'kgflow.db'}"
        database = Database.from_url(url)
        migrate.upgrade(database)
        database.dispose()
        clock = FixedClock(LOADED)
        app = application(url, clock)
        try:
            load_sample(app.services)
            near = measure(app.services, clock, NEAR, args.repeat)
            far = measure(app.services, clock, LATEST, args.repeat)
        finally:
            app.close()
    ratios = {
        key: round(float(far[key]) / float(near[key]), 2) for key in ("overdue_us_per_late_step", "sweep_dry_run_s")
    }
    print(json.dumps({"near": near, "far": far, "far_over_near": ratios, "goal": "each ratio below 1.5"}, indent=2))


if __name__ == "__main__":
    main()
