"""Referring one item to the whole Swedish structure, closing the remiss and adopting it.

On the sample's structure (NPO, 6 RPOs, 21 LPOs with their LAGs, 21 regions, 290
kommuner, units: some 390 instances), this times three commands on SQLite and —
when ``KGFLOW_BENCH_DATABASE_URL`` or ``KGFLOW_TEST_DATABASE_URL`` names a
PostgreSQL server — on PostgreSQL:

- ``refer``: every instance and its history row created (R1, R2);
- the NPO's compiled answer with ``--force``: every instance moved to awaiting adoption;
- ``adopt``: every instance moved on (R5).

Each is one transaction. The SQL statements sent are counted too: set-based work
sends a handful whatever the number of instances. Prints JSON; the goal is well
under a second each.

    python bench/bench_chain.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text

from kgflow.bootstrap import Application
from kgflow.domain.identity import SYSTEM
from kgflow.persistence import migrate
from kgflow.persistence.database import Database, parse_url
from kgflow.sample.structure import build_structure
from kgflow.service.advance import AdvanceRequest, advance
from kgflow.service.items import add_item
from kgflow.service.organisations import store
from kgflow.service.queries import status
from kgflow.service.refer import refer
from kgflow.testing import FixedClock, application

GOAL_SECONDS = 1.0


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite:///{Path(tmp) / 'kgflow.db'}"


@contextmanager
def postgres_url(server: str) -> Iterator[str]:
    schema = f"kgflow_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(parse_url(server))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = parse_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def timed(app: Application, action: Callable[[], Any]) -> tuple[float, int]:
    """Seconds taken and SQL statements sent by ``action``."""
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(app.database.engine, "before_cursor_execute", count)
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    event.remove(app.database.engine, "before_cursor_execute", count)
    return elapsed, statements


def one_round(url: str) -> dict[str, Any]:
    database = Database.from_url(url)
    migrate.upgrade(database)
    database.dispose()
    app = application(url, FixedClock(date(2027, 2, 1)))
    structure = build_structure()
    with app.services.uow(write=True) as uow:
        store(uow, structure.organisations, structure.people, actor=SYSTEM, now=datetime.now(UTC))
        uow.commit()
    npo = structure.holder("npo-psykisk-halsa", "samordnare")
    add_item(app.services, "psvf-bench", "psvf", "PSVF Bench", actor=npo)
    services = app.services
    refer_s, refer_n = timed(app, lambda: refer(services, "psvf-bench", "2027-04-30", actor=npo))
    close = AdvanceRequest("psvf-bench", "npo-psykisk-halsa", "answer", npo, "Sammanställt", "Bench", (), True)
    close_s, close_n = timed(app, lambda: advance(services, close))
    adopt = AdvanceRequest("psvf-bench", "npo-psykisk-halsa", "adopt", npo, "SKS", None, ("date=2027-05-12",))
    adopt_s, adopt_n = timed(app, lambda: advance(services, adopt))
    instances = len(status(services, "psvf-bench"))
    app.close()
    return {
        "instances": instances,
        "refer": (refer_s, refer_n),
        "close_remiss": (close_s, close_n),
        "adopt": (adopt_s, adopt_n),
    }


def measure(url_factory: Callable[[], Any], rounds: int) -> dict[str, Any]:
    results = []
    for _ in range(rounds):
        with url_factory() as url:
            results.append(one_round(url))
    summary: dict[str, Any] = {"instances": results[0]["instances"]}
    for step in ("refer", "close_remiss", "adopt"):
        seconds = statistics.median(result[step][0] for result in results)
        summary[step] = {
            "ms": round(seconds * 1000, 1),
            "sql_statements": results[0][step][1],
            "met": seconds < GOAL_SECONDS,
        }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per database; the median counts")
    args = parser.parse_args()
    result: dict[str, Any] = {
        "benchmark": "refer, close and adopt one item across the whole Swedish structure",
        "goal": f"each under {GOAL_SECONDS:.0f} s, set-based (statements do not grow with instances)",
        "sqlite": measure(sqlite_url, args.rounds),
    }
    server = os.environ.get("KGFLOW_BENCH_DATABASE_URL") or os.environ.get("KGFLOW_TEST_DATABASE_URL")
    if server:
        result["postgresql"] = measure(lambda: postgres_url(server), args.rounds)
    else:
        result["postgresql"] = "skipped: set KGFLOW_BENCH_DATABASE_URL to a PostgreSQL server"
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
