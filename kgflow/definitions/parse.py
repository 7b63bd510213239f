"""Workflow YAML (as nodes) → the frozen IR, reporting every problem with its line.

The entry of the walk, which knows the file format (see ``workflows/README.md``):
this module reads the top level — name, version, owner and participants, roles,
``responsible``, ``initial``, ``referral`` and ``schedule`` (``corrections`` and
``hold`` have their own modules) — and hands the states to :mod:`kgflow.definitions.parse_states` and the events to
:mod:`kgflow.definitions.parse_events`; all three share one
:class:`~kgflow.definitions.parse_scope.Scope`. They check shapes and names
that can be checked where they are written: unknown keys, bad durations,
unknown states, roles, organisation kinds, guards and effects. Whole-graph
checks (reachability, exits from final states, one variant per event and
state, cascades of internal events) live in :mod:`kgflow.definitions.graph`;
the cascade check runs here, on the events, so that a file with a broken
header still hears about it.
"""

from __future__ import annotations

__all__ = ["Vocabulary", "parse_definition"]


from kgflow.definitions.corrections import parse_corrections
from kgflow.definitions.graph import cascade_problems
from kgflow.definitions.hold import parse_hold
from kgflow.definitions.model import EventDef, Label, Referral, Schedule, StateDef, WorkflowDefinition
from kgflow.definitions.parse_adoption import parse_adoption
from kgflow.definitions.parse_events import parse_events
from kgflow.definitions.parse_scope import KINDS, NAME, Scope, Vocabulary
from kgflow.definitions.parse_states import parse_states
from kgflow.definitions.reader import Entries, NodeReader, What
from kgflow.definitions.yaml_source import Node
from kgflow.domain.wording import t

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
    "corrections",
    "adoption",
    "hold",
}
_TOP_REQUIRED = ("workflow", "version", "title", "owner", "participants", "roles", "initial")


def parse_definition(root: Node | None, reader: NodeReader, vocabulary: Vocabulary) -> WorkflowDefinition | None:
    """Build the IR from a document node; problems go to ``reader.problems``."""
    if root is None:
        reader.problem(None, t("filen är tom; ett arbetsflöde behöver minst 'workflow', 'states' och 'events'"))
        return None
    top = reader.mapping(root, t("arbetsflödet"), allowed=_TOP_KEYS, required=_TOP_REQUIRED)
    if top is None:
        return None
    return _workflow(Scope(reader, vocabulary), root, top)


def _workflow(scope: Scope, root: Node, top: Entries) -> WorkflowDefinition | None:
    r = scope.r
    name = _name(scope, top, "workflow", t("arbetsflödets namn"))
    version = r.integer(top["version"][1], t("versionen"), minimum=1) if "version" in top else None
    title = scope.label_of(top["title"][1], t("titeln")) if "title" in top else None
    owner = scope.kind(top["owner"][1], t("ägaren (owner)")) if "owner" in top else None
    participants = _kinds(scope, top, "participants")
    item_kinds = tuple(text for _, text in r.strings(top["item_kinds"][1], "item_kinds")) if "item_kinds" in top else ()
    scope.roles = _roles(scope, top)
    responsible = _responsible(scope, top)
    scope.has_responsible = bool(responsible)
    states_node = top.get("states")
    if states_node is None:
        r.problem(root, t("arbetsflödet behöver 'states'"))
        states: dict[str, StateDef] = {}
    else:
        states = parse_states(scope, states_node[1])
    scope.state_names = set(states)
    initial = scope.state_ref(top["initial"][1], t("startläget (initial)")) if "initial" in top else None
    events_node = top.get("events")
    if events_node is None:
        r.problem(root, t("arbetsflödet behöver 'events'"))
        events: list[EventDef] = []
    else:
        events = parse_events(scope, events_node[1], states, participants, owner)
    referral = _referral(scope, top["referral"][1], events) if "referral" in top else None
    schedule = _schedule(scope, top["schedule"][1]) if "schedule" in top else None
    corrections = parse_corrections(scope, top["corrections"][1], events) if "corrections" in top else {}
    adoption = parse_adoption(scope, top["adoption"][1], item_kinds) if "adoption" in top else {}
    hold = parse_hold(scope, top["hold"][1], states, events) if "hold" in top else None
    r.problems.extend(cascade_problems(r.path, events))
    if name is None or version is None or title is None or owner is None or initial is None:
        return None
    return WorkflowDefinition(
        name=name,
        version=version,
        title=title,
        item_kinds=frozenset(item_kinds),
        owner=owner,
        participants=tuple(participants),
        roles=scope.roles,
        responsible=responsible,
        initial=initial,
        states=states,
        events=tuple(events),
        referral=referral,
        schedule=schedule,
        corrections=corrections,
        adoption=adoption,
        hold=hold,
        path=r.path,
    )


