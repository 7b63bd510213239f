"""Persisted transitions per second: kgflow's advance against plain sqlite3 and the libraries a user would pick instead.

One run, one workload: N instances each go through 7 transitions on a SQLite
file; every transition is its own transaction with one state change and one
history row, committed, on a file in WAL mode with foreign keys on. Each peer
(one module under ``bench/peers/``) runs at ``synchronous=FULL`` and at
``synchronous=NORMAL``, in interleaved rounds (the order of the peers turns
each round); the median round counts:

- ``kgflow``: the service's ``advance`` (authority, rules, chained history);
- ``raw_sqlite3``: the same UPDATE and chained INSERT by hand (the floor);
- ``sqlalchemy_core``: those statements through SQLAlchemy Core on kgflow's own engine (the floor under kgflow);
- ``transitions_orm``: ``transitions.Machine(model=obj)`` on an SQLAlchemy 2 ORM object;
- ``statemachine_orm``: a python-statemachine ``StateMachine`` bound to the ORM object;
- ``spiffworkflow``: a 7-task BPMN process, serialized to JSON per step.

Prints JSON: per setting, each peer's transitions per second and kgflow's
ratios against the goals (within 3× of raw; at least 2× transitions + ORM and
5× SpiffWorkflow). The last three need the bench extra:
``pip install -e '.[bench]'``.

    python bench/bench_transitions.py [--instances N] [--rounds R] [--peers kgflow,raw_sqlite3,...]
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from peers import kgflow_peer
from peers.workload import SETTINGS, STEPS

Run = Callable[[Path, int, str], float]

# name -> (module under peers/, whether it runs on kgflow's template)
PEERS = {
    "kgflow": ("kgflow_peer", True),
    "raw_sqlite3": ("raw", True),
    "sqlalchemy_core": ("core", True),
    "transitions_orm": ("transitions_orm", False),
    "statemachine_orm": ("statemachine_orm", False),
    "spiffworkflow": ("spiff", False),
}
# (what kgflow is compared with, how kgflow's throughput must compare, the goal as text)
GOALS = (
    ("raw_sqlite3", lambda ratio: ratio <= 3, "kgflow's time at most 3x raw sqlite3's"),
    ("transitions_orm", lambda ratio: ratio <= 1 / 2, "kgflow at least 2x the throughput of transitions + ORM"),
    ("spiffworkflow", lambda ratio: ratio <= 1 / 5, "kgflow at least 5x the throughput of SpiffWorkflow"),
)


def runners(names: list[str], template: Path) -> dict[str, Run]:
    """Each chosen peer's ``run(path, instances, synchronous)``; kgflow's template bound where it is used."""
    chosen: dict[str, Run] = {}
    for name in names:
        module_name, on_template = PEERS[name]
        module = importlib.import_module(f"peers.{module_name}")
        chosen[name] = partial(module.run, template) if on_template else module.run
    return chosen


def measure(names: list[str], instances: int, rounds: int) -> dict[str, dict[str, list[float]]]:
    """Seconds per round, per setting and peer; rounds interleaved, the peers' order turning each round."""
    seconds: dict[str, dict[str, list[float]]] = {setting: {name: [] for name in names} for setting in SETTINGS}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = kgflow_peer.template(folder / "template.db", instances)
        run = runners(names, template)
        for n in range(rounds):
            order = names[n % len(names) :] + names[: n % len(names)]
            for setting in SETTINGS:
                for name in order:
                    path = folder / f"{name}-{setting}-{n}.db"
                    seconds[setting][name].append(run[name](path, instances, setting))
                    for leftover in folder.glob(f"{path.name}*"):
                        leftover.unlink()
    return seconds


def report(seconds: dict[str, dict[str, list[float]]], instances: int, rounds: int) -> dict[str, object]:
    """The JSON: per setting, each peer's transitions per second (median round) and kgflow's ratios."""
    transitions = instances * STEPS
    settings: dict[str, object] = {}
    for setting, by_peer in seconds.items():
        median = {name: statistics.median(times) for name, times in by_peer.items()}
        cell: dict[str, object] = {
            "per_second": {name: round(transitions / taken, 1) for name, taken in median.items()},
        }
        if "kgflow" in median:
            ratios = {}
            for other, holds, goal in GOALS:
                if other in median:
                    ratio = median["kgflow"] / median[other]
                    ratios[f"kgflow_vs_{other}"] = {
                        "time_ratio": round(ratio, 2),
                        "throughput_ratio": round(1 / ratio, 2),
                        "goal": goal,
                        "met": holds(ratio),
                    }
            cell["ratios"] = ratios
        settings[f"synchronous={setting}"] = cell
    return {
        "benchmark": "persisted transitions per second (SQLite file, WAL, one commit and one history row each)",
        "instances": instances,
        "transitions_per_round": transitions,
        "rounds": rounds,
        "settings": settings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--instances", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median counts")
    parser.add_argument("--peers", default=",".join(PEERS), help=f"comma-separated, of: {', '.join(PEERS)}")
    args = parser.parse_args()
    names = [name.strip() for name in args.peers.split(",") if name.strip()]
    unknown = sorted(set(names) - set(PEERS))
    if unknown:
        parser.error(f"unknown peers: {', '.join(unknown)}")
    seconds = measure(names, args.instances, args.rounds)
    print(json.dumps(report(seconds, args.instances, args.rounds), indent=2))


if __name__ == "__main__":
    main()
