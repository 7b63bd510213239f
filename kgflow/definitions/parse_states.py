"""The ``states`` of a workflow file → :class:`StateDef` objects, with deadlines and ladders.

Checks what one state's entry shows: its name, its labels, that durations are
durations and that each escalation of a ladder comes later than the one before.
"""

from __future__ import annotations

from kgflow.definitions.model import Deadline, Label, Ladder, StateDef
from kgflow.definitions.parse_scope import KINDS, NAME, Scope
from kgflow.definitions.reader import What
from kgflow.definitions.yaml_source import MappingNode, Node, line_of
from kgflow.domain.durations import BadDuration, Duration, parse_duration
from kgflow.domain.wording import t

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
                t("lägets namn {name!r} får bara innehålla små bokstäver a–z, siffror, '-' och '_'", name=name),
            )
            continue
        state = _state(scope, name, key_node, value_node)
        if state is not None:
            states[name] = state
    if not entries and isinstance(node, MappingNode):
        r.problem(node, t("arbetsflödet har inga lägen"))
    return states


def _state(scope: Scope, name: str, key_node: Node, node: Node) -> StateDef | None:
    r = scope.r
    what = t("läget {name!r}", name=name)
    entries = r.mapping(node, what, allowed=_STATE_KEYS, required=("sv", "en"))
    if entries is None:
        return None
    sv = r.string(entries["sv"][1], t("det svenska namnet på {what}", what=what)) if "sv" in entries else None
    en = r.string(entries["en"][1], t("det engelska namnet på {what}", what=what)) if "en" in entries else None
    final = bool(r.boolean(entries["final"][1], t("'final' i {what}", what=what))) if "final" in entries else False
    goal = bool(r.boolean(entries["goal"][1], t("'goal' i {what}", what=what))) if "goal" in entries else False
    deadline = _deadline(scope, entries["deadline"][1], what) if "deadline" in entries else None
    ladder = _ladder(scope, entries["ladder"][1], what) if "ladder" in entries else None
    action = scope.label_of(entries["action"][1], t("'action' i {what}", what=what)) if "action" in entries else None
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


def _duration(scope: Scope, node: Node, what: What) -> Duration | None:
    text = scope.r.string(node, what)
    if text is None:
        return None
    try:
        return parse_duration(text)
    except BadDuration as exc:
        scope.r.problem(node, t("{what}: {reason}", what=what, reason=exc.reason))
        return None


def _deadline(scope: Scope, node: Node, what: What) -> Deadline | None:
    r = scope.r
    deadline = t("tidsfristen (deadline) i {what}", what=what)
    entries = r.mapping(node, deadline, allowed=_DEADLINE_KEYS)
    if entries is None:
        return None
    if len(entries) != 1:
        r.problem(node, t("{deadline} behöver antingen 'within' eller 'before_parent', inte båda", deadline=deadline))
        return None
    if "within" in entries:
        within = _duration(scope, entries["within"][1], deadline)
        return Deadline(within=within, line=line_of(node)) if within else None
    margins: dict[str, Duration] = {}
    margin_entries = r.mapping(entries["before_parent"][1], t("before_parent i {what}", what=what)) or {}
    for kind, (key_node, value_node) in margin_entries.items():
        if kind not in KINDS:
            r.problem(key_node, t("{kind!r} i before_parent i {what} är ingen organisationstyp", kind=kind, what=what))
            continue
        margin = _duration(scope, value_node, t("marginalen för {kind} i {what}", kind=kind, what=what))
        if margin is not None:
            margins[kind] = margin
    return Deadline(before_parent=margins, line=line_of(node))


def _ladder(scope: Scope, node: Node, what: What) -> Ladder | None:
    r = scope.r
    entries = r.mapping(node, t("påminnelsetrappan (ladder) i {what}", what=what), allowed=_LADDER_KEYS)
    if entries is None:
        return None
    reminder = (
        _duration(scope, entries["reminder"][1], t("påminnelsen (reminder) i {what}", what=what))
        if "reminder" in entries
        else None
    )
    notice = bool(r.boolean(entries["notice"][1], t("'notice' i {what}", what=what))) if "notice" in entries else False
    steps: list[Duration] = []
    if "escalate" in entries:
        for child in r.items(entries["escalate"][1], t("'escalate' i {what}", what=what)):
            step = _duration(scope, child, t("en eskalering i {what}", what=what))
            if step is None:
                continue
            if steps and (step.unit != steps[-1].unit or step.amount <= steps[-1].amount):
                r.problem(
                    child,
                    t("varje eskalering i {what} ska komma senare än den före, i samma enhet", what=what),
                )
            steps.append(step)
    return Ladder(reminder=reminder, notice=notice, escalate=tuple(steps), line=line_of(node))
