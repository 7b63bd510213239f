"""A command killed at any point leaves its state change, history and outbox all present or all absent."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from kgflow.domain.errors import DatabaseRefused
from kgflow.sample import load_sample
from kgflow.service.audit import verify
from kgflow.service.queries import history, status
from kgflow.service.sweep import sweep
from kgflow.testing import FixedClock, World, application
from tests.processes import environment, kgflow

ITEM = "psvf-adhd"


@pytest.fixture
def referred(world: World) -> World:
    world.item(ITEM, "PSVF ADHD")
    world.refer(ITEM, date(2027, 3, 31))
    return world


def snapshot(world: World, item: str = ITEM) -> tuple[dict[str, str], int]:
    """Every instance's state, and the length of the history."""
    states = {line.row.org: line.row.state for line in status(world.services, item)}
    with world.services.uow() as uow:
        return states, uow.history.count()


def assert_consistent(world: World, database_url: str) -> None:
    """The chain verifies, each instance's last history row agrees with its state, SQLite is intact."""
    assert verify(world.services).ok
    for line in status(world.services):
        _, lines = history(world.services, line.row.item, line.row.org)
        assert lines[-1].record.to_state == line.row.state, line.row.org
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize("point", ["advance-after-update", "advance-after-history", "advance-before-commit"])
def test_an_advance_killed_midway_changes_nothing(referred: World, database_url: str, point: str) -> None:
    before = snapshot(referred)
    args = ("--as", "bo.lund", "advance", ITEM, "borlange", "answer", "--ref", "KS 1")
    crashed = kgflow(database_url, *args, today="2027-02-01", env={"KGFLOW_FAULT": point})
    assert crashed.returncode == 77
    assert snapshot(referred) == before
    assert_consistent(referred, database_url)
    assert kgflow(database_url, *args, today="2027-02-01").returncode == 0
    assert snapshot(referred)[0]["borlange"] == "answered"


@pytest.mark.parametrize("point", ["fan-out-midway", "advance-before-commit"])
def test_a_fan_out_killed_midway_creates_nothing(world: World, database_url: str, point: str) -> None:
    world.item(ITEM, "PSVF ADHD")
    before = snapshot(world)
    crashed = kgflow(database_url, "--as", "nora.lind", "refer", ITEM, "--due", "2027-03-31", today="2027-02-01",
                     env={"KGFLOW_FAULT": point})  # fmt: skip
    assert crashed.returncode == 77
    assert snapshot(world) == before
    assert_consistent(world, database_url)


def test_an_adoption_killed_midway_moves_no_one(referred: World, database_url: str) -> None:
    referred.answer_below(ITEM, "npo-psykisk-halsa", including=True)
    before = snapshot(referred)
    args = (
        "--as",
        "nora.lind",
        "advance",
        ITEM,
        "npo-psykisk-halsa",
        "adopt",
        "--ref",
        "SKS",
        "--set",
        "date=2027-04-01",
    )
    for point in ("advance-after-history", "advance-before-commit"):
        assert kgflow(database_url, *args, today="2027-04-01", env={"KGFLOW_FAULT": point}).returncode == 77
        assert snapshot(referred) == before
    assert kgflow(database_url, *args, today="2027-04-01").returncode == 0
    assert_consistent(referred, database_url)


def test_a_sweep_killed_midway_queues_nothing(referred: World, database_url: str) -> None:
    referred.clock.set(date(2027, 3, 8))
    expected = sweep(referred.services, dry_run=True).total
    assert kgflow(database_url, "sweep", today="2027-03-08", env={"KGFLOW_FAULT": "sweep-midway"}).returncode == 77
    assert sweep(referred.services, dry_run=True).total == expected
    assert sweep(referred.services).total == expected


@pytest.fixture
def sample(database_url: str) -> World:
    """The whole Swedish sample (SQLite only: these tests are about SQLite's file)."""
    if not database_url.startswith("sqlite"):
        pytest.skip("about SQLite's file; PostgreSQL's atomicity is covered by the fault points above")
    clock = FixedClock(date(2026, 11, 27))
    app = application(database_url, clock)
    with app.database.loading_in_bulk():
        load_sample(app.services)
    yield World(app, clock)
    app.close()


def test_random_kills_never_leave_half_a_step(sample: World, database_url: str) -> None:
    item = "vip-skadligt-bruk"  # its version 2 is on remiss in the sample
    waiting = lambda: sum(1 for line in status(sample.services, item) if line.row.state == "remiss")  # noqa: E731
    before = waiting()
    chooser = random.Random(20261127)
    for _ in range(8):
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.workers", "answer-all", database_url, item],
            env=environment(database_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert worker.stdout is not None
        try:
            # Wait for the first answer to be in, however long start-up takes under load; a worker that
            # ends without one had nothing left it may answer.
            answered = bool(worker.stdout.readline())
            if answered:
                time.sleep(chooser.uniform(0.0, 0.8))  # a kill at a random moment after that is the point
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            worker.stdout.close()
        assert_consistent(sample, database_url)
        if not answered:
            break
    assert waiting() < before


def test_a_full_disk_midway_through_a_fan_out_is_one_sentence_and_no_rows(sample: World, database_url: str) -> None:
    sample.coordinator = sample.answerer("psvf-sjalvskada", "npo-psykisk-halsa")
    sample.item(ITEM, "PSVF ADHD")
    before = snapshot(sample)
    path = Path(database_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    engine = sample.app.database.engine
    engine.dispose()
    event.listen(engine, "connect", lambda dbapi, _: dbapi.execute(f"PRAGMA max_page_count = {pages + 2}"))
    with pytest.raises(
        DatabaseRefused,
        match=r"^Databasen är full \(disken är full eller storleksgränsen nådd\); ingenting ändrades\.$",
    ):
        sample.refer(ITEM, date(2027, 3, 31))
    engine.dispose()
    assert snapshot(sample) == before
