"""The sweep's cost follows the rungs due, not the instances: 100 000 against 1 000 000.

Two SQLite databases hold the same structure (an RPO, an LPO, 1 000 kommuner
with their contact people) and the same 1 000 steps whose notice falls due
today; one has 100 000 instances in all, the other 1 000 000 (the rest are due
months ahead). Each sweep runs in a fresh process, which reports its time and
peak memory. Prints JSON; the goal: the larger costs less than 1.5× the
smaller, and peaks under 200 MB.

With ``--late N`` the 1 000 steps were due N calendar days ago and no sweep
has run since: the catch-up path (the kommun told once, the highest rung sent,
the rungs in between recorded as skipped).

    python bench/bench_sweep.py [--small 100000] [--large 1000000] [--late 21]
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kgflow.domain.identity import SYSTEM
from kgflow.persistence import migrate
from kgflow.persistence.database import Database
from kgflow.service.items import add_item
from kgflow.service.organisations import NewPerson, store
from kgflow.service.ports import NewOrganisation
from kgflow.service.sweep import sweep
from kgflow.testing import FixedClock, application

TODAY = date(2027, 2, 22)
KOMMUNER = 1000
DUE_TODAY = 1000
WORKFLOW = "nationellt-kunskapsstod"


def build(path: Path, instances: int, late: int = 0) -> None:
    """The structure through kgflow's services; the bulk of the instances with plain SQL (setup only)."""
    database = Database.from_url(f"sqlite:///{path}")
    migrate.upgrade(database)
    database.dispose()
    app = application(f"sqlite:///{path}", FixedClock(TODAY))
    orgs = [
        NewOrganisation("npo", "NPO", "npo"),
        NewOrganisation("rpo", "RPO", "rpo", "npo"),
        NewOrganisation("lpo", "LPO", "lpo", "rpo"),
    ]
    people = [
        NewPerson("samordnare", "Samordnare", "samordnare@npo.example", (("samordnare", "npo"), ("samordnare", "rpo"))),
        NewPerson("sekreterare", "Sekreterare", "sekreterare@lpo.example", (("sekreterare", "lpo"),)),
    ]
    for n in range(KOMMUNER):
        orgs.append(NewOrganisation(f"k{n}", f"Kommun {n}", "kommun", "lpo"))
        people.append(NewPerson(f"p{n}", f"Kontakt {n}", f"p{n}@k{n}.example", (("kontaktperson", f"k{n}"),)))
    with app.services.uow(write=True) as uow:
        store(uow, orgs, people, actor=SYSTEM, now=datetime.now(UTC))
        uow.commit()
    add_item(app.services, "item-0", "psvf", "Item 0", actor="samordnare")
    app.close()
    items = instances // KOMMUNER
    connection = sqlite3.connect(path)
    now = datetime.now(UTC).isoformat(sep=" ")
    connection.executemany(
        "INSERT INTO item (code, kind, title, workflow, default_target_level, owner_org_id, created_at) "
        "VALUES (?, 'psvf', ?, ?, 2, 1, ?)",
        [(f"item-{i}", f"Item {i}", WORKFLOW, now) for i in range(1, items)],
    )
    connection.execute(
        "INSERT INTO item_version (item_id, number, status, workflow, workflow_version, created_at) "
        "SELECT id, 1, 'remiss', workflow, 1, ? FROM item WHERE code != 'item-0'",
        (now,),
    )
    kommuner = [row[0] for row in connection.execute("SELECT id FROM organisation WHERE kind = 'kommun' ORDER BY id")]
    later = (TODAY + timedelta(days=120)).isoformat()
    for item_id, version_id in connection.execute("SELECT item_id, id FROM item_version ORDER BY item_id").fetchall():
        due_today = item_id <= DUE_TODAY // KOMMUNER
        rows = [
            (
                item_id,
                version_id,
                org,
                WORKFLOW,
                1,
                "remiss",
                (TODAY - timedelta(days=late)).isoformat() if due_today else later,
                now,
            )
            for org in kommuner
        ]
        connection.executemany(
            "INSERT INTO instance (item_id, item_version_id, org_id, workflow, workflow_version, state, due, late, "
            "version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1, ?)",
            rows,
        )
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()


def child(path: str) -> None:
    """Run one sweep and report seconds, notices queued and peak memory (this process only)."""
    app = application(f"sqlite:///{path}", FixedClock(TODAY))
    started = time.perf_counter()
    report = sweep(app.services)
    elapsed = time.perf_counter() - started
    app.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    skipped = sum(report.skipped.values())
    print(json.dumps({"seconds": elapsed, "queued": report.total, "skipped": skipped, "peak_mb": round(peak_mb, 1)}))


def measure(instances: int, late: int = 0) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kgflow.db"
        build(path, instances, late)
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True
        )
        result: dict[str, float] = json.loads(out.stdout)
        result["instances"] = instances
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--late", type=int, default=0, help="the due steps were due this many days ago")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    small, large = measure(args.small, args.late), measure(args.large, args.late)
    ratio = large["seconds"] / small["seconds"]
    print(json.dumps({
        "benchmark": "sweep cost against the number of instances (SQLite, same rungs due)",
        "late_days": args.late,
        "small": small,
        "large": large,
        "ratio": round(ratio, 2),
        "goal": "ratio < 1.5 and large peak under 200 MB",
        "met": ratio < 1.5 and large["peak_mb"] < 200,
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
