"""Many writers on PostgreSQL: 1, 4 and 8 processes advancing distinct instances at once.

Each writer is a process of its own with its own connection, taking kgflow's
``advance`` on instances no other writer touches (N instances × 7 steps of the
bench workflow, one transaction and one history row per step, split evenly).
The same total work is done at every width, each in a fresh schema; throughput
is the steps over the wall time from the common start to the last writer's
end. After each run ``audit verify`` must find the chain whole and gapless.
The goal (issue 16): 8 writers at least 3× the throughput of one.

Each run also counts the CPU the work cost — the writers' own processes and
every PostgreSQL server process (read from ``/proc``, so the server must run
on this machine to be counted) — per step. ``cpu_ceiling`` is the throughput
this machine's cores could give if they did nothing but that work, and
``ceiling_speedup`` its ratio to one writer's throughput: no number of writers
can go past it here, however little they wait for each other.

    KGFLOW_BENCH_DATABASE_URL=postgresql://… python bench/bench_writers.py [--instances 160]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from kgflow.domain.identity import SYSTEM
from kgflow.persistence import migrate
from kgflow.persistence.database import Database, parse_url
from kgflow.service.advance import AdvanceRequest, advance
from kgflow.service.audit import verify
from kgflow.service.items import add_item
from kgflow.service.organisations import NewPerson, store
from kgflow.service.ports import NewOrganisation
from kgflow.service.refer import refer
from kgflow.testing import FixedClock, application

STEPS = 7
WIDTHS = (1, 4, 8)
GOAL = 3.0
WORKFLOWS = Path(__file__).parent / "workflows"
TODAY = date(2027, 2, 1)


@contextmanager
def schema(server: str) -> Iterator[str]:
    name = f"kgflow_writers_{uuid.uuid4().hex[:8]}"
    admin = create_engine(parse_url(server))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    url = parse_url(server).update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def prepare(url: str, instances: int) -> list[tuple[str, str]]:
    """One LPO, N kommuner with a contact person each, the bench item referred; returns (kommun, person)."""
    database = Database.from_url(url)
    migrate.upgrade(database)
    database.dispose()
    app = application(url, FixedClock(TODAY), WORKFLOWS)
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


def server_cpu() -> dict[int, float]:
    """CPU seconds each PostgreSQL server process on this machine has used so far, by process id."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            continue  # a process that ended while being read
    return used


def writer(url: str, pairs: list[tuple[str, str]], start: Any, done: Any, finish: Any) -> None:
    """One writer: wait for the common start, take every step of its own instances, report, wait to close."""
    app = application(url, FixedClock(TODAY), WORKFLOWS)
    start.wait()
    began = time.process_time()
    for step in range(1, STEPS + 1):
        for org, person in pairs:
            advance(app.services, AdvanceRequest("bench", org, f"step{step}", person))
    done.put((time.perf_counter(), time.process_time() - began))
    finish.wait()  # the server's processes are counted before this writer's connections close
    app.close()


def run(server: str, instances: int, width: int) -> dict[str, Any]:
    with schema(server) as url:
        pairs = prepare(url, instances)
        context = multiprocessing.get_context("spawn")
        start, finish, done = context.Barrier(width + 1), context.Barrier(width + 1), context.Queue()
        shares = [pairs[n::width] for n in range(width)]
        processes = [context.Process(target=writer, args=(url, share, start, done, finish)) for share in shares]
        for process in processes:
            process.start()
        start.wait()
        server_before = server_cpu()
        began = time.perf_counter()
        reports = [done.get(timeout=600) for _ in processes]
        server_after = server_cpu()
        finish.wait()
        ended = max(at for at, _ in reports)
        for process in processes:
            process.join(timeout=60)
        failed = [process.exitcode for process in processes if process.exitcode != 0]
        app = application(url, FixedClock(TODAY), WORKFLOWS)
        checked = verify(app.services)
        app.close()
    steps = instances * STEPS
    client = sum(cpu for _, cpu in reports)
    server = sum(used - server_before.get(pid, 0.0) for pid, used in server_after.items())
    return {
        "writers": width,
        "steps": steps,
        "seconds": round(ended - began, 3),
        "steps_per_second": round(steps / (ended - began), 1),
        "cpu_ms_per_step": {"writers": round(client / steps * 1000, 2), "server": round(server / steps * 1000, 2)},
        "cpu_ceiling": round((os.cpu_count() or 1) * steps / (client + server), 1),
        "chain_verified": checked.ok and not failed,
        "history_rows": checked.rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=160, help="instances in all; each takes 7 steps")
    args = parser.parse_args()
    server = os.environ.get("KGFLOW_BENCH_DATABASE_URL") or os.environ.get("KGFLOW_TEST_DATABASE_URL")
    if not server:
        sys.exit("set KGFLOW_BENCH_DATABASE_URL to a PostgreSQL server")
    runs = [run(server, args.instances, width) for width in WIDTHS]
    one = runs[0]["steps_per_second"]
    for entry in runs:
        entry["speedup"] = round(entry["steps_per_second"] / one, 2)
        entry["ceiling_speedup"] = round(entry["cpu_ceiling"] / one, 2)
    print(
        json.dumps(
            {
                "benchmark": "parallel writers on PostgreSQL, distinct instances, one commit per step",
                "date": date.today().isoformat(),
                "cpus": os.cpu_count(),
                "runs": runs,
                "goal": f"{WIDTHS[-1]} writers ≥ {GOAL:.0f}× the throughput of one",
                "met": runs[-1]["speedup"] >= GOAL,
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
