"""The ``python-statemachine`` peer: a ``StateMachine`` class bound to each loaded ORM object through its model.

The class is declared once (eight states, seven transitions); each step opens a
session, loads the instance, builds ``BenchMachine(model=obj,
state_field="state")`` (the machine reads and writes ``obj.state``), sends the
event, adds a history row and commits.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session
from statemachine import State, StateMachine

from peers import orm
from peers.workload import EVENTS, STEPS


class BenchMachine(StateMachine):
    """s0 → s7 by step1 … step7."""

    s0 = State(initial=True)
    s1 = State()
    s2 = State()
    s3 = State()
    s4 = State()
    s5 = State()
    s6 = State()
    s7 = State(final=True)

    step1 = s0.to(s1)
    step2 = s1.to(s2)
    step3 = s2.to(s3)
    step4 = s3.to(s4)
    step5 = s4.to(s5)
    step6 = s5.to(s6)
    step7 = s6.to(s7)


def run(path: Path, instances: int, synchronous: str) -> float:
    """Seconds to take ``instances`` fresh instances through the seven steps."""
    ids = orm.create(path, instances, "s0")
    engine = orm.sqlite_engine(path, synchronous)
    started = time.perf_counter()
    for step in range(STEPS):
        for instance_id in ids:
            with Session(engine) as session, session.begin():
                instance = session.get_one(orm.Instance, instance_id)
                source = instance.state
                BenchMachine(model=instance, state_field="state").send(EVENTS[step])
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
