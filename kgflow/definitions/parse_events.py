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
from kgflow.definitions.reader import Entries, What
from kgflow.definitions.yaml_source import MappingNode, Node, ScalarNode, column_of, line_of
from kgflow.domain.authority import RESPONSIBLE
from kgflow.domain.wording import Phrase, t

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
                t("stegets namn {name!r} får bara innehålla små bokstäver a–z, siffror, '-' och '_'", name=name),
            )
            continue
        variants = (
            list(scope.r.items(value_node, t("steget {name!r}", name=name)))
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
    what = t("steget {name!r}", name=name)
    entries = scope.r.mapping(node, what, allowed=_EVENT_KEYS, required=("sv", "en", "from", "to"))
    if entries is None:
        return None
    label = Label(
        scope.r.string(entries["sv"][1], t("det svenska namnet på {what}", what=what)) or name
        if "sv" in entries
        else name,
        scope.r.string(entries["en"][1], t("det engelska namnet på {what}", what=what)) or name
        if "en" in entries
        else name,
    )
    internal = (
        bool(scope.r.boolean(entries["internal"][1], t("'internal' i {what}", what=what)))
        if "internal" in entries
        else False
    )
    sources = _sources(scope, entries["from"][1], what, states) if "from" in entries else ()
    branches = _branches(scope, entries["to"][1], what) if "to" in entries else ()
    at = default_at
    if "at" in entries:
        at = _kinds_at(scope, entries["at"][1], t("'at' i {what}", what=what))
    by = _by(scope, entries, what, internal)
    fields = _fields(scope, entries["fields"][1], what) if "fields" in entries else {}
    per_org = None
    if "per_organisation" in entries:
        per_org = _field_type(scope, entries["per_organisation"][1], t("per_organisation i {what}", what=what))
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


def _kinds_at(scope: Scope, node: Node, what: What) -> frozenset[str]:
    """The organisation kinds listed under an ``at``; the ones that are not kinds are reported."""
    return frozenset(kind for child, _ in scope.r.strings(node, what) if (kind := scope.kind(child, what)))


def _check_internal(scope: Scope, entries: Entries, what: What, branches: tuple[Branch, ...]) -> None:
    for key in ("fields", "guards", "warnings", "per_organisation", "cascade"):
        if key in entries:
            scope.r.problem(entries[key][0], t("{what} är internt och tar därför ingen {key!r}", what=what, key=key))
    if len(branches) > 1 or any(branch.when for branch in branches):
        scope.r.problem(entries["to"][0], t("{what} är internt och måste därför leda till exakt ett läge", what=what))


def _cascade(scope: Scope, node: Node, what: What) -> Cascade | None:
    entries = scope.r.mapping(
        node,
        t("kaskaden (cascade) i {what}", what=what),
        allowed={"scope", "events", "at"},
        required=("scope", "events"),
    )
    if entries is None or "scope" not in entries or "events" not in entries:
        return None
    scope_text = scope.r.string(entries["scope"][1], t("'scope' i kaskaden i {what}", what=what))
    moves = None
    if scope_text is not None:
        try:
            moves = CascadeScope(scope_text)
        except ValueError:
            scope.r.problem(
                entries["scope"][1],
                t("'scope' i kaskaden i {what} ska vara 'item' eller 'below'", what=what),
            )
    events_node = entries["events"][1]
    events = tuple(text for _, text in scope.r.strings(events_node, t("stegen i kaskaden i {what}", what=what)))
    at = None
    if "at" in entries:
        at = _kinds_at(scope, entries["at"][1], t("'at' i kaskaden"))
    if moves is None:
        return None
    return Cascade(moves, events, at, line=line_of(events_node), column=column_of(events_node))


def _sources(scope: Scope, node: Node, what: What, states: dict[str, StateDef]) -> tuple[str, ...]:
    texts = scope.r.strings(node, t("'from' i {what}", what=what))
    if len(texts) == 1 and texts[0][1] == ALL_SOURCES:
        return tuple(name for name, state in states.items() if not state.final)
    sources: list[str] = []
    for child, text in texts:
        if text not in scope.state_names:
            scope.r.problem(
                child,
                t("{what} utgår från {text!r}, som inte är ett läge i det här arbetsflödet", what=what, text=text),
            )
        elif text in sources:
            scope.r.problem(child, t("{what} är definierat två gånger från läget {text!r}", what=what, text=text))
        else:
            sources.append(text)
    return tuple(sources)


def _branches(scope: Scope, node: Node, what: What) -> tuple[Branch, ...]:
    if isinstance(node, ScalarNode):
        target = scope.r.string(node, t("'to' i {what}", what=what))
        if target is not None and target not in scope.state_names:
            scope.r.problem(node, _not_a_target(what, target))
            return ()
        return (Branch(target),) if target else ()
    branches: list[Branch] = []
    children = list(scope.r.items(node, t("'to' i {what}", what=what)))
    for index, child in enumerate(children):
        last = index == len(children) - 1
        if isinstance(child, ScalarNode):
            target, when = scope.r.string(child, t("'to' i {what}", what=what)), None
        else:
            entries = scope.r.mapping(
                child, t("ett mål i {what}", what=what), allowed={"state", "when"}, required=("state",)
            )
            if entries is None or "state" not in entries:
                continue
            target = scope.r.string(entries["state"][1], t("ett mål i {what}", what=what))
            when = _condition(scope, entries["when"][1], what) if "when" in entries else None
        if target is not None and target not in scope.state_names:
            scope.r.problem(child, _not_a_target(what, target))
            continue
        if when is None and not last:
            scope.r.problem(child, t("bara det sista målet i {what} får sakna villkor", what=what))
        if when is not None and last:
            scope.r.problem(child, t("det sista målet i {what} ska vara utan villkor (inget 'when')", what=what))
        if target is not None:
            branches.append(Branch(target, when))
    return tuple(branches)


def _not_a_target(what: What, target: str) -> Phrase:
    return t("{what} leder till {target!r}, som inte är ett läge i det här arbetsflödet", what=what, target=target)


def _condition(scope: Scope, node: Node, what: What) -> str | None:
    text = scope.r.string(node, t("ett villkor i {what}", what=what))
    if text is not None and text not in scope.vocabulary.conditions:
        known = ", ".join(sorted(scope.vocabulary.conditions))
        scope.r.problem(
            node, t("{what} använder det okända villkoret {text!r} (kända: {known})", what=what, text=text, known=known)
        )
        return None
    return text


def _by(scope: Scope, entries: Entries, what: What, internal: bool) -> tuple[RoleRule, ...]:
    if "by" not in entries:
        if not internal:
            scope.r.problem(
                entries["sv"][0] if "sv" in entries else None,
                t("{what} behöver 'by': de roller som får ta steget", what=what),
            )
        return ()
    if internal:
        scope.r.problem(entries["by"][0], t("{what} är internt, så ingen roll tar det; ta bort 'by'", what=what))
        return ()
    return role_rules(scope, entries["by"][1], t("'by' i {what}", what=what), what)


def role_rules(scope: Scope, node: Node, where: What, what: What) -> tuple[RoleRule, ...]:
    """``role`` or ``role@kind`` strings under ``node`` (an event's or a correction's ``by``), each checked."""
    rules: list[RoleRule] = []
    for child, text in scope.r.strings(node, where):
        role, _, at_kind = text.partition("@")
        if role == RESPONSIBLE:
            if not scope.has_responsible:
                scope.r.problem(
                    child, t("{what} nämner {text!r}, men arbetsflödet har ingen 'responsible'", what=what, text=text)
                )
        elif role not in scope.roles:
            scope.r.problem(
                child, t("{what} nämner rollen {role!r}, som inte är deklarerad under 'roles'", what=what, role=role)
            )
            continue
        if at_kind and at_kind not in KINDS:
            scope.r.problem(
                child,
                t(
                    "{what} nämner {text!r}, men {kind!r} är ingen organisationstyp",
                    what=what,
                    text=text,
                    kind=at_kind,
                ),
            )
            continue
        rules.append(RoleRule(role, at_kind or None))
    return tuple(rules)


def _field_type(scope: Scope, node: Node, what: What) -> FieldType | None:
    text = scope.r.string(node, what)
    if text is None:
        return None
    try:
        return FieldType(text)
    except ValueError:
        known = ", ".join(kind.value for kind in FieldType)
        scope.r.problem(
            node, t("{what}: {text!r} är ingen fälttyp (typer: {known})", what=what, text=text, known=known)
        )
        return None


def _fields(scope: Scope, node: Node, what: What) -> dict[str, FieldDef]:
    fields: dict[str, FieldDef] = {}
    for name, (key_node, value_node) in (scope.r.mapping(node, t("fälten i {what}", what=what)) or {}).items():
        field_what = t("fältet {name!r} i {what}", name=name, what=what)
        if isinstance(value_node, ScalarNode):
            text = scope.r.string(value_node, field_what)
            if text not in ("required", "optional"):
                if text is not None:
                    scope.r.problem(
                        value_node,
                        t("{what} ska vara 'required', 'optional' eller en mappning med 'type'", what=field_what),
                    )
                continue
            fields[name] = FieldDef(name, FieldType.TEXT, text == "required", line_of(key_node))
            continue
        entries = scope.r.mapping(value_node, field_what, allowed={"type", "required"}, required=("type",))
        if entries is None or "type" not in entries:
            continue
        field_type = _field_type(scope, entries["type"][1], field_what)
        required = (
            bool(scope.r.boolean(entries["required"][1], t("'required' i {what}", what=field_what)))
            if "required" in entries
            else False
        )
        if field_type is not None:
            fields[name] = FieldDef(name, field_type, required, line_of(key_node))
    return fields


def _registered(scope: Scope, entries: Entries, key: str, what: What, known: Collection[str]) -> tuple[str, ...]:
    if key not in entries:
        return ()
    names: list[str] = []
    for child, text in scope.r.strings(entries[key][1], t("'{key}' i {what}", key=key, what=what)):
        if text not in known:
            scope.r.problem(
                child,
                t(
                    "{what} har {text!r} under '{key}', men det finns ingen sådan regel (kända: {known})",
                    what=what,
                    text=text,
                    key=key,
                    known=", ".join(sorted(known)),
                ),
            )
        else:
            names.append(text)
    return tuple(names)
