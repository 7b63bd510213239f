"""Many writers at once: exactly one wins each race, nothing is lost or doubled, SQLite never says "locked"."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from kgflow.domain.errors import Conflict, TransitionRefused
from kgflow.domain.identity import SYSTEM
from kgflow.service.audit import verify
from kgflow.service.items import add_item
from kgflow.service.organisations import NewPerson, store
from kgflow.service.ports import NewOrganisation
from kgflow.service.queries import history, status
from kgflow.service.refer import refer
from kgflow.testing import FixedClock, World, application
from tests.processes import environment, kgflow
from tests.workers import FIXTURES, TODAY

WORKERS = 8
KOMMUNER = 6
SECONDS = 4


@pytest.fixture
def racing(database_url: str) -> World:
    clock = FixedClock(TODAY)
    app = application(database_url, clock, FIXTURES)
    world = World(app, clock)
    orgs = [NewOrganisation("lpo", "LPO", "lpo")] + [
        NewOrganisation(f"k{n}", f"Kommun {n}", "kommun", "lpo") for n in range(KOMMUNER)
    ]
    people = [NewPerson("sek", "Sekreterare", "sek@lpo.example", (("sekreterare", "lpo"),))] + [
        NewPerson(f"k.k{n}", f"Kontakt {n}", f"k{n}@kommun.example", (("kontaktperson", f"k{n}"),))
        for n in range(KOMMUNER)
    ]
    with app.services.uow(write=True) as uow:
        store(uow, orgs, people, actor=SYSTEM, now=clock.now())
        uow.commit()
    add_item(app.services, "race", "riktlinje", "Race", actor="sek", workflow="ping-pong")
    refer(app.services, "race", "2027-06-01", actor="sek")
    yield world
    app.close()


def test_eight_processes_racing_lose_nothing_and_never_see_a_locked_database(racing: World, database_url: str) -> None:
    with racing.services.uow() as uow:
        rows_before = uow.history.count()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.workers", "ping-pong", database_url, "race", str(SECONDS), str(seed)],
            env=environment(database_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in range(WORKERS)
    ]
    outcomes: Counter[str] = Counter()
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert "locked" not in err
        outcomes.update(json.loads(out))
    assert [key for key in outcomes if key.startswith("error")] == []
    assert outcomes["applied"] > 0
    assert outcomes["refused"] > 0, "the workers never raced"
    with racing.services.uow() as uow:
        assert uow.history.count() == rows_before + outcomes["applied"]
    assert verify(racing.services).ok
    for line in status(racing.services, "race"):
        assert line.row.state in {"a", "b"} if line.row.org_kind == "kommun" else line.row.state == "a"
        _, lines = history(racing.services, "race", line.row.org)
        assert lines[-1].record.to_state == line.row.state


def test_two_people_advancing_the_same_instance_one_wins(racing: World) -> None:
    def ping() -> str:
        try:
            racing.advance("race", "k0", "ping", "k.k0", expect_state="a")
        except (Conflict, TransitionRefused) as refusal:
            return str(refusal)
        return "won"

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: ping(), range(2)))
    assert results.count("won") == 1
    [lost] = [r for r in results if r != "won"]
    assert "inte 'a' som väntat; ingenting ändrades." in lost or " ändrades av " in lost
    _, lines = history(racing.services, "race", "k0")
    assert [line.record.event for line in lines] == ["open", "ping"]


def test_the_loser_on_the_command_line_gets_one_sentence(racing: World, database_url: str) -> None:
    args = ("--as", "k.k1", "advance", "race", "k1", "ping", "--expect-state", "a")
    assert kgflow(database_url, *args, today=str(TODAY)).returncode == 0
    lost = kgflow(database_url, *args, today=str(TODAY))
    assert lost.returncode == 6
    assert lost.stderr.strip() == "kgflow: Kommun 1 är i läget 'B' (b), inte 'a' som väntat; ingenting ändrades."


def test_referral_racing_a_withdrawal_is_all_or_nothing(world: World, database_url: str) -> None:
    for round_ in range(3):
        item = f"psvf-race-{round_}"
        world.item(item, f"PSVF Race {round_}")
        refer_ = subprocess.Popen([sys.executable, "-m", "kgflow", "--as", "nora.lind", "refer", item, "--due", "2027-03-31"],
                                  env=environment(database_url, "2027-02-01"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        withdraw = subprocess.Popen([sys.executable, "-m", "kgflow", "--as", "nora.lind", "advance", item, "npo-psykisk-halsa",
                                     "withdraw", "--set", "reason=Fel"], env=environment(database_url, "2027-02-01"),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        refer_.communicate(timeout=120)
        _, lost = withdraw.communicate(timeout=120)
        states = Counter(line.row.state for line in status(world.services, item))
        assert states in (
            Counter({"closed": 1}),  # withdrawn before it was referred
            Counter({"closed": 10}),  # referred to all nine, then all withdrawn
            Counter({"remiss": 10}),  # the withdrawal lost the race, was told so, and changed nothing
        ), states
        if states == Counter({"remiss": 10}):
            assert " ändrades av nora.lind " in lost
    assert verify(world.services).ok
