"""The SpiffWorkflow peer: a seven-task BPMN process, serialized to JSON and stored after every step.

The process (``bench/workflows/bench-linear.bpmn``) is parsed once. Each step
opens a session, loads the row, deserializes the workflow with
``BpmnWorkflowSerializer``, completes the ready user task, runs the engine to
the next one, serializes the workflow back into the row, adds a history row
and commits.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.util.task import TaskState
from sqlalchemy.orm import Session

from peers import orm
from peers.workload import STEPS

BPMN = Path(__file__).parent.parent / "workflows" / "bench-linear.bpmn"
PROCESS = "bench_linear"
DONE = "done"


def current_task(workflow: BpmnWorkflow) -> str:
    """The id of the user task waiting, or ``done`` once the process has ended."""
    ready = workflow.get_tasks(state=TaskState.READY, manual=True)
    return ready[0].task_spec.bpmn_id if ready else DONE


def started_document(serializer: BpmnWorkflowSerializer) -> tuple[str, str]:
    """A new workflow run up to its first user task, serialized; and that task's id."""
    parser = BpmnParser()
    parser.add_bpmn_file(str(BPMN))
    workflow = BpmnWorkflow(parser.get_spec(PROCESS))
    workflow.do_engine_steps()
    return serializer.serialize_json(workflow), current_task(workflow)


def run(path: Path, instances: int, synchronous: str) -> float:
    """Seconds to take ``instances`` fresh workflows through the seven tasks."""
    serializer = BpmnWorkflowSerializer()
    document, first = started_document(serializer)
    ids = orm.create(path, instances, first, document)
    engine = orm.sqlite_engine(path, synchronous)
    started = time.perf_counter()
    for _ in range(STEPS):
        for instance_id in ids:
            with Session(engine) as session, session.begin():
                instance = session.get_one(orm.Instance, instance_id)
                assert instance.document is not None
                workflow = serializer.deserialize_json(instance.document)
                (task,) = workflow.get_tasks(state=TaskState.READY, manual=True)
                source = task.task_spec.bpmn_id
                task.run()
                workflow.do_engine_steps()
                instance.state = current_task(workflow)
                instance.document = serializer.serialize_json(workflow)
                now = datetime.now(UTC)
                instance.updated_at = now
                session.add(
                    orm.History(
                        instance_id=instance_id,
                        at=now,
                        actor="bench",
                        event=f"{source} completed",
                        from_state=source,
                        to_state=instance.state,
                    )
                )
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed
