"""One ``transitions`` machine per workflow version, asked what an event does.

The machine is data: states, and for every (event, source) the ordered
branches with their conditions *by name*. It is built once with
``Machine(model=None, auto_transitions=False)`` and never bound to an instance:
kgflow advances hundreds of thousands of instances, and a machine per object is
the most reported memory and speed problem of that library. To advance, the
service asks :meth:`CompiledWorkflow.resolve` and :meth:`CompiledWorkflow.target`
with the instance's state.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from transitions import Machine

from kgflow.definitions.model import EventDef, StateDef, WorkflowDefinition
from kgflow.domain.spelling import did_you_mean, nearest


class StepRefused(Exception):
    """The event cannot happen from this state; ``str()`` is one sentence."""


class CompiledWorkflow:
    """A workflow definition compiled into a single, shared state machine."""

    def __init__(self, definition: WorkflowDefinition) -> None:
        self.definition = definition
        self._machine = Machine(
            model=None,
            states=list(definition.states),
            initial=definition.initial,
            auto_transitions=False,
        )
        self._variants: dict[tuple[str, str], EventDef] = {}
        for event in definition.events:
            for source in event.sources:
                self._variants.setdefault((event.name, source), event)
                for branch in event.branches:
                    self._machine.add_transition(
                        trigger=event.name,
                        source=source,
                        dest=branch.target,
                        conditions=[branch.when] if branch.when else None,
                    )

    def state(self, name: str) -> StateDef:
        """The definition of state ``name``."""
        return self.definition.states[name]

    def label(self, state: str) -> str:
        """The Swedish label of ``state`` (the name itself if unknown)."""
        known = self.definition.states.get(state)
        return known.label.sv if known else state

    def events_from(self, state: str, kind: str | None = None) -> list[EventDef]:
        """The events a person may perform from ``state`` (at an organisation of ``kind``)."""
        names = self._machine.get_triggers(state)
        result = []
        for name in dict.fromkeys(names):
            variant = self._variants.get((name, state))
            if variant is None or variant.internal:
                continue
            if kind is not None and kind not in variant.at:
                continue
            result.append(variant)
        return result

    def resolve(self, state: str, event: str, kind: str) -> EventDef:
        """The variant of ``event`` a person may perform from ``state`` at an organisation of ``kind``.

        Raises:
            StepRefused: for an unknown or internal event, an event not possible
                from ``state``, or one not done at organisations of ``kind``.
        """
        variants = self.definition.variants(event)
        if not variants:
            known = ", ".join(e.name for e in self.events_from_any())
            near = did_you_mean(nearest(event, ((e.name, (e.label.sv, e.label.en)) for e in self.events_from_any())))
            raise StepRefused(
                f"{event!r} is not an event of the workflow {self.definition.name} (events: {known}). {near}".strip()
            )
        if all(variant.internal for variant in variants):
            raise StepRefused(
                f"{event!r} happens only as a consequence of another event and cannot be performed by hand."
            )
        if not self._machine.get_transitions(trigger=event, source=state):
            raise StepRefused(self._not_from_here(event, state, kind))
        variant = self._variants[event, state]
        if kind not in variant.at:
            kinds = " or ".join(sorted(variant.at))
            raise StepRefused(f"'{variant.label.sv}' ({event}) is done by an organisation of kind {kinds}, not {kind}.")
        return variant

    def target(self, state: str, event: str, holds: Callable[[str], bool]) -> StateDef:
        """Where ``event`` leads from ``state``: the first branch whose condition holds."""
        for transition in self._machine.get_transitions(trigger=event, source=state):
            if all(holds(str(condition.func)) for condition in transition.conditions):
                return self.state(str(transition.dest))
        raise StepRefused(f"{event!r} leads nowhere from {state!r}.")  # the last branch is unconditional

    def nearest_states(self, typed: str) -> list[str]:
        """The states whose names or labels come nearest ``typed`` (for a state name that is not one)."""
        return nearest(typed, ((s.name, (s.label.sv, s.label.en)) for s in self.definition.states.values()))

    def due_on_entering(self, state: str, today: date) -> date | None:
        """The due date an instance gets on entering ``state`` today ("within N working days")."""
        return self.definition.due_on_entering(state, today)

    def events_from_any(self) -> list[EventDef]:
        """Every event a person can perform, each name once."""
        seen: dict[str, EventDef] = {}
        for event in self.definition.events:
            if not event.internal:
                seen.setdefault(event.name, event)
        return list(seen.values())

    def _not_from_here(self, event: str, state: str, kind: str) -> str:
        here = self.label(state)
        sources = sorted({s for v in self.definition.variants(event) for s in v.sources})
        possible = ", ".join(f"'{e.label.sv}' ({e.name})" for e in self.events_from(state, kind))
        tail = f" Possible now: {possible}." if possible else " Nothing can be done from here."
        if len(sources) > 4:
            return f"{event!r} is not possible in the state '{here}' ({state}).{tail}"
        wanted = " or ".join(f"'{self.label(s)}'" for s in sources)
        return f"{event!r} is only possible from {wanted}, and this is '{here}' ({state}).{tail}"
