"""The ``events`` of a workflow file → :class:`EventDef` objects, one per variant.

Checks what one event's entry shows: where it comes from and leads to, who
performs it and where, its fields, and that its guards, warnings, effects and
conditions are implemented in code (:class:`~kgflow.definitions.parse_scope.Vocabulary`).
That a cascade fires only internal events is a whole-graph check, in
:mod:`kgflow.definitions.graph`.
"""

from __future__ import annotations

from collections.abc import Collection

from kgflow.definitions.model import (
    Branch,
    Cascade,
    CascadeScope,
    EventDef,
    FieldDef,
    FieldType,
    Label,
    RoleRule,
    StateDef,
)
from kgflow.definitions.parse_scope import KINDS, NAME, Scope
from kgflow.definitions.reader import Entries
from kgflow.definitions.yaml_source import MappingNode, Node, ScalarNode, column_of, line_of
from kgflow.domain.authority import RESPONSIBLE

ALL_SOURCES = "*"

_EVENT_KEYS = {
    "sv",
    "en",
    "from",
    "to",
    "at",
    "by",
    "fields",
    "per_organisation",
    "guards",
    "warnings",
    "effects",
    "internal",
    "cascade",
}


def parse_events(
    scope: Scope, node: Node, states: dict[str, StateDef], participants: list[str], owner: str | None
) -> list[EventDef]:
    """Every variant of every event under ``events``, in file order; problems go to the scope's reader."""
    entries = scope.r.mapping(node, "events") or {}
    default_at = frozenset([*participants, *([owner] if owner else [])])
    events: list[EventDef] = []
    for name, (key_node, value_node) in entries.items():
        if not NAME.match(name):
            scope.r.problem(
                key_node,
                f"the event name {name!r} must be lower-case letters, digits, '-' or '_'",
            )
            continue
        variants = (
            list(scope.r.items(value_node, f"event {name!r}"))
            if not isinstance(value_node, MappingNode)
            else [value_node]
        )
        for variant_node in variants:
            event = _event(scope, name, variant_node, states, default_at)
            if event is not None:
                events.append(event)
    return events


def _event(
    scope: Scope, name: str, node: Node, states: dict[str, StateDef], default_at: frozenset[str]
) -> EventDef | None:
    what = f"event {name!r}"
    entries = scope.r.mapping(node, what, allowed=_EVENT_KEYS, required=("sv", "en", "from", "to"))
    if entries is None:
        return None
    label = Label(
        scope.r.string(entries["sv"][1], f"the Swedish name of {what}") or name if "sv" in entries else name,
        scope.r.string(entries["en"][1], f"the English name of {what}") or name if "en" in entries else name,
    )
    internal = (
        bool(scope.r.boolean(entries["internal"][1], f"'internal' of {what}")) if "internal" in entries else False
    )
    sources = _sources(scope, entries["from"][1], what, states) if "from" in entries else ()
    branches = _branches(scope, entries["to"][1], what) if "to" in entries else ()
    at = default_at
    if "at" in entries:
        at = _kinds_at(scope, entries["at"][1], f"'at' of {what}")
    by = _by(scope, entries, what, internal)
    fields = _fields(scope, entries["fields"][1], what) if "fields" in entries else {}
    per_org = None
    if "per_organisation" in entries:
        per_org = _field_type(scope, entries["per_organisation"][1], f"per_organisation of {what}")
    guards = _registered(scope, entries, "guards", what, scope.vocabulary.guards)
    warnings = _registered(scope, entries, "warnings", what, scope.vocabulary.warnings)
    effects = _registered(scope, entries, "effects", what, scope.vocabulary.effects)
    cascade = _cascade(scope, entries["cascade"][1], what) if "cascade" in entries else None
    if internal:
        _check_internal(scope, entries, what, branches)
    return EventDef(
        name=name,
        label=label,
        sources=sources,
        branches=branches,
        at=at,
        by=by,
        fields=fields,
        per_organisation=per_org,
        internal=internal,
        guards=guards,
        warnings=warnings,
        effects=effects,
        cascade=cascade,
        line=line_of(node),
    )


def _kinds_at(scope: Scope, node: Node, what: str) -> frozenset[str]:
    """The organisation kinds listed under an ``at``; the ones that are not kinds are reported."""
    return frozenset(kind for child, _ in scope.r.strings(node, what) if (kind := scope.kind(child, what)))


def _check_internal(scope: Scope, entries: Entries, what: str, branches: tuple[Branch, ...]) -> None:
    for key in ("fields", "guards", "warnings", "per_organisation", "cascade"):
        if key in entries:
            scope.r.problem(entries[key][0], f"{what} is internal, so it takes no {key!r}")
    if len(branches) > 1 or any(branch.when for branch in branches):
        scope.r.problem(entries["to"][0], f"{what} is internal, so it must lead to exactly one state")


def _cascade(scope: Scope, node: Node, what: str) -> Cascade | None:
    entries = scope.r.mapping(
        node,
        f"the cascade of {what}",
        allowed={"scope", "events", "at"},
        required=("scope", "events"),
    )
    if entries is None or "scope" not in entries or "events" not in entries:
        return None
    scope_text = scope.r.string(entries["scope"][1], f"the scope of the cascade of {what}")
    moves = None
    if scope_text is not None:
        try:
            moves = CascadeScope(scope_text)
        except ValueError:
            scope.r.problem(
                entries["scope"][1],
                f"the scope of the cascade of {what} must be 'item' or 'below'",
            )
    events_node = entries["events"][1]
    events = tuple(text for _, text in scope.r.strings(events_node, f"the events of the cascade of {what}"))
    at = None
    if "at" in entries:
        at = _kinds_at(scope, entries["at"][1], "'at' of the cascade")
    if moves is None:
        return None
    return Cascade(moves, events, at, line=line_of(events_node), column=column_of(events_node))


