"""State diagrams of a workflow, generated from its definition, in the reader's language.

Mermaid (``stateDiagram-v2``) is plain text any Mermaid viewer draws. DOT is the
source Graphviz lays out: kgflow never places a box or an arrow itself. The
command line runs Debian's ``dot`` on it (:mod:`kgflow.reports.diagram_svg`);
the documentation site draws the same source in the browser with the copy of
Viz.js (Graphviz compiled to WebAssembly) shipped in ``assets/vendor/viz``.

In the DOT drawing every state is a box labelled in the chosen language: the
state where items start has a thick border and an arrow from a dot, a final
state a double border, the goal (implemented) a green fill. Each arrow names
the events (steps) between two states; internal events (consequences of other
events) are dashed; a decision taken in a forum says so ("i länets
beslutsorgan"). An event possible from every open state, like a withdrawal,
is one arrow leaving the frame around the open states. Where the workflow lets
a län pause an item (its ``hold`` section, R16), a dotted loop on each such
state says so and that a held step is not chased.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from html import escape

from kgflow.definitions.model import EventDef, FieldType, Label, WorkflowDefinition
from kgflow.domain.spelling import either
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import language as current_language
from kgflow.domain.wording import marked, t
from kgflow.reports.templating import plain_sv

FONT = "Helvetica"
WRAP = 24  # characters per line of a label
START = "__start"
REFERRAL_START = "__referral"
OPEN_CLUSTER = "cluster_open"
CONSEQUENCE = "↳ "  # before the name of an internal event (a consequence of another), as in Mermaid


def _label(label: Label, language: str) -> str:
    return label.en if language == "en" else label.sv


# Kinds of item as the adoption under an adopting step names them (R5b).
_KIND_WORDS = {"vip": "VIP", "psvf": "PSVF", "vardprogram": marked("vårdprogram"), "riktlinje": marked("riktlinje")}


def _event_text(definition: WorkflowDefinition, event: EventDef, language: str) -> str:
    """An event's label; an adopting step also names who adopts each kind ("SKS för PSVF eller vårdprogram")."""
    text = _label(event.label, language)
    if "adopt_version" not in event.effects or not definition.adoption:
        return text
    kinds_of: dict[str, list[str]] = {}
    for kind, body in definition.adoption.items():
        shown = definition.owner if body == "owner" else body
        kinds_of.setdefault(shown.upper(), []).append(_(_KIND_WORDS[kind]) if kind in _KIND_WORDS else kind)
    bodies = ", ".join(str(t("{body} för {kinds}", body=body, kinds=either(kinds))) for body, kinds in kinds_of.items())
    return str(t("{step} ({bodies})", step=text, bodies=bodies))


def _step_text(definition: WorkflowDefinition, event: EventDef, language: str) -> str:
    """An event's words on an arrow: a consequence marked as such, a decision taken in a forum (R6) saying where."""
    text = _event_text(definition, event, language)
    if any(field.type is FieldType.FORUM for field in event.fields.values()):
        text = f"{text} — {_('i länets beslutsorgan')}"
    return CONSEQUENCE + text if event.internal else text


def _mermaid_text(text: str) -> str:
    return text.replace('"', "'").replace(":", " –").replace(";", ",")


def hold_text(definition: WorkflowDefinition, language: str) -> str | None:
    """What the diagram says where a hold is possible: the steps, and that the chasing pauses (R16)."""
    hold = definition.hold
    if hold is None:
        return None
    steps = " / ".join(_label(hold.label(step), language) for step in ("hold", "resume"))
    return f"{steps}\n" + _("(under pausen: inte försenat, inga påminnelser)")


def to_mermaid(definition: WorkflowDefinition, language: str | None = None) -> str:
    """The workflow as a Mermaid state diagram."""
    language = language or current_language()
    title = _label(definition.title, language)
    lines = ["stateDiagram-v2", f"    %% {title} (version {definition.version})"]
    for name, state in definition.states.items():
        lines.append(f'    state "{_mermaid_text(_label(state.label, language))}" as {name}')
    lines.append(f"    [*] --> {definition.initial}")
    if definition.referral is not None and definition.referral.state != definition.initial:
        lines.append(f"    [*] --> {definition.referral.state}: {_mermaid_text(_('Remiss tas emot'))}")
    seen: set[tuple[str, str, str]] = set()
    for event in definition.events:
        label = _mermaid_text(_step_text(definition, event, language))
        for source in event.sources:
            for branch in event.branches:
                key = (source, branch.target, label)
                if key in seen:
                    continue
                seen.add(key)
                condition = f" [{_mermaid_text(plain_sv(branch.when))}]" if branch.when else ""
                lines.append(f"    {source} --> {branch.target}: {label}{condition}")
    for name, state in definition.states.items():
        if state.final:
            lines.append(f"    {name} --> [*]")
    held = hold_text(definition, language)
    if definition.hold is not None and held is not None:
        for name in definition.hold.states:
            lines.append(f"    {name} --> {name}: {_mermaid_text(held.replace(chr(10), ' '))}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A DOT string: quotes and backslashes escaped, lines wrapped (centred, ``\\n``)."""
    lines = [line for part in text.split("\n") for line in (textwrap.wrap(part, WRAP) or [""])]
    return '"' + "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines) + '"'


def _attributes(**values: str | float | int) -> str:
    return "[" + ", ".join(f"{key}={_value(value)}" for key, value in values.items()) + "]"


class _Html(str):
    """An HTML-like Graphviz label, written as it is (``<…>``) instead of quoted."""

    __slots__ = ()


def _value(value: str | float | int) -> str:
    if isinstance(value, _Html):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def from_every_open_state(definition: WorkflowDefinition, event: EventDef) -> bool:
    """True for events possible from (nearly) every open state, like a withdrawal: drawn once."""
    open_states = {name for name, state in definition.states.items() if not state.final}
    return len(open_states) >= 4 and set(event.sources) >= open_states - set(event.targets)


def _merged(
    definition: WorkflowDefinition, events: Iterable[EventDef], language: str
) -> dict[tuple[str, str], tuple[list[str], bool]]:
    """(source, target) → (event labels, all internal): one arrow per pair of states."""
    merged: dict[tuple[str, str], tuple[list[str], bool]] = {}
    for event in events:
        text = _step_text(definition, event, language)
        for source in event.sources:
            for branch in event.branches:
                labels, internal = merged.get((source, branch.target), ([], True))
                if text not in labels:
                    labels.append(text)
                merged[(source, branch.target)] = (labels, internal and event.internal)
    return merged


def _edge_style(internal: bool) -> dict[str, str | float | int]:
    if internal:
        return {"style": "dashed", "color": "#8a94a6", "fontcolor": "#5a6478"}
    return {}


def to_dot(definition: WorkflowDefinition, language: str | None = None) -> str:
    """The workflow as a Graphviz DOT digraph, labels in ``language`` (default: the installed one)."""
    language = language or current_language()
    everywhere = [event for event in definition.events if from_every_open_state(definition, event)]
    # An HTML-like label: the title, and under it in small print what a dashed arrow means.
    title = f"{escape(_label(definition.title, language))} (version {definition.version})"
    if any(event.internal for event in definition.events):
        legend = escape(_("↳ och streckad pil: en följd av ett annat steg, som ingen tar själv."))
        title += f'<br align="left"/><font point-size="10" color="#5a6478">{legend}</font>'
    if definition.hold is not None:
        legend = escape(_("Prickad ögla: här kan länet pausa; ett pausat steg är inte försenat och påminns inte."))
        title += f'<br align="left"/><font point-size="10" color="#8a5a00">{legend}</font>'
    title = f'<{title}<br align="left"/>>'
    lines = [
        f"digraph {_value(definition.name)} {{",
        f"    graph {_attributes(rankdir='TB', fontname=FONT, fontsize=16, label=_Html(title), labelloc='t', labeljust='l', nodesep=0.35, ranksep=0.55, compound='true', pad=0.2)};",  # noqa: E501
        f"    node {_attributes(shape='box', style='rounded,filled', fillcolor='#e3ecf7', color='#44546a', fontname=FONT, fontsize=12, margin='0.15,0.07')};",  # noqa: E501
        f"    edge {_attributes(fontname=FONT, fontsize=10, color='#44546a', fontcolor='#33415c', arrowsize=0.8)};",
    ]

    def state_line(name: str, indent: str) -> str:
        state = definition.states[name]
        extra: dict[str, str | float | int] = {"id": f"state-{name}", "class": "state"}
        if state.final:
            extra.update(peripheries=2, fillcolor="#eeeeee")
        if state.goal:
            extra.update(fillcolor="#dcefd9")
        if name == definition.initial:
            extra.update(penwidth=2, color="#2b5797")
        return f"{indent}{name} [label={_quoted(_label(state.label, language))}, {_attributes(**extra)[1:-1]}];"

    def start_lines(indent: str) -> list[str]:
        """Where items start: a dot with an arrow to the initial state (and to the referral's state)."""
        point = _attributes(
            shape="point", width=0.16, label="", color="#2b5797", fillcolor="#2b5797", **{"class": "start"}
        )
        lines = [f"{indent}{START} {point};", f'{indent}{START} -> {definition.initial} [class="start"];']
        if definition.referral is not None and definition.referral.state != definition.initial:
            lines.append(f"{indent}{REFERRAL_START} {point};")
            received = _quoted(_("Remiss tas emot"))
            lines.append(f'{indent}{REFERRAL_START} -> {definition.referral.state} [label={received}, class="start"];')
        return lines

    open_states = [name for name, state in definition.states.items() if not state.final]
    if everywhere:
        lines.append(f"    subgraph {OPEN_CLUSTER} {{")
        lines.append(
            "        graph "
            + _attributes(
                label=_("Alla öppna lägen"),
                fontsize=11,
                fontcolor="#5a6478",
                style="rounded,dashed",
                color="#8a94a6",
                margin=14,
            )
            + ";"
        )
        lines.extend(state_line(name, "        ") for name in open_states)
        lines.extend(start_lines("        "))
        lines.append("    }")
        lines.extend(state_line(name, "    ") for name in definition.states if name not in open_states)
    else:
        lines.extend(state_line(name, "    ") for name in definition.states)
        lines.extend(start_lines("    "))

    ordinary = [event for event in definition.events if event not in everywhere]
    for (source, target), (labels, internal) in _merged(definition, ordinary, language).items():
        attributes = {"class": "transition", **_edge_style(internal)}
        lines.append(
            f"    {source} -> {target} [label={_quoted(chr(10).join(labels))}, {_attributes(**attributes)[1:-1]}];"
        )

    # From the frame around the open states: the arrow starts at the frame (ltail), drawn from its last state.
    if everywhere:
        tail = open_states[-1]
        by_target: dict[str, tuple[list[str], bool]] = {}
        for event in everywhere:
            for target in event.targets:
                labels, internal = by_target.get(target, ([], True))
                labels.append(_step_text(definition, event, language))
                by_target[target] = (labels, internal and event.internal)
        for target, (labels, internal) in by_target.items():
            attributes = {"class": "transition from-every-open-state", "ltail": OPEN_CLUSTER, **_edge_style(internal)}
            lines.append(
                f"    {tail} -> {target} [label={_quoted(chr(10).join(labels))}, {_attributes(**attributes)[1:-1]}];"
            )
    held = hold_text(definition, language)
    if definition.hold is not None and held is not None:
        loop = {"class": "hold", "style": "dotted", "color": "#b07000", "fontcolor": "#8a5a00"}
        for name in definition.hold.states:
            lines.append(f"    {name} -> {name} [label={_quoted(held)}, {_attributes(**loop)[1:-1]}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
