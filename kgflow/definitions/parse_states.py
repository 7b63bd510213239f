"""The ``states`` of a workflow file → :class:`StateDef` objects, with deadlines and ladders.

Checks what one state's entry shows: its name, its labels, that durations are
durations, that each escalation of a ladder comes later than the one before and
names its recipients by declared roles and known relations, and that no kind of
organisation has two ladders in one state.
"""

from __future__ import annotations

from kgflow.definitions.model import Deadline, Label, Ladder, StateDef
from kgflow.definitions.parse_scope import KINDS, NAME, Scope
from kgflow.definitions.reader import What
from kgflow.definitions.yaml_source import MappingNode, Node, SequenceNode, line_of
from kgflow.domain.durations import BadDuration, Duration, parse_duration
from kgflow.domain.ladders import FORUM, RESPONSIBLE, Escalation, Recipient
from kgflow.domain.wording import t

_STATE_KEYS = {"sv", "en", "final", "goal", "deadline", "ladder", "action", "late"}
_LADDER_KEYS = {"reminder", "notice", "escalate"}
_ESCALATION_KEYS = {"after", "to"}
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
    ladders = _ladders(scope, entries["ladder"][1], what) if "ladder" in entries else ()
    late = scope.label_of(entries["late"][1], t("'late' i {what}", what=what)) if "late" in entries else None
    action = scope.label_of(entries["action"][1], t("'action' i {what}", what=what)) if "action" in entries else None
    return StateDef(
        name=name,
        label=Label(sv or name, en or name),
        final=final,
        goal=goal,
        deadline=deadline,
        ladders=ladders,
        line=line_of(key_node),
        action=action,
        late=late,
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


def _ladders(scope: Scope, node: Node, what: What) -> tuple[Ladder, ...]:
    """One ladder for every organisation, or a list of ladders, each for the kinds its ``at`` names."""
    if not isinstance(node, SequenceNode):
        ladder = _ladder(scope, node, what, in_list=False)
        return (ladder,) if ladder else ()
    ladders: list[Ladder] = []
    seen: set[str] = set()
    for child in scope.r.items(node, t("påminnelsetrapporna (ladder) i {what}", what=what)):
        ladder = _ladder(scope, child, what, in_list=True)
        if ladder is None:
            continue
        twice = sorted(ladder.at & seen)
        if twice:
            scope.r.problem(
                child,
                t(
                    "{kinds} har redan en påminnelsetrappa i {what}; varje organisationstyp får en",
                    kinds=", ".join(repr(kind) for kind in twice),
                    what=what,
                ),
            )
        seen |= ladder.at
        ladders.append(ladder)
    return tuple(ladders)


def _ladder(scope: Scope, node: Node, what: What, *, in_list: bool) -> Ladder | None:
    r = scope.r
    entries = r.mapping(
        node,
        t("påminnelsetrappan (ladder) i {what}", what=what),
        allowed=_LADDER_KEYS | ({"at"} if in_list else set()),
        required=("at",) if in_list else (),
    )
    if entries is None:
        return None
    at: set[str] = set()
    if "at" in entries:
        for child, _text in r.strings(entries["at"][1], t("'at' i påminnelsetrappan i {what}", what=what)):
            kind = scope.kind(child, t("'at' i påminnelsetrappan i {what}", what=what))
            if kind is not None:
                at.add(kind)
    reminder = (
        _duration(scope, entries["reminder"][1], t("påminnelsen (reminder) i {what}", what=what))
        if "reminder" in entries
        else None
    )
    notice = bool(r.boolean(entries["notice"][1], t("'notice' i {what}", what=what))) if "notice" in entries else False
    steps: list[Escalation] = []
    if "escalate" in entries:
        for child in r.items(entries["escalate"][1], t("'escalate' i {what}", what=what)):
            step = _escalation(scope, child, what)
            if step is None:
                continue
            if steps and (step.after.unit != steps[-1].after.unit or step.after.amount <= steps[-1].after.amount):
                r.problem(
                    child,
                    t("varje eskalering i {what} ska komma senare än den före, i samma enhet", what=what),
                )
            steps.append(step)
    return Ladder(reminder=reminder, notice=notice, escalate=tuple(steps), line=line_of(node), at=frozenset(at))


def _escalation(scope: Scope, node: Node, what: What) -> Escalation | None:
    """``{after: 3 working days, to: [sekreterare@lpo]}``."""
    r = scope.r
    if not isinstance(node, MappingNode):
        r.problem(
            node,
            t(
                "en eskalering i {what} ska säga hur länge efter svarsdagen och till vem, till exempel"
                " {{after: 3 working days, to: [sekreterare@lpo]}}",
                what=what,
            ),
        )
        return None
    escalation = t("en eskalering i {what}", what=what)
    entries = r.mapping(node, escalation, allowed=_ESCALATION_KEYS, required=tuple(sorted(_ESCALATION_KEYS)))
    if entries is None or set(entries) != _ESCALATION_KEYS:
        return None
    after = _duration(scope, entries["after"][1], t("'after' i {escalation}", escalation=escalation))
    recipients = tuple(
        recipient
        for child, text in r.strings(entries["to"][1], t("'to' i {escalation}", escalation=escalation))
        if (recipient := _recipient(scope, child, text, escalation)) is not None
    )
    if after is None or not recipients:
        return None
    return Escalation(after, recipients)


def _recipient(scope: Scope, node: Node, text: str, escalation: What) -> Recipient | None:
    """``role``, ``responsible``, ``role@kind`` or ``role@forum``, checked against the roles and kinds."""
    role, _, at = text.partition("@")
    if role == RESPONSIBLE:
        if not scope.has_responsible:
            scope.r.problem(
                node,
                t("{what} nämner {text!r}, men arbetsflödet har ingen 'responsible'", what=escalation, text=text),
            )
            return None
    elif role not in scope.roles:
        scope.r.problem(
            node,
            t("{what} nämner rollen {role!r}, som inte är deklarerad under 'roles'", what=escalation, role=role),
        )
        return None
    if at and at != FORUM and at not in KINDS:
        scope.r.problem(
            node,
            t(
                "{what} nämner {text!r}, men {kind!r} är varken en organisationstyp eller 'forum'",
                what=escalation,
                text=text,
                kind=at,
            ),
        )
        return None
    return Recipient(role, at or None)
