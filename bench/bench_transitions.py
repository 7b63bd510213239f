"""Persisted transitions per second: kgflow's advance against plain sqlite3, in one run.

N instances each go through 7 transitions on a SQLite file; every transition is
its own transaction with one state change and one history row, committed. The
baseline does the same UPDATE (compare-and-set) and INSERT with the sqlite3
module on the same schema and the same settings (WAL, synchronous=FULL,
foreign keys on, BEGIN IMMEDIATE), including the history's hash chain (read the head, hash the
row). Prints JSON; the goal is a ratio within 3.

    python bench/bench_transitions.py [--instances N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from kgflow.domain.audit import ChainRow, expected_hash
from kgflow.domain.identity import SYSTEM
from kgflow.persistence import migrate
from kgflow.persistence.database import Database
from kgflow.service.advance import AdvanceRequest, advance
from kgflow.service.items import add_item
from kgflow.service.organisations import NewPerson, store
from kgflow.service.ports import NewOrganisation
from kgflow.service.refer import refer
from kgflow.testing import FixedClock, application

STEPS = 7
WORKFLOWS = Path(__file__).parent / "workflows"


def prepare(path: Path, instances: int) -> list[tuple[str, str]]:
    """A migrated database with one LPO, N kommuner and their contact people, item referred."""
    database = Database.from_url(f"sqlite:///{path}")
    migrate.upgrade(database)
    database.dispose()
    app = application(f"sqlite:///{path}", FixedClock(date(2027, 2, 1)), WORKFLOWS)
    orgs = [NewOrganisation("lpo-bench", "LPO Bench", "lpo")]
    people = [NewPerson("sekreterare", "Sekreterare", "sek@bench.example", (("sekreterare", "lpo-bench"),))]
    pairs = []
    for n in range(instances):
        orgs.append(NewOrganisation(f"kommun-{n}", f"Kommun {n}", "kommun", "lpo-bench"))
        people.append(
            NewPerson(f"kontakt-{n}", f"Kontakt {n}", f"k{n}@bench.example", (("kontaktperson", f"kommun-{n}"),))
        )
        pairs.append((f"kommun-{n}", f"kontakt-{n}"))
    with app.services.uow(write=True) as uow:
        store(uow, orgs, people, actor=SYSTEM, now=datetime.now(UTC))
        uow.commit()
    add_item(app.services, "bench", "riktlinje", "Bench", actor="sekreterare", workflow="bench-linear")
    refer(app.services, "bench", "2027-06-01", actor="sekreterare")
    app.close()
    return pairs


def run_kgflow(path: Path, pairs: list[tuple[str, str]]) -> float:
    """Advance every instance through the seven steps with kgflow's service; seconds taken."""
    app = application(f"sqlite:///{path}", FixedClock(date(2027, 2, 1)), WORKFLOWS)
    started = time.perf_counter()
    for step in range(1, STEPS + 1):
        for org, person in pairs:
            advance(app.services, AdvanceRequest("bench", org, f"step{step}", person))
    elapsed = time.perf_counter() - started
    app.close()
    return elapsed


def run_baseline(path: Path, pairs: list[tuple[str, str]]) -> float:
    """The same writes with plain sqlite3: compare-and-set UPDATE plus the chained history INSERT."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    ids = [
        row[0]
        for row in connection.execute(
            "SELECT i.id FROM instance i JOIN organisation o ON o.id = i.org_id "
            "WHERE i.state = 's0' AND o.kind = 'kommun' ORDER BY i.id"
        )
    ]
    assert len(ids) == len(pairs)
    at = datetime(2027, 2, 1, 9, tzinfo=UTC)
    started = time.perf_counter()
    for step in range(1, STEPS + 1):
        for instance_id in ids:
            connection.execute("BEGIN IMMEDIATE")
            cursor = connection.execute(
                "UPDATE instance SET state = ?, version = version + 1, updated_at = ? "
                "WHERE id = ? AND state = ? AND version = ?",
                (f"s{step}", at.isoformat(sep=" "), instance_id, f"s{step - 1}", step),
            )
            assert cursor.rowcount == 1
            seq, previous = connection.execute("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1").fetchone()
            event, source, target = f"step{step}", f"s{step - 1}", f"s{step}"
            row = ChainRow(seq + 1, instance_id, 1, at, "bench", event, source, target, None, "{}", None, previous, "")
            digest = expected_hash(row)
            connection.execute(
                "INSERT INTO history (seq, prev_hash, hash, scheme, instance_id, item_version, at, actor, event, "
                "from_state, to_state, level, fields, note) VALUES (?, ?, ?, 2, ?, 1, ?, 'bench', ?, ?, ?, NULL, '{}', "
                "NULL)",
                (seq + 1, previous, digest, instance_id, at.isoformat(sep=" "), event, source, target),
            )
            connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median counts")
    args = parser.parse_args()
    ours_times, baseline_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.db"
        pairs = prepare(template, args.instances)
        for n in range(args.rounds):
            ours, theirs = Path(tmp) / f"kgflow-{n}.db", Path(tmp) / f"baseline-{n}.db"
            shutil.copy(template, ours)
            shutil.copy(template, theirs)
            baseline_times.append(run_baseline(theirs, pairs))
            ours_times.append(run_kgflow(ours, pairs))
    transitions = args.instances * STEPS
    kgflow, baseline = statistics.median(ours_times), statistics.median(baseline_times)
    result = {
        "benchmark": "persisted transitions per second (SQLite file, one commit per transition)",
        "instances": args.instances,
        "transitions_per_round": transitions,
        "rounds": args.rounds,
        "kgflow_per_second": round(transitions / kgflow, 1),
        "baseline_per_second": round(transitions / baseline, 1),
        "ratio": round(kgflow / baseline, 2),
        "goal": "ratio <= 3",
        "met": kgflow / baseline <= 3,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
