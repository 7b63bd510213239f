"""The floor: kgflow's writes done by hand with the sqlite3 module, on a copy of kgflow's own template.

The same compare-and-set UPDATE and the chained history INSERT (read the head,
hash the row with kgflow's own scheme), in ``BEGIN IMMEDIATE`` … ``COMMIT``,
with the same file settings: WAL, the given ``synchronous``, foreign keys on.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from kgflow.domain.audit import ChainRow, expected_hash
from peers.workload import STEPS


def run(template_path: Path, path: Path, instances: int, synchronous: str) -> float:
    """Seconds for plain sqlite3 to take the template's N instances through the seven steps."""
    shutil.copy(template_path, path)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute(f"PRAGMA synchronous = {synchronous}")
    connection.execute("PRAGMA foreign_keys = ON")
    ids = [
        row[0]
        for row in connection.execute(
            "SELECT i.id FROM instance i JOIN organisation o ON o.id = i.org_id "
            "WHERE i.state = 's0' AND o.kind = 'kommun' ORDER BY i.id"
        )
    ]
    assert len(ids) == instances
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
