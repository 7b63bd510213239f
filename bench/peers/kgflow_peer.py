"""kgflow's own ``advance``, on a migrated file with one LPO, N kommuner and the item referred to them.

``template`` builds that file once per run (not timed); ``run`` copies it and
advances every instance through the seven steps, one service call (one
transaction, one state change, one chained history row) each. At
``synchronous=NORMAL`` the run goes through the database's own
``loading_in_bulk`` switch, the one ``kgflow init`` uses.
"""

from __future__ import annotations

import shutil
import time
from contextlib import nullcontext
from datetime import UTC, date, datetime
from pathlib import Path

from kgflow.domain.identity import SYSTEM
from kgflow.persistence import migrate
from kgflow.persistence.database import Database
from kgflow.service.advance import AdvanceRequest, advance
from kgflow.service.items import add_item
from kgflow.service.organisations import NewPerson, store
from kgflow.service.ports import NewOrganisation
from kgflow.service.refer import refer
from kgflow.testing import FixedClock, application
from peers.workload import EVENTS

WORKFLOWS = Path(__file__).parent.parent / "workflows"


def template(path: Path, instances: int) -> Path:
    """A migrated database at ``path`` with one LPO, N kommuner and their contact people, item referred."""
    database = Database.from_url(f"sqlite:///{path}")
    migrate.upgrade(database)
    database.dispose()
    app = application(f"sqlite:///{path}", FixedClock(date(2027, 2, 1)), WORKFLOWS)
    orgs = [NewOrganisation("lpo-bench", "LPO Bench", "lpo")]
    people = [NewPerson("sekreterare", "Sekreterare", "sek@bench.example", (("sekreterare", "lpo-bench"),))]
    for n in range(instances):
        orgs.append(NewOrganisation(f"kommun-{n}", f"Kommun {n}", "kommun", "lpo-bench"))
        people.append(
            NewPerson(f"kontakt-{n}", f"Kontakt {n}", f"k{n}@bench.example", (("kontaktperson", f"kommun-{n}"),))
        )
    with app.services.uow(write=True) as uow:
        store(uow, orgs, people, actor=SYSTEM, now=datetime.now(UTC))
        uow.commit()
    add_item(app.services, "bench", "riktlinje", "Bench", actor="sekreterare", workflow="bench-linear")
    refer(app.services, "bench", "2027-06-01", actor="sekreterare")
    app.close()
    return path


def run(template_path: Path, path: Path, instances: int, synchronous: str) -> float:
    """Seconds for kgflow's ``advance`` to take the template's N instances through the seven steps."""
    shutil.copy(template_path, path)
    app = application(f"sqlite:///{path}", FixedClock(date(2027, 2, 1)), WORKFLOWS)
    pairs = [(f"kommun-{n}", f"kontakt-{n}") for n in range(instances)]
    with app.database.loading_in_bulk() if synchronous == "NORMAL" else nullcontext():
        started = time.perf_counter()
        for event in EVENTS:
            for org, person in pairs:
                advance(app.services, AdvanceRequest("bench", org, event, person))
        elapsed = time.perf_counter() - started
    app.close()
    return elapsed