def _name(scope: Scope, entries: Entries, key: str, what: What) -> str | None:
    if key not in entries:
        return None
    node = entries[key][1]
    text = scope.r.string(node, what)
    if text is not None and not NAME.match(text):
        scope.r.problem(
            node, t("{what} {text!r} får bara innehålla små bokstäver a–z, siffror, '-' och '_'", what=what, text=text)
        )
        return None
    return text


def _kinds(scope: Scope, top: Entries, key: str) -> list[str]:
    if key not in top:
        return []
    kinds = []
    for node, _text in scope.r.strings(top[key][1], key):
        kind = scope.kind(node, t("posten i {key}", key=key))
        if kind is not None:
            kinds.append(kind)
    return kinds


def _roles(scope: Scope, top: Entries) -> dict[str, Label]:
    roles: dict[str, Label] = {}
    if "roles" not in top:
        return roles
    entries = scope.r.mapping(top["roles"][1], "roles") or {}
    for role, (key_node, value_node) in entries.items():
        if not NAME.match(role):
            scope.r.problem(
                key_node,
                t("rollnamnet {role!r} får bara innehålla små bokstäver a–z, siffror, '-' och '_'", role=role),
            )
            continue
        label = scope.label_of(value_node, t("rollen {role!r}", role=role))
        if label is not None:
            roles[role] = label
    return roles


def _responsible(scope: Scope, top: Entries) -> dict[str, str]:
    result: dict[str, str] = {}
    if "responsible" not in top:
        return result
    entries = scope.r.mapping(top["responsible"][1], "responsible") or {}
    for kind, (key_node, value_node) in entries.items():
        if kind not in KINDS:
            scope.r.problem(key_node, t("{kind!r} i responsible är ingen organisationstyp", kind=kind))
            continue
        role = _role_ref(scope, value_node, t("den ansvariga rollen för {kind}", kind=kind))
        if role is not None:
            result[kind] = role
    return result


def _role_ref(scope: Scope, node: Node, what: What) -> str | None:
    text = scope.r.string(node, what)
    if text is not None and text not in scope.roles:
        known = ", ".join(sorted(scope.roles)) or t("inga deklarerade")
        scope.r.problem(
            node,
            t(
                "{what}: {text!r} är ingen roll i det här arbetsflödet (roller: {known})",
                what=what,
                text=text,
                known=known,
            ),
        )
        return None
    return text


def _schedule(scope: Scope, node: Node) -> Schedule | None:
    keys = ("opens", "due", "follows")
    entries = scope.r.mapping(node, "schedule", allowed=set(keys), required=keys)
    if entries is None or not set(keys) <= set(entries):
        return None
    opens = _month_day(scope, entries["opens"][1], t("'opens' i schedule"))
    due = _month_day(scope, entries["due"][1], t("'due' i schedule"))
    follows = scope.r.mapping(
        entries["follows"][1],
        t("'follows' i schedule"),
        allowed={"workflow", "states"},
        required=("workflow", "states"),
    )
    if follows is None or not {"workflow", "states"} <= set(follows):
        return None
    workflow = scope.r.string(follows["workflow"][1], t("arbetsflödet som schedule följer"))
    states = tuple(text for _, text in scope.r.strings(follows["states"][1], t("lägena som schedule följer")))
    if opens is None or due is None or workflow is None or not states:
        return None
    return Schedule(opens, due, workflow, states)


def _month_day(scope: Scope, node: Node, what: What) -> tuple[int, int] | None:
    return scope.r.month_day(node, what)


def _referral(scope: Scope, node: Node, events: list[EventDef]) -> Referral | None:
    entries = scope.r.mapping(node, "referral", allowed={"event", "state", "below"}, required=("event", "state"))
    if entries is None or "event" not in entries or "state" not in entries:
        return None
    below = scope.r.string(entries["below"][1], t("'below' i referral")) if "below" in entries else "owner"
    if below not in ("owner", "parent"):
        scope.r.problem(entries["below"][1], t("'below' i referral ska vara 'owner' eller 'parent'"))
        return None
    event = scope.r.string(entries["event"][1], t("remissens steg (referral event)"))
    if event is not None and not any(e.name == event and not e.internal for e in events):
        scope.r.problem(
            entries["event"][1],
            t("remissens steg {event!r} är inget steg i det här arbetsflödet", event=event),
        )
        return None
    state = scope.state_ref(entries["state"][1], t("remissens läge (referral state)"))
    if event is None or state is None or below is None:
        return None
    return Referral(event, state, below)
