"""The compiled machine: one per workflow version, asked what an event does from a state."""

from __future__ import annotations

import pytest

from kgflow.config import shipped_workflows
from kgflow.engine.machine import CompiledWorkflow, StepRefused
from kgflow.service.catalogue import load_workflow_file


@pytest.fixture(scope="module")
def national() -> CompiledWorkflow:
    return CompiledWorkflow(load_workflow_file(shipped_workflows() / "nationellt-kunskapsstod.yaml"))


@pytest.mark.parametrize(
    ("state", "event", "kind", "target"),
    [
        ("draft", "refer", "npo", "remiss"),
        ("remiss", "answer", "kommun", "answered"),
        ("remiss", "decline", "lag", "declined"),
        ("awaiting_adoption", "adopt", "npo", "adopted"),
        ("to_decide", "decide", "lpo", "decided"),
        ("gap_analysis", "complete_gap", "kommun", "implementing"),
        ("implementing", "reach_level", "region", "implementing"),
        ("gap_analysis", "withdraw", "npo", "closed"),
    ],
)
def test_events_lead_where_the_definition_says(
    national: CompiledWorkflow, state: str, event: str, kind: str, target: str
) -> None:
    assert national.resolve(state, event, kind).name == event
    assert national.target(state, event, lambda _: False).name == target


def test_a_condition_picks_the_branch(national: CompiledWorkflow) -> None:
    asked: list[str] = []

    def holds(condition: str) -> bool:
        asked.append(condition)
        return True

    assert national.target("implementing", "reach_level", holds).name == "implemented"
    assert asked == ["target_reached"]


@pytest.mark.parametrize(
    ("state", "event", "kind", "fragment"),
    [
        ("answered", "answer", "kommun", "only possible from 'På remiss'"),
        ("remiss", "remiss_closed", "kommun", "consequence of another event"),
        ("remiss", "approve", "kommun", "is not an event"),
        ("to_decide", "decide", "kommun", "done by an organisation of kind lpo"),
        ("closed", "withdraw", "npo", "not possible"),
    ],
)
def test_events_the_definition_does_not_allow(
    national: CompiledWorkflow, state: str, event: str, kind: str, fragment: str
) -> None:
    with pytest.raises(StepRefused, match=fragment):
        national.resolve(state, event, kind)


def test_the_machine_is_shared_and_holds_no_instances(national: CompiledWorkflow) -> None:
    for _ in range(1000):
        national.resolve("remiss", "answer", "kommun")
        national.target("remiss", "answer", lambda _: False)
    assert national._machine.models == []


def test_people_see_only_events_they_can_perform(national: CompiledWorkflow) -> None:
    assert [event.name for event in national.events_from("remiss", "kommun")] == ["answer", "decline"]
    assert [event.name for event in national.events_from("remiss", "npo")] == ["answer", "withdraw"]
