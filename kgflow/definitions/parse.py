"""Workflow YAML (as nodes) → the frozen IR, reporting every problem with its line.

The walker knows the file format (see ``workflows/README.md``). It checks
shapes and names that can be checked where they are written: unknown keys,
bad durations, unknown states, roles, organisation kinds, guards and effects.
Whole-graph checks (reachability, exits from final states, one variant per
event and state) live in :mod:`kgflow.definitions.graph`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from kgflow.definitions.model import (
    Branch,
    Cascade,
    CascadeScope,
    Deadline,
    EventDef,
    FieldDef,
    FieldType,
    Label,
    Ladder,
    Referral,
    RoleRule,
    Schedule,
    StateDef,
    WorkflowDefinition,
)
from kgflow.definitions.reader import Entries, NodeReader
from kgflow.definitions.yaml_source import MappingNode, Node, ScalarNode, line_of
from kgflow.domain.durations import BadDuration, Duration, parse_duration
from kgflow.domain.model import OrgKind

NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
ALWAYS_ACCEPTED_FIELDS = ("ref", "note")
ALL_SOURCES = "*"
RESPONSIBLE = "responsible"

_TOP_KEYS = {
    "workflow",
    "version",
    "title",
    "item_kinds",
    "owner",
    "participants",
    "roles",
    "responsible",
    "initial",
    "states",
    "events",
    "referral",
    "schedule",
}
_TOP_REQUIRED = ("workflow", "version", "title", "owner", "participants", "roles", "initial")
_STATE_KEYS = {"sv", "en", "final", "goal", "deadline", "ladder"}
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
_LADDER_KEYS = {"reminder", "notice", "escalate"}
_DEADLINE_KEYS = {"within", "before_parent"}
_KINDS = {kind.value for kind in OrgKind}


@dataclass(frozen=True)
class Vocabulary:
    """The names a definition may use that are implemented in code."""

    guards: frozenset[str]
    effects: frozenset[str]
    conditions: frozenset[str]
    warnings: frozenset[str] = frozenset()


def parse_definition(root: Node | None, reader: NodeReader, vocabulary: Vocabulary) -> WorkflowDefinition | None:
    """Build the IR from a document node; problems go to ``reader.problems``."""
    if root is None:
        reader.problem(None, "the file is empty; a workflow needs at least 'workflow', 'states' and 'events'")
        return None
    top = reader.mapping(root, "the workflow", allowed=_TOP_KEYS, required=_TOP_REQUIRED)
    if top is None:
        return None
    walker = _Walker(reader, vocabulary)
    return walker.workflow(root, top)


class _Walker:
    def __init__(self, reader: NodeReader, vocabulary: Vocabulary) -> None:
        self.r = reader
        self.vocabulary = vocabulary
        self.roles: dict[str, Label] = {}
        self.state_names: set[str] = set()
        self._cascade_nodes: dict[str, Node] = {}
        self._has_responsible = False

    # ------------------------------------------------------------ top level
    def workflow(self, root: Node, top: Entries) -> WorkflowDefinition | None:
        name = self._name(top, "workflow", "the workflow name")
        version = self.r.integer(top["version"][1], "the version", minimum=1) if "version" in top else None
        title = self.label_of(top["title"][1], "the title") if "title" in top else None
        owner = self._kind(top["owner"][1], "the owner") if "owner" in top else None
        participants = self._kinds(top, "participants")
        item_kinds = (
            tuple(text for _, text in self.r.strings(top["item_kinds"][1], "item_kinds")) if "item_kinds" in top else ()
        )
        self.roles = self._roles(top)
        responsible = self._responsible(top)
        self._has_responsible = bool(responsible)
        states_node = top.get("states")
        if states_node is None:
            self.r.problem(root, "the workflow needs 'states'")
            states: dict[str, StateDef] = {}
        else:
            states = self._states(states_node[1])
        self.state_names = set(states)
        initial = self._state_ref(top["initial"][1], "the initial state") if "initial" in top else None
        events_node = top.get("events")
        if events_node is None:
            self.r.problem(root, "the workflow needs 'events'")
            events: list[EventDef] = []
        else:
            events = self._events(events_node[1], states, participants, owner)
        referral = self._referral(top["referral"][1], events) if "referral" in top else None
        schedule = self._schedule(top["schedule"][1]) if "schedule" in top else None
        self._check_cascades(events)
        if name is None or version is None or title is None or owner is None or initial is None:
            return None
        return WorkflowDefinition(
            name=name,
            version=version,
            title=title,
            item_kinds=frozenset(item_kinds),
            owner=owner,
            participants=tuple(participants),
            roles=self.roles,
            responsible=responsible,
            initial=initial,
            states=states,
            events=tuple(events),
            referral=referral,
            schedule=schedule,
            path=self.r.path,
        )

    def _name(self, entries: Entries, key: str, what: str) -> str | None:
        if key not in entries:
            return None
        node = entries[key][1]
        text = self.r.string(node, what)
        if text is not None and not NAME.match(text):
            self.r.problem(node, f"{what} {text!r} must be lower-case letters, digits, '-' or '_'")
            return None
        return text

    def _kind(self, node: Node, what: str) -> str | None:
        text = self.r.string(node, what)
        if text is not None and text not in _KINDS:
            self.r.problem(
                node,
                f"{what} {text!r} is not an organisation kind; use one of: {', '.join(sorted(_KINDS))}",
            )
            return None
        return text

    def _kinds(self, top: Entries, key: str) -> list[str]:
        if key not in top:
            return []
        kinds = []
        for node, _text in self.r.strings(top[key][1], key):
            kind = self._kind(node, f"the {key} entry")
            if kind is not None:
                kinds.append(kind)
        return kinds

    def label_of(self, node: Node, what: str) -> Label | None:
        """A label: a mapping with ``sv`` and ``en``."""
        entries = self.r.mapping(node, what, allowed={"sv", "en"}, required=("sv", "en"))
        if entries is None or "sv" not in entries or "en" not in entries:
            return None
        sv = self.r.string(entries["sv"][1], f"the Swedish name of {what}")
        en = self.r.string(entries["en"][1], f"the English name of {what}")
        return Label(sv, en) if sv and en else None

    def _roles(self, top: Entries) -> dict[str, Label]:
        roles: dict[str, Label] = {}
        if "roles" not in top:
            return roles
        entries = self.r.mapping(top["roles"][1], "roles") or {}
        for role, (key_node, value_node) in entries.items():
            if not NAME.match(role):
                self.r.problem(
                    key_node,
                    f"the role name {role!r} must be lower-case letters, digits, '-' or '_'",
                )
                continue
            label = self.label_of(value_node, f"the role {role!r}")
            if label is not None:
                roles[role] = label
        return roles

    def _responsible(self, top: Entries) -> dict[str, str]:
        result: dict[str, str] = {}
        if "responsible" not in top:
            return result
        entries = self.r.mapping(top["responsible"][1], "responsible") or {}
        for kind, (key_node, value_node) in entries.items():
            if kind not in _KINDS:
                self.r.problem(key_node, f"{kind!r} in responsible is not an organisation kind")
                continue
            role = self._role_ref(value_node, f"the responsible role of {kind}")
            if role is not None:
                result[kind] = role
        return result

    def _role_ref(self, node: Node, what: str) -> str | None:
        text = self.r.string(node, what)
        if text is not None and text not in self.roles:
            known = ", ".join(sorted(self.roles)) or "none declared"
            self.r.problem(node, f"{what}: {text!r} is not a role of this workflow (roles: {known})")
            return None
        return text

    # ------------------------------------------------------------ states
    def _states(self, node: Node) -> dict[str, StateDef]:
        entries = self.r.mapping(node, "states") or {}
        states: dict[str, StateDef] = {}
        for name, (key_node, value_node) in entries.items():
            if not NAME.match(name):
                self.r.problem(
                    key_node,
                    f"the state name {name!r} must be lower-case letters, digits, '-' or '_'",
                )
                continue
            state = self._state(name, key_node, value_node)
            if state is not None:
                states[name] = state
        if not entries and isinstance(node, MappingNode):
            self.r.problem(node, "the workflow has no states")
        return states

    def _state(self, name: str, key_node: Node, node: Node) -> StateDef | None:
        what = f"state {name!r}"
        entries = self.r.mapping(node, what, allowed=_STATE_KEYS, required=("sv", "en"))
        if entries is None:
            return None
        sv = self.r.string(entries["sv"][1], f"the Swedish name of {what}") if "sv" in entries else None
        en = self.r.string(entries["en"][1], f"the English name of {what}") if "en" in entries else None
        final = bool(self.r.boolean(entries["final"][1], f"'final' of {what}")) if "final" in entries else False
        goal = bool(self.r.boolean(entries["goal"][1], f"'goal' of {what}")) if "goal" in entries else False
        deadline = self._deadline(entries["deadline"][1], what) if "deadline" in entries else None
        ladder = self._ladder(entries["ladder"][1], what) if "ladder" in entries else None
        return StateDef(
            name=name,
            label=Label(sv or name, en or name),
            final=final,
            goal=goal,
            deadline=deadline,
            ladder=ladder,
            line=line_of(key_node),
        )

    def _duration(self, node: Node, what: str) -> Duration | None:
        text = self.r.string(node, what)
        if text is None:
            return None
        try:
            return parse_duration(text)
        except BadDuration as exc:
            self.r.problem(node, f"{what}: {exc}")
            return None

    def _deadline(self, node: Node, what: str) -> Deadline | None:
        entries = self.r.mapping(node, f"the deadline of {what}", allowed=_DEADLINE_KEYS)
        if entries is None:
            return None
        if len(entries) != 1:
            self.r.problem(node, f"the deadline of {what} needs exactly one of 'within' or 'before_parent'")
            return None
        if "within" in entries:
            within = self._duration(entries["within"][1], f"the deadline of {what}")
            return Deadline(within=within, line=line_of(node)) if within else None
        margins: dict[str, Duration] = {}
        margin_entries = self.r.mapping(entries["before_parent"][1], f"before_parent of {what}") or {}
        for kind, (key_node, value_node) in margin_entries.items():
            if kind not in _KINDS:
                self.r.problem(key_node, f"{kind!r} in before_parent of {what} is not an organisation kind")
                continue
            margin = self._duration(value_node, f"the margin for {kind} in {what}")
            if margin is not None:
                margins[kind] = margin
        return Deadline(before_parent=margins, line=line_of(node))

    def _ladder(self, node: Node, what: str) -> Ladder | None:
        entries = self.r.mapping(node, f"the ladder of {what}", allowed=_LADDER_KEYS)
        if entries is None:
            return None
        reminder = self._duration(entries["reminder"][1], f"the reminder of {what}") if "reminder" in entries else None
        notice = bool(self.r.boolean(entries["notice"][1], f"'notice' of {what}")) if "notice" in entries else False
        steps: list[Duration] = []
        if "escalate" in entries:
            for child in self.r.items(entries["escalate"][1], f"'escalate' of {what}"):
                step = self._duration(child, f"an escalation of {what}")
                if step is None:
                    continue
                if steps and (step.unit != steps[-1].unit or step.amount <= steps[-1].amount):
                    self.r.problem(
                        child,
                        f"each escalation of {what} must come later than the one before, in the same unit",
                    )
                steps.append(step)
        return Ladder(reminder=reminder, notice=notice, escalate=tuple(steps), line=line_of(node))

    def _state_ref(self, node: Node, what: str) -> str | None:
        text = self.r.string(node, what)
        if text is not None and text not in self.state_names:
            self.r.problem(node, f"{what} {text!r} is not a state of this workflow")
            return None
        return text

    # ------------------------------------------------------------ events
    def _events(
        self, node: Node, states: dict[str, StateDef], participants: list[str], owner: str | None
    ) -> list[EventDef]:
        entries = self.r.mapping(node, "events") or {}
        default_at = frozenset([*participants, *([owner] if owner else [])])
        events: list[EventDef] = []
        for name, (key_node, value_node) in entries.items():
            if not NAME.match(name):
                self.r.problem(
                    key_node,
                    f"the event name {name!r} must be lower-case letters, digits, '-' or '_'",
                )
                continue
            variants = (
                list(self.r.items(value_node, f"event {name!r}"))
                if not isinstance(value_node, MappingNode)
                else [value_node]
            )
            for variant_node in variants:
                event = self._event(name, variant_node, states, default_at)
                if event is not None:
                    events.append(event)
        return events

    def _event(self, name: str, node: Node, states: dict[str, StateDef], default_at: frozenset[str]) -> EventDef | None:
        what = f"event {name!r}"
        entries = self.r.mapping(node, what, allowed=_EVENT_KEYS, required=("sv", "en", "from", "to"))
        if entries is None:
            return None
        label = Label(
            self.r.string(entries["sv"][1], f"the Swedish name of {what}") or name if "sv" in entries else name,
            self.r.string(entries["en"][1], f"the English name of {what}") or name if "en" in entries else name,
        )
        internal = (
            bool(self.r.boolean(entries["internal"][1], f"'internal' of {what}")) if "internal" in entries else False
        )
        sources = self._sources(entries["from"][1], what, states) if "from" in entries else ()
        branches = self._branches(entries["to"][1], what) if "to" in entries else ()
        at = default_at
        if "at" in entries:
            at = frozenset(
                kind
                for n, _ in self.r.strings(entries["at"][1], f"'at' of {what}")
                if (kind := self._kind(n, f"'at' of {what}"))
            )
        by = self._by(entries, what, internal)
        fields = self._fields(entries["fields"][1], what) if "fields" in entries else {}
        per_org = None
        if "per_organisation" in entries:
            per_org = self._field_type(entries["per_organisation"][1], f"per_organisation of {what}")
        guards = self._registered(entries, "guards", what, self.vocabulary.guards)
        warnings = self._registered(entries, "warnings", what, self.vocabulary.warnings)
        effects = self._registered(entries, "effects", what, self.vocabulary.effects)
        cascade = self._cascade(entries["cascade"][1], what) if "cascade" in entries else None
        if internal:
            self._check_internal(entries, what, branches)
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

    def _check_internal(self, entries: Entries, what: str, branches: tuple[Branch, ...]) -> None:
        for key in ("fields", "guards", "warnings", "per_organisation", "cascade"):
            if key in entries:
                self.r.problem(entries[key][0], f"{what} is internal, so it takes no {key!r}")
        if len(branches) > 1 or any(branch.when for branch in branches):
            self.r.problem(entries["to"][0], f"{what} is internal, so it must lead to exactly one state")

    def _cascade(self, node: Node, what: str) -> Cascade | None:
        entries = self.r.mapping(
            node,
            f"the cascade of {what}",
            allowed={"scope", "events", "at"},
            required=("scope", "events"),
        )
        if entries is None or "scope" not in entries or "events" not in entries:
            return None
        scope_text = self.r.string(entries["scope"][1], f"the scope of the cascade of {what}")
        scope = None
        if scope_text is not None:
            try:
                scope = CascadeScope(scope_text)
            except ValueError:
                self.r.problem(
                    entries["scope"][1],
                    f"the scope of the cascade of {what} must be 'item' or 'below'",
                )
        events = tuple(text for _, text in self.r.strings(entries["events"][1], f"the events of the cascade of {what}"))
        self._cascade_nodes[what] = entries["events"][1]
        at = None
        if "at" in entries:
            at = frozenset(
                kind
                for n, _ in self.r.strings(entries["at"][1], "'at' of the cascade")
                if (kind := self._kind(n, "'at' of the cascade"))
            )
        return Cascade(scope, events, at) if scope is not None else None

    def _check_cascades(self, events: list[EventDef]) -> None:
        internal = {event.name for event in events if event.internal}
        for event in events:
            if event.cascade is None:
                continue
            for name in event.cascade.events:
                if name not in internal:
                    node = self._cascade_nodes.get(f"event {event.name!r}")
                    self.r.problem(
                        node,
                        f"the cascade of event {event.name!r} names {name!r}, which is not an internal event",
                    )

    def _schedule(self, node: Node) -> Schedule | None:
        keys = ("opens", "due", "follows")
        entries = self.r.mapping(node, "schedule", allowed=set(keys), required=keys)
        if entries is None or not set(keys) <= set(entries):
            return None
        opens = self._month_day(entries["opens"][1], "'opens' of the schedule")
        due = self._month_day(entries["due"][1], "'due' of the schedule")
        follows = self.r.mapping(
            entries["follows"][1],
            "'follows' of the schedule",
            allowed={"workflow", "states"},
            required=("workflow", "states"),
        )
        if follows is None or not {"workflow", "states"} <= set(follows):
            return None
        workflow = self.r.string(follows["workflow"][1], "the workflow the schedule follows")
        states = tuple(text for _, text in self.r.strings(follows["states"][1], "the states the schedule follows"))
        if opens is None or due is None or workflow is None or not states:
            return None
        return Schedule(opens, due, workflow, states)

    def _month_day(self, node: Node, what: str) -> tuple[int, int] | None:
        text = self.r.string(node, what)
        if text is None:
            return None
        match = re.fullmatch(r"(\d\d)-(\d\d)", text)
        try:
            if match is None:
                raise ValueError(text)
            month, day = int(match.group(1)), int(match.group(2))
            date(2001, month, day)  # a year without 29 February: the day must exist every year
        except ValueError:
            self.r.problem(node, f"{what} must be a day of the year written MM-DD (like 12-01), not {text!r}")
            return None
        return month, day

    def _referral(self, node: Node, events: list[EventDef]) -> Referral | None:
        entries = self.r.mapping(node, "referral", allowed={"event", "state", "below"}, required=("event", "state"))
        if entries is None or "event" not in entries or "state" not in entries:
            return None
        below = self.r.string(entries["below"][1], "'below' of the referral") if "below" in entries else "owner"
        if below not in ("owner", "parent"):
            self.r.problem(entries["below"][1], "'below' of the referral must be 'owner' or 'parent'")
            return None
        event = self.r.string(entries["event"][1], "the referral event")
        if event is not None and not any(e.name == event and not e.internal for e in events):
            self.r.problem(
                entries["event"][1],
                f"the referral event {event!r} is not an event of this workflow",
            )
            return None
        state = self._state_ref(entries["state"][1], "the referral state")
        if event is None or state is None or below is None:
            return None
        return Referral(event, state, below)

    def _sources(self, node: Node, what: str, states: dict[str, StateDef]) -> tuple[str, ...]:
        texts = self.r.strings(node, f"'from' of {what}")
        if len(texts) == 1 and texts[0][1] == ALL_SOURCES:
            return tuple(name for name, state in states.items() if not state.final)
        sources: list[str] = []
        for child, text in texts:
            if text not in self.state_names:
                self.r.problem(child, f"{what} comes from {text!r}, which is not a state of this workflow")
            elif text in sources:
                self.r.problem(child, f"{what} is defined twice from state {text!r}")
            else:
                sources.append(text)
        return tuple(sources)

    def _branches(self, node: Node, what: str) -> tuple[Branch, ...]:
        if isinstance(node, ScalarNode):
            target = self.r.string(node, f"'to' of {what}")
            if target is not None and target not in self.state_names:
                self.r.problem(node, f"{what} leads to {target!r}, which is not a state of this workflow")
                return ()
            return (Branch(target),) if target else ()
        branches: list[Branch] = []
        children = list(self.r.items(node, f"'to' of {what}"))
        for index, child in enumerate(children):
            last = index == len(children) - 1
            if isinstance(child, ScalarNode):
                target, when = self.r.string(child, f"'to' of {what}"), None
            else:
                entries = self.r.mapping(child, f"a target of {what}", allowed={"state", "when"}, required=("state",))
                if entries is None or "state" not in entries:
                    continue
                target = self.r.string(entries["state"][1], f"a target of {what}")
                when = self._condition(entries["when"][1], what) if "when" in entries else None
            if target is not None and target not in self.state_names:
                self.r.problem(child, f"{what} leads to {target!r}, which is not a state of this workflow")
                continue
            if when is None and not last:
                self.r.problem(child, f"only the last target of {what} may be unconditional")
            if when is not None and last:
                self.r.problem(child, f"the last target of {what} must be unconditional (no 'when')")
            if target is not None:
                branches.append(Branch(target, when))
        return tuple(branches)

    def _condition(self, node: Node, what: str) -> str | None:
        text = self.r.string(node, f"a condition of {what}")
        if text is not None and text not in self.vocabulary.conditions:
            known = ", ".join(sorted(self.vocabulary.conditions))
            self.r.problem(node, f"{what} uses the unknown condition {text!r} (known: {known})")
            return None
        return text

    def _by(self, entries: Entries, what: str, internal: bool) -> tuple[RoleRule, ...]:
        if "by" not in entries:
            if not internal:
                self.r.problem(
                    entries["sv"][0] if "sv" in entries else None,
                    f"{what} needs 'by': the roles that may perform it",
                )
            return ()
        if internal:
            self.r.problem(entries["by"][0], f"{what} is internal, so no role performs it; remove 'by'")
            return ()
        rules: list[RoleRule] = []
        for child, text in self.r.strings(entries["by"][1], f"'by' of {what}"):
            role, _, at_kind = text.partition("@")
            if role == RESPONSIBLE:
                if not self._has_responsible:
                    self.r.problem(child, f"{what} names {text!r}, but the workflow has no 'responsible' mapping")
            elif role not in self.roles:
                self.r.problem(child, f"{what} names the role {role!r}, which is not declared under 'roles'")
                continue
            if at_kind and at_kind not in _KINDS:
                self.r.problem(child, f"{what} names {text!r}, but {at_kind!r} is not an organisation kind")
                continue
            rules.append(RoleRule(role, at_kind or None))
        return tuple(rules)

    def _field_type(self, node: Node, what: str) -> FieldType | None:
        text = self.r.string(node, what)
        if text is None:
            return None
        try:
            return FieldType(text)
        except ValueError:
            known = ", ".join(t.value for t in FieldType)
            self.r.problem(node, f"{what}: {text!r} is not a field type (types: {known})")
            return None

    def _fields(self, node: Node, what: str) -> dict[str, FieldDef]:
        fields: dict[str, FieldDef] = {}
        for name, (key_node, value_node) in (self.r.mapping(node, f"the fields of {what}") or {}).items():
            field_what = f"field {name!r} of {what}"
            if isinstance(value_node, ScalarNode):
                text = self.r.string(value_node, field_what)
                if text not in ("required", "optional"):
                    if text is not None:
                        self.r.problem(
                            value_node,
                            f"{field_what} must be 'required', 'optional' or a mapping with 'type'",
                        )
                    continue
                fields[name] = FieldDef(name, FieldType.TEXT, text == "required", line_of(key_node))
                continue
            entries = self.r.mapping(value_node, field_what, allowed={"type", "required"}, required=("type",))
            if entries is None or "type" not in entries:
                continue
            field_type = self._field_type(entries["type"][1], field_what)
            required = (
                bool(self.r.boolean(entries["required"][1], f"'required' of {field_what}"))
                if "required" in entries
                else False
            )
            if field_type is not None:
                fields[name] = FieldDef(name, field_type, required, line_of(key_node))
        return fields

    def _registered(self, entries: Entries, key: str, what: str, known: Collection[str]) -> tuple[str, ...]:
        if key not in entries:
            return ()
        names: list[str] = []
        singular = key.rstrip("s")
        for child, text in self.r.strings(entries[key][1], f"'{key}' of {what}"):
            if text not in known:
                self.r.problem(
                    child,
                    f"{what} uses the unknown {singular} {text!r} (known: {', '.join(sorted(known))})",
                )
            else:
                names.append(text)
        return tuple(names)
