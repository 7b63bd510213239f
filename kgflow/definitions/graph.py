"""Whole-graph checks of a parsed workflow: the things no single line shows.

- every state can be reached from the initial state,
- no event leaves a final state,
- one event has one variant per source state ("duplicate event from one state"),
- every organisation kind that can have a ladder has a responsible role,
- a cascade fires only internal events (:func:`cascade_problems`, which the
  walker runs on the events even when the rest of the file is incomplete).
"""

from __future__ import annotations

from collections.abc import Sequence

from kgflow.definitions.model import EventDef, WorkflowDefinition
from kgflow.domain.errors import DefinitionProblem


def graph_problems(definition: WorkflowDefinition) -> list[DefinitionProblem]:
    """Every whole-graph problem of ``definition``, in line order."""
    path = definition.path
    problems: list[DefinitionProblem] = []
    seen: dict[tuple[str, str], int] = {}
    for event in definition.events:
        for source in event.sources:
            first = seen.get((event.name, source))
            if first is not None:
                message = f"event {event.name!r} is defined twice from state {source!r} (first at line {first})"
                problems.append(DefinitionProblem(path, event.line, 1, message))
            else:
                seen[(event.name, source)] = event.line
            state = definition.states.get(source)
            if state is not None and state.final:
                message = f"event {event.name!r} leaves {source!r}, but {source!r} is a final state"
                problems.append(DefinitionProblem(path, event.line, 1, message))
    for name in unreachable_states(definition):
        state = definition.states[name]
        message = f"state {name!r} cannot be reached from the initial state {definition.initial!r}"
        problems.append(DefinitionProblem(path, state.line, 1, message))
    if any(state.ladder for state in definition.states.values()):
        for kind in (definition.owner, *definition.participants):
            if kind not in definition.responsible:
                message = f"states have escalation ladders, but 'responsible' names no role for {kind!r}"
                problems.append(DefinitionProblem(path, 1, 1, message))
    return sorted(problems, key=lambda problem: (problem.line, problem.column))


def cascade_problems(path: str, events: Sequence[EventDef]) -> list[DefinitionProblem]:
    """Every cascade naming an event that is not internal: a cascade fires what no person performs."""
    internal = {event.name for event in events if event.internal}
    problems: list[DefinitionProblem] = []
    for event in events:
        if event.cascade is None:
            continue
        for name in event.cascade.events:
            if name not in internal:
                message = f"the cascade of event {event.name!r} names {name!r}, which is not an internal event"
                problems.append(DefinitionProblem(path, event.cascade.line, event.cascade.column, message))
    return problems


def unreachable_states(definition: WorkflowDefinition) -> list[str]:
    """States that no chain of events leads to from the initial state.

    Participants start in the referral state, so it counts as a second start.
    """
    roots = {definition.initial}
    if definition.referral is not None:
        roots.add(definition.referral.state)
    reached = set(roots)
    frontier = list(roots)
    while frontier:
        state = frontier.pop()
        for event in definition.events:
            if state in event.sources:
                for target in event.targets:
                    if target not in reached:
                        reached.add(target)
                        frontier.append(target)
    return [name for name in definition.states if name not in reached]
