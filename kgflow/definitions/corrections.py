"""The ``corrections`` of a workflow file: which steps may be corrected, by whom, and to which states (R17).

A mistaken step is never edited: it is corrected by a new history row. The
workflow says, per event, who may write that row and where it may leave the
instance::

    corrections:
      decide:
        by: [sekreterare, ordforande]   # roles, written as under an event's 'by'
        to: [decided]                   # the states a correction may leave the instance in
      answer:
        at: [lpo, region, kommun]       # kinds of organisation (default: where the event happens)
        by: [sekreterare@lpo, ordforande@lpo]
        to: [remiss, answered]

Everything is checked here, at load time: the event must be one a person
performs; every ``to`` state must be one the event comes from (the step is
undone) or leads to (its values are corrected) — any other state is forbidden;
a step whose cascade moved other instances cannot be undone where that cascade
runs, because a correction moves only the one instance.
"""

from __future__ import annotations

__all__ = ["Correction", "parse_corrections"]

from collections.abc import Sequence

from kgflow.definitions.model import Correction, EventDef
from kgflow.definitions.parse_events import role_rules
from kgflow.definitions.parse_scope import Scope
from kgflow.definitions.yaml_source import Node, line_of
from kgflow.domain.wording import Phrase, t

_KEYS = {"by", "to", "at"}


def parse_corrections(scope: Scope, node: Node, events: Sequence[EventDef]) -> dict[str, Correction]:
    """Every entry under ``corrections``, keyed by the event it corrects; problems go to the scope's reader."""
    result: dict[str, Correction] = {}
    for name, (key_node, value_node) in (scope.r.mapping(node, "corrections") or {}).items():
        variants = [event for event in events if event.name == name]
        if not variants or all(event.internal for event in variants):
            known = ", ".join(dict.fromkeys(e.name for e in events if not e.internal)) or "–"
            _problem(
                scope,
                key_node,
                t(
                    "corrections: {name!r} är inget steg som en person tar i arbetsflödet (steg: {known})",
                    name=name,
                    known=known,
                ),
            )
            continue
        correction = _correction(scope, name, value_node, variants)
        if correction is not None:
            result[name] = correction
    return result


def _correction(scope: Scope, name: str, node: Node, variants: Sequence[EventDef]) -> Correction | None:
    what = f"corrections.{name}"
    entries = scope.r.mapping(node, what, allowed=_KEYS, required=("by", "to"))
    if entries is None or "by" not in entries or "to" not in entries:
        return None
    event_at = frozenset(kind for event in variants for kind in event.at)
    at = event_at
    if "at" in entries:
        at = frozenset(
            kind for child, _ in scope.r.strings(entries["at"][1], what) if (kind := scope.kind(child, what))
        )
        if stray := sorted(at - event_at):
            _problem(
                scope,
                entries["at"][1],
                t(
                    "{what}: steget tas aldrig vid {kinds}, så där finns inget att rätta",
                    what=what,
                    kinds=", ".join(stray),
                ),
            )
    by = role_rules(scope, entries["by"][1], what, what)
    sources = {source for event in variants for source in event.sources}
    targets = {target for event in variants for target in event.targets}
    cascading = [e for e in variants if e.cascade is not None and (e.cascade.at is None or e.cascade.at & at)]
    to: list[str] = []
    for child, state in scope.r.strings(entries["to"][1], what):
        if state not in scope.state_names:
            _problem(scope, child, t("{what}: {state!r} är inget läge i arbetsflödet", what=what, state=state))
        elif state not in sources and state not in targets:
            _problem(
                scope,
                child,
                t(
                    "{what}: en rättelse kan bara föra ärendet tillbaka till ett läge steget kommer från "
                    "eller lämna det i ett läge steget leder till, inte till {state!r}",
                    what=what,
                    state=state,
                ),
            )
        elif state not in targets and cascading:
            _problem(
                scope,
                child,
                t(
                    "{what}: steget kan inte tas tillbaka till {state!r}, eftersom det flyttar andra ärenden "
                    "(cascade) och en rättelse bara flyttar ett",
                    what=what,
                    state=state,
                ),
            )
        elif state not in to:
            to.append(state)
    if not to or not by:
        return None
    undo = frozenset(state for state in to if state not in targets)
    return Correction(name, by, tuple(to), at, undo, line_of(node))


def _problem(scope: Scope, node: Node, message: Phrase) -> None:
    # The reader takes the sentence as text here; where it takes phrases, pass ``message`` itself.
    scope.r.problem(node, message)
