"""How fast the common commands start: each one as a whole process, against ``import sqlalchemy``.

Builds the sample (``kgflow init --sample``) in a temporary folder, then runs
the commands a secretary types — ``--help``, ``status``, ``status ITEM --org``,
``todo``, ``org list --kind lpo``, ``history``, and one ``advance`` on a fresh
copy of the sample each time (the copy is not timed) — as new processes
(``python -m kgflow``), N times each. Every run of a command is paired with a
run of the yardstick, ``python -c "import sqlalchemy"``, just before it, so the
machine's load at the moment weighs on both alike. Prints JSON: per command the
median wall time, its ratio to the yardstick's median, the goal from issue 16
(``status``, ``todo``, ``org list``, ``history`` ≤ 1.5×; ``advance`` ≤ 2×;
``--help`` ≤ 0.5×) and whether it is met.

``--source DIR`` runs another checkout's ``kgflow`` (put first on
``PYTHONPATH``) against the same sample: how before/after figures are taken.

Every process runs with compiled bytecode, as an installed kgflow does (pip
writes the ``.pyc`` files when it installs): ``PYTHONDONTWRITEBYTECODE`` is
dropped and ``PYTHONPYCACHEPREFIX`` points into the temporary folder, so a
checkout is compiled once, by an untimed first run of each command, and never
written into. Without this, a shell that sets ``PYTHONDONTWRITEBYTECODE``
would have every run recompile kgflow's own modules from source, a cost no
installed kgflow pays and ``import sqlalchemy`` (already compiled in
site-packages) does not share.

``--before DIR`` also runs another checkout (the one before a change), each
of its runs beside the same command's run of ``--source`` and paired with the
same yardstick run, so both see the same load; each command's figures then
carry a ``before`` entry.

    python bench/bench_cli.py [--repeat 15] [--source DIR] [--before DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

YARDSTICK = [sys.executable, "-c", "import sqlalchemy"]
ITEM = "vip-skadligt-bruk"
LPO = "lpo-dalarna"

COMMANDS: dict[str, tuple[list[str], float]] = {
    "--help": (["--help"], 0.5),
    "status": (["status"], 1.5),
    "status --org": (["status", ITEM, "--org", LPO], 1.5),
    "todo --as": (["--as", "sara.ek", "todo"], 1.5),
    "org list --kind lpo": (["org", "list", "--kind", "lpo"], 1.5),
    "history": (["history", ITEM, LPO], 1.5),
    "advance": (["--as", "bo.lund", "advance", ITEM, "borlange", "answer", "--ref", "DNR-123"], 2.0),
}
"""Each command's arguments (after ``--db``) and its goal, as a multiple of the yardstick."""

WRITES = frozenset({"advance"})
"""Commands that change the database: each run gets a fresh copy of the sample."""


def timed(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one process, started in the temporary folder; it must succeed.

    Not in the folder this script was started from: ``python -m`` puts the
    working folder first on ``sys.path``, so started from a checkout every run
    would take that checkout's kgflow, whatever ``--source`` or ``--before`` say.
    """
    started = time.perf_counter()
    folder = Path(env["PYTHONPYCACHEPREFIX"]).parent
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, cwd=folder)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs of each command (default 15)")
    parser.add_argument("--source", type=Path, help="a kgflow checkout to run instead of the installed one")
    parser.add_argument("--before", type=Path, help="a kgflow checkout to time beside it, run for run")
    args = parser.parse_args()

    env = {key: value for key, value in os.environ.items() if not key.startswith("KGFLOW_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before_env = dict(env)
    if args.source is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.source.resolve()), env.get("PYTHONPATH")]))
    if args.before is not None:
        before_env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(args.before.resolve()), before_env.get("PYTHONPATH")])
        )
    sources = [env, before_env] if args.before is not None else [env]
    kgflow = [sys.executable, "-m", "kgflow"]

    with tempfile.TemporaryDirectory(prefix="kgflow-bench-cli-") as folder:
        for each in sources:
            each["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "bytecode")
        sample = Path(folder) / "sample.db"
        subprocess.run(
            [*kgflow, "--db", str(sample), "init", "--sample"], env=env, check=True, capture_output=True, cwd=folder
        )
        fresh = Path(folder) / "fresh.db"
        yardstick: list[float] = []
        runs: list[dict[str, list[float]]] = [{name: [] for name in COMMANDS} for _ in sources]
        timed(YARDSTICK, env)
        for name, (arguments, _goal) in COMMANDS.items():  # untimed: compiles the bytecode, fills the caches
            for each in sources:
                shutil.copyfile(sample, fresh)
                timed([*kgflow, "--db", str(fresh if name in WRITES else sample), *arguments], each)
        for repetition in range(args.repeat):
            names = list(COMMANDS)
            shift = repetition % len(names)  # each command runs first, second, … in turn
            for name in names[shift:] + names[:shift]:
                arguments = COMMANDS[name][0]
                yardstick.append(timed(YARDSTICK, env))
                order = list(range(len(sources)))
                if repetition % 2:
                    order.reverse()  # the checkouts take turns at running first
                for which in order:
                    db = sample
                    if name in WRITES:
                        shutil.copyfile(sample, fresh)
                        db = fresh
                    runs[which][name].append(timed([*kgflow, "--db", str(db), *arguments], sources[which]))

    base = statistics.median(yardstick)
    results: dict[str, dict[str, object]] = {}
    for name, (arguments, goal) in COMMANDS.items():
        median = statistics.median(runs[0][name])
        ratio = median / base
        results[name] = {
            "argv": ["kgflow", "--db", "SAMPLE", *arguments],
            "median_s": round(median, 4),
            "ratio": round(ratio, 2),
            "goal": f"ratio <= {goal}",
            "met": ratio <= goal,
        }
        if args.before is not None:
            earlier = statistics.median(runs[1][name])
            results[name]["before"] = {
                "median_s": round(earlier, 4),
                "ratio": round(earlier / base, 2),
                "met": earlier / base <= goal,
            }
    print(
        json.dumps(
            {
                "benchmark": "cli start-up",
                "date": datetime.now(UTC).date().isoformat(),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                "source": str(args.source) if args.source else "installed kgflow",
                "before": str(args.before) if args.before else None,
                "repetitions": args.repeat,
                "bytecode": "compiled once, untimed (PYTHONPYCACHEPREFIX in the temporary folder)",
                "yardstick": {"argv": ["python", "-c", "import sqlalchemy"], "median_s": round(base, 4)},
                "commands": results,
                "met": all(result["met"] for result in results.values()),
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
