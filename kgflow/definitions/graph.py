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
from kgflow.domain.wording import t


def graph_problems(definition: WorkflowDefinition) -> list[DefinitionProblem]:
    """Every whole-graph problem of ``definition``, in line order."""
    path = definition.path
    problems: list[DefinitionProblem] = []
    seen: dict[tuple[str, str], int] = {}
    for event in definition.events:
        for source in event.sources:
            first = seen.get((event.name, source))
            if first is not None:
                message = t(
                    "steget {event!r} är definierat två gånger från läget {state!r} (först på rad {first})",
                    event=event.name,
                    state=source,
                    first=first,
                )
                problems.append(DefinitionProblem(path, event.line, 1, message))
            else:
                seen[(event.name, source)] = event.line
            state = definition.states.get(source)
            if state is not None and state.final:
                message = t(
                    "steget {event!r} lämnar {state!r}, men {state!r} är ett slutläge", event=event.name, state=source
                )
                problems.append(DefinitionProblem(path, event.line, 1, message))
    for name in unreachable_states(definition):
        state = definition.states[name]
        message = t("läget {state!r} kan inte nås från startläget {initial!r}", state=name, initial=definition.initial)
        problems.append(DefinitionProblem(path, state.line, 1, message))
    if any(state.ladders for state in definition.states.values()):
        for kind in (definition.owner, *definition.participants):
            if kind not in definition.responsible:
                message = t(
                    "lägen har påminnelsetrappor (ladder), men 'responsible' anger ingen roll för {kind!r}", kind=kind
                )
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
                message = t(
                    "kaskaden i steget {event!r} nämner {name!r}, som inte är ett internt steg",
                    event=event.name,
                    name=name,
                )
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
