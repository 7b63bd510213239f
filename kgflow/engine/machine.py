"""One ``transitions`` machine per workflow version, asked what an event does.

The machine is data: states, and for every (event, source) the ordered
branches with their conditions *by name*. It is built once with
``Machine(model=None, auto_transitions=False)`` and never bound to an instance:
kgflow advances hundreds of thousands of instances, and a machine per object is
the most reported memory and speed problem of that library. To advance, the
service asks :meth:`CompiledWorkflow.resolve` and :meth:`CompiledWorkflow.target`
with the instance's state. The machine is built the first time a command asks
what an event does: ``status`` and ``history`` read only the definition's labels
and never import ``transitions``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from kgflow.definitions.model import EventDef, Label, StateDef, WorkflowDefinition
from kgflow.domain.spelling import did_you_mean, either, nearest
from kgflow.domain.wording import Phrase, joined, t, tn

if TYPE_CHECKING:
    from transitions import Machine


class StepRefused(Exception):
    """The event cannot happen from this state; ``reason`` is the phrase saying why, ``str()`` renders it."""

    def __init__(self, reason: Phrase) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return str(self.reason)


class CompiledWorkflow:
    """A workflow definition compiled into a single, shared state machine."""

    def __init__(self, definition: WorkflowDefinition) -> None:
        self.definition = definition
        self._variants: dict[tuple[str, str], EventDef] = {}
        for event in definition.events:
            for source in event.sources:
                self._variants.setdefault((event.name, source), event)

    @cached_property
    def _machine(self) -> Machine:
        """The one ``transitions`` machine of this version: every (event, source) with its branches in order."""
        from transitions import Machine

        definition = self.definition
        machine = Machine(
            model=None, states=list(definition.states), initial=definition.initial, auto_transitions=False
        )
        for event in definition.events:
            for source in event.sources:
                for branch in event.branches:
                    machine.add_transition(
                        trigger=event.name,
                        source=source,
                        dest=branch.target,
                        conditions=[branch.when] if branch.when else None,
                    )
        return machine

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
            unknown = t(
                "Arbetsflödet {workflow} har inget steg som heter {event!r}; stegen är {known}.",
                workflow=self.definition.name,
                event=event,
                known=known,
            )
            raise StepRefused(t("{sentence} {hint}", sentence=unknown, hint=near) if near else unknown)
        if all(variant.internal for variant in variants):
            raise StepRefused(
                t(
                    "Steget '{step}' sker bara som följd av ett annat steg och kan inte tas för hand.",
                    step=variants[0].label,
                )
            )
        if not self._machine.get_transitions(trigger=event, source=state):
            raise StepRefused(self._not_from_here(event, state, kind))
        variant = self._variants[event, state]
        if kind not in variant.at:
            raise StepRefused(
                t(
                    "Steget '{step}' tas av en organisation av typen {kinds}, inte av en {kind}.",
                    step=variant.label,
                    kinds=either(sorted(variant.at)),
                    kind=kind,
                )
            )
        return variant

    def target(self, state: str, event: str, holds: Callable[[str], bool]) -> StateDef:
        """Where ``event`` leads from ``state``: the first branch whose condition holds."""
        for transition in self._machine.get_transitions(trigger=event, source=state):
            if all(holds(str(condition.func)) for condition in transition.conditions):
                return self.state(str(transition.dest))
        # the last branch is unconditional: this is never reached with a validated definition
        raise StepRefused(t("Steget {event!r} leder ingenstans från läget {state!r}.", event=event, state=state))

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

    def _state_label(self, state: str) -> Label | str:
        known = self.definition.states.get(state)
        return known.label if known else state

    def _not_from_here(self, event: str, state: str, kind: str) -> Phrase:
        here = self._state_label(state)
        variants = self.definition.variants(event)
        step = variants[0].label
        sources = sorted({s for v in variants for s in v.sources})
        possible = [t("'{step}' ({event})", step=e.label, event=e.name) for e in self.events_from(state, kind)]
        if possible:
            tail = t("Möjliga steg nu: {possible}.", possible=joined(possible))
        else:
            tail = t("Inga steg kan tas i det här läget.")
        if len(sources) > 4:
            return t("Steget '{step}' går inte att ta i läget '{here}'. {tail}", step=step, here=here, tail=tail)
        wanted = either([t("'{state}'", state=self._state_label(s)) for s in sources])
        return tn(
            "Steget '{step}' kan bara tas i läget {wanted}, och ärendet är i läget '{here}'. {tail}",
            "Steget '{step}' kan bara tas i lägena {wanted}, och ärendet är i läget '{here}'. {tail}",
            len(sources),
            step=step,
            wanted=wanted,
            here=here,
            tail=tail,
        )
