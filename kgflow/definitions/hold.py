"""The ``hold`` section of a workflow file: where a län may prioritise and pause an item (R16).

Priority and hold do not move an item along its path: the LPO's instance (and
every instance below it) keeps its state. So they are not events with a source
and a target but one declared section, checked here at load time::

    hold:
      at: [lpo]                          # kinds of organisation that prioritise and pause
      by: [sekreterare, ordforande]      # roles, written as under an event's 'by'
      states: [to_decide, decided]       # the states of that organisation's instance where it may
      prioritise: {sv: Sätt länets prioritet, en: Set the county's priority}
      hold: {sv: Pausa för länet, en: Put on hold for the county}
      resume: {sv: Återuppta, en: Resume}

The three names are the steps people type (``kgflow advance ITEM LPO hold``);
no event may have the same name. A final state cannot be listed: nothing is
left to pause there.
"""

from __future__ import annotations

__all__ = ["HOLD_STEPS", "HoldDef", "parse_hold"]

from collections.abc import Mapping, Sequence

from kgflow.definitions.model import HOLD_STEPS, EventDef, HoldDef, Label, StateDef
from kgflow.definitions.parse_events import role_rules
from kgflow.definitions.parse_scope import Scope
from kgflow.definitions.yaml_source import Node, line_of
from kgflow.domain.wording import t

_KEYS = {"at", "by", "states", *HOLD_STEPS}


def parse_hold(scope: Scope, node: Node, states: Mapping[str, StateDef], events: Sequence[EventDef]) -> HoldDef | None:
    """The ``hold`` section, or None with every problem reported at its line."""
    what = "hold"
    entries = scope.r.mapping(node, what, allowed=_KEYS, required=("at", "by", "states", *HOLD_STEPS))
    if entries is None:
        return None
    at = frozenset(
        kind
        for child, _ in (scope.r.strings(entries["at"][1], t("'at' i hold")) if "at" in entries else [])
        if (kind := scope.kind(child, t("'at' i hold")))
    )
    by = role_rules(scope, entries["by"][1], t("'by' i hold"), what) if "by" in entries else ()
    held_in: list[str] = []
    for child, text in scope.r.strings(entries["states"][1], t("'states' i hold")) if "states" in entries else []:
        if text not in states:
            scope.r.problem(child, t("hold: {state!r} är inget läge i arbetsflödet", state=text))
        elif states[text].final:
            scope.r.problem(child, t("hold: läget {state!r} är ett slutläge; där finns inget att pausa", state=text))
        elif text not in held_in:
            held_in.append(text)
    labels: dict[str, Label] = {}
    names = {event.name for event in events}
    for step in HOLD_STEPS:
        if step not in entries:
            continue
        key_node, value_node = entries[step]
        if step in names:
            scope.r.problem(
                key_node,
                t(
                    "hold: {step!r} är redan ett steg under 'events'; prioritering och paus deklareras bara här",
                    step=step,
                ),
            )
        label = scope.label_of(value_node, t("hold: namnet på {step!r}", step=step))
        if label is not None:
            labels[step] = label
    if not at or not by or not held_in or len(labels) != len(HOLD_STEPS):
        return None
    return HoldDef(at, by, tuple(held_in), labels, line_of(node))
