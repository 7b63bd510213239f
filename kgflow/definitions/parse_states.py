"""The ``states`` of a workflow file → :class:`StateDef` objects, with deadlines and ladders.

Checks what one state's entry shows: its name, its labels, that durations are
durations and that each escalation of a ladder comes later than the one before.
"""

from __future__ import annotations

from kgflow.definitions.model import Deadline, Label, Ladder, StateDef
from kgflow.definitions.parse_scope import KINDS, NAME, Scope
from kgflow.definitions.yaml_source import MappingNode, Node, line_of
from kgflow.domain.durations import BadDuration, Duration, parse_duration

_STATE_KEYS = {"sv", "en", "final", "goal", "deadline", "ladder", "action"}
_LADDER_KEYS = {"reminder", "notice", "escalate"}
_DEADLINE_KEYS = {"within", "before_parent"}


def parse_states(scope: Scope, node: Node) -> dict[str, StateDef]:
    """The states under ``states``, by name; problems go to the scope's reader."""
    r = scope.r
    entries = r.mapping(node, "states") or {}
    states: dict[str, StateDef] = {}
    for name, (key_node, value_node) in entries.items():
        if not NAME.match(name):
            r.problem(
                key_node,
                f"the state name {name!r} must be lower-case letters, digits, '-' or '_'",
            )
            continue
        state = _state(scope, name, key_node, value_node)
        if state is not None:
            states[name] = state
    if not entries and isinstance(node, MappingNode):
        r.problem(node, "the workflow has no states")
    return states


def _state(scope: Scope, name: str, key_node: Node, node: Node) -> StateDef | None:
    r = scope.r
    what = f"state {name!r}"
    entries = r.mapping(node, what, allowed=_STATE_KEYS, required=("sv", "en"))
    if entries is None:
        return None
    sv = r.string(entries["sv"][1], f"the Swedish name of {what}") if "sv" in entries else None
    en = r.string(entries["en"][1], f"the English name of {what}") if "en" in entries else None
    final = bool(r.boolean(entries["final"][1], f"'final' of {what}")) if "final" in entries else False
    goal = bool(r.boolean(entries["goal"][1], f"'goal' of {what}")) if "goal" in entries else False
    deadline = _deadline(scope, entries["deadline"][1], what) if "deadline" in entries else None
    ladder = _ladder(scope, entries["ladder"][1], what) if "ladder" in entries else None
    action = scope.label_of(entries["action"][1], f"the action of {what}") if "action" in entries else None
    return StateDef(
        name=name,
        label=Label(sv or name, en or name),
        final=final,
        goal=goal,
        deadline=deadline,
        ladder=ladder,
        line=line_of(key_node),
        action=action,
    )


def _duration(scope: Scope, node: Node, what: str) -> Duration | None:
    text = scope.r.string(node, what)
    if text is None:
        return None
    try:
        return parse_duration(text)
    except BadDuration as exc:
        scope.r.problem(node, f"{what}: {exc}")
        return None


def _deadline(scope: Scope, node: Node, what: str) -> Deadline | None:
    r = scope.r
    entries = r.mapping(node, f"the deadline of {what}", allowed=_DEADLINE_KEYS)
    if entries is None:
        return None
    if len(entries) != 1:
        r.problem(node, f"the deadline of {what} needs exactly one of 'within' or 'before_parent'")
        return None
    if "within" in entries:
        within = _duration(scope, entries["within"][1], f"the deadline of {what}")
        return Deadline(within=within, line=line_of(node)) if within else None
    margins: dict[str, Duration] = {}
    margin_entries = r.mapping(entries["before_parent"][1], f"before_parent of {what}") or {}
    for kind, (key_node, value_node) in margin_entries.items():
        if kind not in KINDS:
            r.problem(key_node, f"{kind!r} in before_parent of {what} is not an organisation kind")
            continue
        margin = _duration(scope, value_node, f"the margin for {kind} in {what}")
        if margin is not None:
            margins[kind] = margin
    return Deadline(before_parent=margins, line=line_of(node))


def _ladder(scope: Scope, node: Node, what: str) -> Ladder | None:
    r = scope.r
    entries = r.mapping(node, f"the ladder of {what}", allowed=_LADDER_KEYS)
    if entries is None:
        return None
    reminder = _duration(scope, entries["reminder"][1], f"the reminder of {what}") if "reminder" in entries else None
    notice = bool(r.boolean(entries["notice"][1], f"'notice' of {what}")) if "notice" in entries else False
    steps: list[Duration] = []
    if "escalate" in entries:
        for child in r.items(entries["escalate"][1], f"'escalate' of {what}"):
            step = _duration(scope, child, f"an escalation of {what}")
            if step is None:
                continue
            if steps and (step.unit != steps[-1].unit or step.amount <= steps[-1].amount):
                r.problem(
                    child,
                    f"each escalation of {what} must come later than the one before, in the same unit",
                )
            steps.append(step)
    return Ladder(reminder=reminder, notice=notice, escalate=tuple(steps), line=line_of(node))