def _sources(scope: Scope, node: Node, what: str, states: dict[str, StateDef]) -> tuple[str, ...]:
    texts = scope.r.strings(node, f"'from' of {what}")
    if len(texts) == 1 and texts[0][1] == ALL_SOURCES:
        return tuple(name for name, state in states.items() if not state.final)
    sources: list[str] = []
    for child, text in texts:
        if text not in scope.state_names:
            scope.r.problem(child, f"{what} comes from {text!r}, which is not a state of this workflow")
        elif text in sources:
            scope.r.problem(child, f"{what} is defined twice from state {text!r}")
        else:
            sources.append(text)
    return tuple(sources)


def _branches(scope: Scope, node: Node, what: str) -> tuple[Branch, ...]:
    if isinstance(node, ScalarNode):
        target = scope.r.string(node, f"'to' of {what}")
        if target is not None and target not in scope.state_names:
            scope.r.problem(node, f"{what} leads to {target!r}, which is not a state of this workflow")
            return ()
        return (Branch(target),) if target else ()
    branches: list[Branch] = []
    children = list(scope.r.items(node, f"'to' of {what}"))
    for index, child in enumerate(children):
        last = index == len(children) - 1
        if isinstance(child, ScalarNode):
            target, when = scope.r.string(child, f"'to' of {what}"), None
        else:
            entries = scope.r.mapping(child, f"a target of {what}", allowed={"state", "when"}, required=("state",))
            if entries is None or "state" not in entries:
                continue
            target = scope.r.string(entries["state"][1], f"a target of {what}")
            when = _condition(scope, entries["when"][1], what) if "when" in entries else None
        if target is not None and target not in scope.state_names:
            scope.r.problem(child, f"{what} leads to {target!r}, which is not a state of this workflow")
            continue
        if when is None and not last:
            scope.r.problem(child, f"only the last target of {what} may be unconditional")
        if when is not None and last:
            scope.r.problem(child, f"the last target of {what} must be unconditional (no 'when')")
        if target is not None:
            branches.append(Branch(target, when))
    return tuple(branches)


def _condition(scope: Scope, node: Node, what: str) -> str | None:
    text = scope.r.string(node, f"a condition of {what}")
    if text is not None and text not in scope.vocabulary.conditions:
        known = ", ".join(sorted(scope.vocabulary.conditions))
        scope.r.problem(node, f"{what} uses the unknown condition {text!r} (known: {known})")
        return None
    return text


def _by(scope: Scope, entries: Entries, what: str, internal: bool) -> tuple[RoleRule, ...]:
    if "by" not in entries:
        if not internal:
            scope.r.problem(
                entries["sv"][0] if "sv" in entries else None,
                f"{what} needs 'by': the roles that may perform it",
            )
        return ()
    if internal:
        scope.r.problem(entries["by"][0], f"{what} is internal, so no role performs it; remove 'by'")
        return ()
    rules: list[RoleRule] = []
    for child, text in scope.r.strings(entries["by"][1], f"'by' of {what}"):
        role, _, at_kind = text.partition("@")
        if role == RESPONSIBLE:
            if not scope.has_responsible:
                scope.r.problem(child, f"{what} names {text!r}, but the workflow has no 'responsible' mapping")
        elif role not in scope.roles:
            scope.r.problem(child, f"{what} names the role {role!r}, which is not declared under 'roles'")
            continue
        if at_kind and at_kind not in KINDS:
            scope.r.problem(child, f"{what} names {text!r}, but {at_kind!r} is not an organisation kind")
            continue
        rules.append(RoleRule(role, at_kind or None))
    return tuple(rules)


def _field_type(scope: Scope, node: Node, what: str) -> FieldType | None:
    text = scope.r.string(node, what)
    if text is None:
        return None
    try:
        return FieldType(text)
    except ValueError:
        known = ", ".join(t.value for t in FieldType)
        scope.r.problem(node, f"{what}: {text!r} is not a field type (types: {known})")
        return None


def _fields(scope: Scope, node: Node, what: str) -> dict[str, FieldDef]:
    fields: dict[str, FieldDef] = {}
    for name, (key_node, value_node) in (scope.r.mapping(node, f"the fields of {what}") or {}).items():
        field_what = f"field {name!r} of {what}"
        if isinstance(value_node, ScalarNode):
            text = scope.r.string(value_node, field_what)
            if text not in ("required", "optional"):
                if text is not None:
                    scope.r.problem(
                        value_node,
                        f"{field_what} must be 'required', 'optional' or a mapping with 'type'",
                    )
                continue
            fields[name] = FieldDef(name, FieldType.TEXT, text == "required", line_of(key_node))
            continue
        entries = scope.r.mapping(value_node, field_what, allowed={"type", "required"}, required=("type",))
        if entries is None or "type" not in entries:
            continue
        field_type = _field_type(scope, entries["type"][1], field_what)
        required = (
            bool(scope.r.boolean(entries["required"][1], f"'required' of {field_what}"))
            if "required" in entries
            else False
        )
        if field_type is not None:
            fields[name] = FieldDef(name, field_type, required, line_of(key_node))
    return fields


def _registered(scope: Scope, entries: Entries, key: str, what: str, known: Collection[str]) -> tuple[str, ...]:
    if key not in entries:
        return ()
    names: list[str] = []
    singular = key.rstrip("s")
    for child, text in scope.r.strings(entries[key][1], f"'{key}' of {what}"):
        if text not in known:
            scope.r.problem(
                child,
                f"{what} uses the unknown {singular} {text!r} (known: {', '.join(sorted(known))})",
            )
        else:
            names.append(text)
    return tuple(names)
