"""The floor under SQLAlchemy: the raw baseline's writes, statement for statement, through SQLAlchemy Core.

Not a library a user would pick, but the layer kgflow's persistence stands on:
kgflow's own ``Database`` (its pool, its connect and ``BEGIN IMMEDIATE``
hooks, its tables), one connection checked out per transition as a unit of
work does, and the same compare-and-set UPDATE, chain-head SELECT and chained
INSERT as ``raw.py``. Its distance from ``raw_sqlite3`` is what Core costs;
kgflow's distance from it is what kgflow's own code costs.
"""

from __future__ import annotations

import shutil
import time
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import bindparam, insert, select, update

from kgflow.domain.audit import ChainRow, expected_hash
from kgflow.persistence.database import Database
from kgflow.persistence.tables import history, instance, organisation
from peers.workload import STEPS

COMPARE_AND_SET = (
    update(instance)
    .where(
        instance.c.id == bindparam("id_"),
        instance.c.state == bindparam("old_state"),
        instance.c.version == bindparam("old_version"),
    )
    .values(state=bindparam("state"), version=instance.c.version + 1, updated_at=bindparam("at"))
)
HEAD = select(history.c.seq, history.c.hash).order_by(history.c.seq.desc()).limit(1)
APPEND = insert(history)


def run(template_path: Path, path: Path, instances: int, synchronous: str) -> float:
    """Seconds for SQLAlchemy Core to do the raw baseline's writes on the template's N instances."""
    shutil.copy(template_path, path)
    database = Database.from_url(f"sqlite:///{path}")
    with database.writer.connect() as connection:
        ids = list(
            connection.execute(
                select(instance.c.id)
                .join(organisation, organisation.c.id == instance.c.org_id)
                .where(instance.c.state == "s0", organisation.c.kind == "kommun")
                .order_by(instance.c.id)
            ).scalars()
        )
    assert len(ids) == instances
    at = datetime(2027, 2, 1, 9, tzinfo=UTC)
    with database.loading_in_bulk() if synchronous == "NORMAL" else nullcontext():
        started = time.perf_counter()
        for step in range(1, STEPS + 1):
            event, source, target = f"step{step}", f"s{step - 1}", f"s{step}"
            for instance_id in ids:
                with database.writer.connect() as connection, connection.begin():
                    values = {"id_": instance_id, "old_state": source, "old_version": step, "state": target, "at": at}
                    assert connection.execute(COMPARE_AND_SET, values).rowcount == 1
                    seq, previous = connection.execute(HEAD).one()
                    row = ChainRow(
                        seq + 1, instance_id, 1, at, "bench", event, source, target, None, "{}", None, previous, ""
                    )
                    connection.execute(
                        APPEND,
                        {
                            "seq": seq + 1, "prev_hash": previous, "hash": expected_hash(row), "scheme": 2,
                            "instance_id": instance_id, "item_version": 1, "at": at, "actor": "bench",
                            "event": event, "from_state": source, "to_state": target, "fields": "{}",
                        },
                    )  # fmt: skip
        elapsed = time.perf_counter() - started
    database.dispose()
    return elapsed
