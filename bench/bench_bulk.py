"""Bulk entry: ``kgflow advance --from FILE`` with 300 rows against one single ``kgflow advance``.

On the sample's structure (psykisk hälsa: 21 LPOs, 290 kommuner, 21 regions and
their units), one item is referred, and a secretary's spreadsheet answers the
remiss for 300 huvudmän and units that have nothing below them. Both are timed
as whole processes on a fresh copy of the same SQLite file each time, in turns,
so the machine's ups and downs hit both alike; the goal is the file in at most
3× the time of one single step. In-process, the SQL statements sent for 30 and
300 rows are counted too (a ``before_cursor_execute`` listener on the engine: an
executemany is one statement, or one per insertmanyvalues batch of 1 000 rows):
the entry is set-based (issue 16), so the count must not grow with the rows.

    python bench/bench_bulk.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from kgflow.domain.identity import SYSTEM
from kgflow.persistence import migrate
from kgflow.persistence.database import Database
from kgflow.sample.structure import build_structure
from kgflow.service.bulk_advance import advance_rows, steps_from_rows
from kgflow.service.items import add_item
from kgflow.service.organisations import NewPerson, store
from kgflow.service.queries import status
from kgflow.service.refer import refer
from kgflow.testing import FixedClock, application

ITEM = "psvf-bench"
ROWS = 300
GOAL_RATIO = 3.0
TODAY = "2027-02-01"
SECRETARY = "bench.sekreterare"


def build(folder: Path) -> tuple[Path, list[str]]:
    """The structure, a secretary at every LPO, the item referred; returns the file and 300 answerable codes."""
    path = folder / "kgflow.db"
    url = f"sqlite:///{path}"
    database = Database.from_url(url)
    migrate.upgrade(database)
    database.dispose()
    app = application(url, FixedClock(date.fromisoformat(TODAY)))
    structure = build_structure()
    lpos = [org.code for org in structure.organisations if org.kind == "lpo" and org.area == "psykisk-halsa"]
    roles = tuple(("sekreterare", lpo) for lpo in lpos)
    secretary = NewPerson(SECRETARY, "Bench Sekreterare", "bench@example.se", roles)
    with app.services.uow(write=True) as uow:
        store(uow, structure.organisations, [*structure.people, secretary], actor=SYSTEM, now=datetime.now(UTC))
        uow.commit()
    npo = structure.holder("npo-psykisk-halsa", "samordnare")
    add_item(app.services, ITEM, "psvf", "PSVF Bench", actor=npo)
    refer(app.services, ITEM, "2027-04-30", actor=npo)
    parents = {org.parent for org in structure.organisations}
    referred = {line.row.org for line in status(app.services, ITEM)}
    answering = ("kommun", "region", "unit")
    leaves = [
        org.code
        for org in structure.organisations
        if org.kind in answering and org.code not in parents and org.code in referred
    ]
    app.close()
    return path, leaves[:ROWS]


def sheet(folder: Path, orgs: list[str]) -> Path:
    path = folder / f"svar-{len(orgs)}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Organisation", "Steg", "Referens"])
        writer.writerows([org, "answer", f"KS 2027/{number}"] for number, org in enumerate(orgs, 1))
    return path


def process_seconds(template: Path, folder: Path, *args: str) -> float:
    copy = folder / "run.db"
    shutil.copy(template, copy)
    command = [sys.executable, "-m", "kgflow", "--db", str(copy), "--today", TODAY, "--as", SECRETARY, *args]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed


def statements(template: Path, folder: Path, orgs: list[str]) -> tuple[int, float]:
    """The SQL statements ``advance_rows`` sends for a file of these rows, and its seconds in-process."""
    copy = folder / "count.db"
    shutil.copy(template, copy)
    app = application(f"sqlite:///{copy}", FixedClock(date.fromisoformat(TODAY)))
    columns = {"organisation": "Organisation", "steg": "Steg", "referens": "Referens"}
    rows = [(line, {"organisation": org, "steg": "answer", "referens": "R"}) for line, org in enumerate(orgs, 2)]
    steps = steps_from_rows(app.services, columns, rows, ITEM)
    sent = 0

    def count(*_: Any) -> None:
        nonlocal sent
        sent += 1

    event.listen(app.database.engine, "before_cursor_execute", count)
    started = time.perf_counter()
    advance_rows(app.services, steps, SECRETARY)
    elapsed = time.perf_counter() - started
    app.close()
    return sent, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="turns of each; the medians count")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template, orgs = build(folder)
        if len(orgs) < ROWS:
            raise SystemExit(f"only {len(orgs)} answerable organisations in the structure")
        rows = sheet(folder, orgs)
        single, bulk = [], []
        for _ in range(args.rounds):
            single.append(process_seconds(template, folder, "advance", ITEM, orgs[0], "answer", "--ref", "KS 1"))
            bulk.append(process_seconds(template, folder, "advance", "--from", str(rows), ITEM))
        measured = {str(n): statements(template, folder, orgs[:n]) for n in (30, ROWS)}
    counted = {rows: sent for rows, (sent, _) in measured.items()}
    one, many = statistics.median(single), statistics.median(bulk)
    print(
        json.dumps(
            {
                "benchmark": f"advance --from FILE with {ROWS} rows vs one advance, whole processes on SQLite",
                "date": date.today().isoformat(),
                "rounds": args.rounds,
                "single_advance_s": round(one, 3),
                "file_of_300_s": round(many, 3),
                "ratio": round(many / one, 2),
                "goal": f"file ≤ {GOAL_RATIO:.0f}× one advance",
                "met": many / one <= GOAL_RATIO,
                "sql_statements_by_rows": counted,
                "statements_grow_with_rows": counted["30"] != counted[str(ROWS)],
                "in_process_s_by_rows": {rows: round(seconds, 3) for rows, (_, seconds) in measured.items()},
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
