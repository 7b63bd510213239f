"""The ``transitions`` peer: one ``Machine(model=obj)`` per loaded ORM object, as its documentation shows.

Each step opens a session, loads the instance, binds a machine to it, fires
the event (which sets ``obj.state``), adds a history row and commits; the
ORM's version column makes the UPDATE a compare-and-set.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session
from transitions import Machine

from peers import orm
from peers.workload import EVENTS, STATES, STEPS

TRANSITIONS = [{"trigger": event, "source": STATES[n], "dest": STATES[n + 1]} for n, event in enumerate(EVENTS)]


def run(path: Path, instances: int, synchronous: str) -> float:
    """Seconds to take ``instances`` fresh instances through the seven steps."""
    ids = orm.create(path, instances, STATES[0])
    engine = orm.sqlite_engine(path, synchronous)
    started = time.perf_counter()
    for step in range(STEPS):
        for instance_id in ids:
            with Session(engine) as session, session.begin():
                instance = session.get_one(orm.Instance, instance_id)
                source = instance.state
                Machine(model=instance, states=STATES, transitions=TRANSITIONS, initial=source, auto_transitions=False)
                instance.trigger(EVENTS[step])  # type: ignore[attr-defined]
                now = datetime.now(UTC)
                instance.updated_at = now
                session.add(
                    orm.History(
                        instance_id=instance_id,
                        at=now,
                        actor="bench",
                        event=EVENTS[step],
                        from_state=source,
                        to_state=instance.state,
                    )
                )
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed
