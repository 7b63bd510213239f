"""A workflow drawn as SVG in pure Python: no Graphviz, no script, no network.

States are laid out left to right in columns by the longest path from where
items start, each column ordered to cross few arrows. Transitions between the
same two states share one arrow with their event names; arrows going back
curve over the top, arrows within a column bulge to the right, and events that
stay in a state are written inside it. An event possible from every open
state (a withdrawal) is drawn once, from a note. Internal events (consequences
of others) are dashed. Labels are Swedish.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Iterable
from xml.sax.saxutils import escape

from kgflow.definitions.model import EventDef, WorkflowDefinition

NODE_W, NODE_H = 160, 60
GAP_X, GAP_Y = 140, 46
MARGIN = 30
FONT = "font-family: Helvetica, Arial, sans-serif"


def _everywhere(definition: WorkflowDefinition, event: EventDef) -> bool:
    """True for events possible from (nearly) every open state, like a withdrawal: drawn once."""
    open_states = {name for name, state in definition.states.items() if not state.final}
    return len(open_states) >= 4 and set(event.sources) >= open_states - set(event.targets)


def _layers(definition: WorkflowDefinition) -> dict[str, int]:
    """Each state's column: the longest path to it from where items start, arrows going back left out.

    Longest paths keep a step after every step that leads to it, so the drawing reads left to right.
    States reached only by an event from everywhere (a withdrawal) go below the middle of the drawing.
    """
    # The usual way on first: a person's step before a consequence, an unconditional branch before a conditional one.
    ranked: dict[str, list[tuple[bool, bool, str]]] = defaultdict(list)
    for event in definition.events:
        if not _everywhere(definition, event):
            for source in event.sources:
                ranked[source].extend(
                    (event.internal, branch.when is not None, branch.target)
                    for branch in event.branches
                    if branch.target != source
                )
    successors: dict[str, list[str]] = defaultdict(list)
    for source, targets in ranked.items():
        for *_, target in sorted(targets, key=lambda entry: entry[:2]):
            if target not in successors[source]:
                successors[source].append(target)
    finished: list[str] = []
    on_path: set[str] = set()
    back: set[tuple[str, str]] = set()

    def visit(state: str) -> None:
        on_path.add(state)
        for target in successors[state]:
            if target in on_path:
                back.add((state, target))
            elif target not in finished:
                visit(target)
        on_path.discard(state)
        finished.append(state)

    starts = [definition.initial] + ([definition.referral.state] if definition.referral else [])
    for start in starts:
        if start not in finished:
            visit(start)
    layer = dict.fromkeys(finished, 0)
    for state in reversed(finished):  # a topological order of the arrows going forward
        for target in successors[state]:
            if (state, target) not in back:
                layer[target] = max(layer[target], layer[state] + 1)
    middle = max(layer.values(), default=0) // 2
    for name in definition.states:
        layer.setdefault(name, middle)
    return layer


def _order(columns: dict[int, list[str]], edges: Iterable[tuple[str, str]]) -> None:
    """Order each column by where its predecessors sit (a barycentre pass), to cross fewer arrows."""
    predecessors: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        if source != target:
            predecessors[target].append(source)
    for _ in range(2):
        rank = {name: index for names in columns.values() for index, name in enumerate(names)}
        for column in sorted(columns)[1:]:
            names = columns[column]
            weight = {
                name: sum(rank[p] for p in predecessors[name]) / len(predecessors[name])
                if predecessors[name]
                else rank[name]
                for name in names
            }
            names.sort(key=lambda name: (weight[name], rank[name]))


def _edges(definition: WorkflowDefinition) -> dict[tuple[str, str], tuple[list[str], bool]]:
    """(source, target) → (event labels, all internal), leaving out events drawn once from everywhere."""
    merged: dict[tuple[str, str], tuple[list[str], bool]] = {}
    for event in definition.events:
        if _everywhere(definition, event):
            continue
        for source in event.sources:
            for branch in event.branches:
                key = (source, branch.target)
                labels, internal = merged.get(key, ([], True))
                # A branch's condition is in the workflow's table; the drawing names the event only.
                if event.label.sv not in labels:
                    labels.append(event.label.sv)
                merged[key] = (labels, internal and event.internal)
    return merged


def to_svg(definition: WorkflowDefinition) -> str:
    """The workflow's state diagram as an SVG document."""
    layer = _layers(definition)
    columns: dict[int, list[str]] = defaultdict(list)
    for name in definition.states:
        columns[layer[name]].append(name)
    edges = _edges(definition)
    _order(columns, edges)
    # A state only an event from everywhere leads to (closed) sits at the bottom of its column.
    reached = {target for source, target in edges if source != target} | {definition.initial}
    reached |= {definition.referral.state} if definition.referral else set()
    for names in columns.values():
        names.sort(key=lambda name: name not in reached)
    position: dict[str, tuple[float, float]] = {}
    tallest = max(len(names) for names in columns.values())
    for column, names in columns.items():
        offset = (tallest - len(names)) * (NODE_H + GAP_Y) / 2
        for row, name in enumerate(names):
            position[name] = (MARGIN + column * (NODE_W + GAP_X), MARGIN + 40 + offset + row * (NODE_H + GAP_Y))
    width = MARGIN * 2 + (max(columns) + 1) * (NODE_W + GAP_X) - GAP_X
    height = MARGIN * 2 + 40 + tallest * (NODE_H + GAP_Y) - GAP_Y
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(definition.title.sv)}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#44546a"/></marker></defs>',
        f'<text x="{MARGIN}" y="{MARGIN + 6}" style="{FONT}; font-size: 16px; font-weight: bold" fill="#1f2d3d">'
        f"{escape(definition.title.sv)} (version {definition.version})</text>",
    ]
    loops = {source: labels for (source, target), (labels, _) in edges.items() if source == target}
    for (source, target), (labels, internal) in edges.items():
        if source != target:
            parts.append(_edge(position[source], position[target], labels, internal))
    for event in definition.events:
        if _everywhere(definition, event) and not event.internal:
            parts.append(_from_everywhere(position[event.targets[0]], event.label.sv))
    for name, state in definition.states.items():
        parts.append(
            _node(position[name], state.label.sv, name, state.final, name == definition.initial, loops.get(name, []))
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _from_everywhere(target: tuple[float, float], label: str) -> str:
    """One arrow for an event that every open state has (a withdrawal), from a note instead of each state."""
    x, y = target
    note_x, note_y = x - GAP_X + 8, y - 34
    return (
        f'<g class="transition everywhere"><text x="{note_x:.0f}" y="{note_y:.0f}" style="{FONT}; font-size: 10.5px" '
        f'fill="#33415c">{escape(label)} – från alla öppna lägen</text>'
        f'<path d="M {note_x + 20:.0f} {note_y + 6:.0f} C {note_x + 20:.0f} {y + NODE_H / 2:.0f}, {x - 30:.0f} '
        f'{y + NODE_H / 2:.0f}, {x:.0f} {y + NODE_H / 2:.0f}" fill="none" stroke="#44546a" stroke-width="1.2" '
        f'marker-end="url(#arrow)"/></g>'
    )


def _node(at: tuple[float, float], label: str, name: str, final: bool, initial: bool, loops: list[str]) -> str:
    """A state; events that stay in it are written inside it, after "↻"."""
    x, y = at
    fill = "#e3ecf7" if not final else "#eeeeee"
    stroke = "#2b5797" if initial else "#44546a"
    lines = textwrap.wrap(label, 22) or [name]
    text_y = y + NODE_H / 2 - (len(lines) - 1) * 8 + 5 - (7 if loops else 0)
    texts = "".join(
        f'<tspan x="{x + NODE_W / 2:.0f}" y="{text_y + i * 16:.0f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    texts += "".join(
        f'<tspan x="{x + NODE_W / 2:.0f}" y="{text_y + len(lines) * 16 - 2 + i * 12:.0f}" '
        f'style="font-size: 10px; font-style: italic">↻ {escape(loop)}</tspan>'
        for i, loop in enumerate(loops)
    )
    outline = (
        f'<rect x="{x - 4:.0f}" y="{y - 4:.0f}" width="{NODE_W + 8}" height="{NODE_H + 8}" rx="14" fill="none" '
        f'stroke="{stroke}"/>'
        if final
        else ""
    )
    return (
        f'<g class="state" data-state="{escape(name)}"><title>{escape(name)}</title>{outline}'
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{NODE_W}" height="{NODE_H}" rx="10" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{2 if initial else 1.2}"/>'
        f'<text text-anchor="middle" style="{FONT}; font-size: 13px" fill="#1f2d3d">{texts}</text></g>'
    )


def _edge(start: tuple[float, float], end: tuple[float, float], labels: list[str], internal: bool) -> str:
    (sx, sy), (ex, ey) = start, end
    style = 'stroke="#8a94a6" stroke-dasharray="5 4"' if internal else 'stroke="#44546a"'
    anchor = "middle"
    if ex == sx:
        # Same column: bulge out to the right, between this column and the next.
        x, y1, y2 = sx + NODE_W, sy + NODE_H / 2 + (6 if ey > sy else -6), ey + NODE_H / 2
        bulge = x + 28 + abs(y2 - y1) * 0.1
        path = f"M {x:.0f} {y1:.0f} C {bulge:.0f} {y1:.0f}, {bulge:.0f} {y2:.0f}, {x:.0f} {y2:.0f}"
        lx, ly, anchor = bulge - 4, (y1 + y2) / 2, "start"
    elif ex > sx:
        x1, y1 = sx + NODE_W, sy + NODE_H / 2
        x2, y2 = ex, ey + NODE_H / 2
        bend = (x2 - x1) / 2
        path = f"M {x1:.0f} {y1:.0f} C {x1 + bend:.0f} {y1:.0f}, {x2 - bend:.0f} {y2:.0f}, {x2:.0f} {y2:.0f}"
        lx, ly = x1 + min(GAP_X / 2, (x2 - x1) / 2), y1 + (y2 - y1) * min(0.5, GAP_X / 2 / (x2 - x1)) - 6
    else:
        x1, y1 = sx + NODE_W / 2, sy
        x2, y2 = ex + NODE_W / 2, ey
        top = min(y1, y2) - 30 - abs(x1 - x2) * 0.08
        path = f"M {x1:.0f} {y1:.0f} C {x1:.0f} {top:.0f}, {x2:.0f} {top:.0f}, {x2:.0f} {y2:.0f}"
        lx, ly = (x1 + x2) / 2, top + 14
    lines = [line for label in labels for line in textwrap.wrap(label, 22)]
    first = ly - (len(lines) - 1) * 12 if anchor == "middle" else ly - (len(lines) - 1) * 6
    text = "".join(
        f'<tspan x="{lx:.0f}" y="{first + i * 12:.0f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return (
        f'<g class="transition"><path d="{path}" fill="none" {style} stroke-width="1.2" marker-end="url(#arrow)"/>'
        f'<text text-anchor="{anchor}" style="{FONT}; font-size: 10.5px" fill="#33415c" '
        f'paint-order="stroke" stroke="#ffffff" stroke-width="3">{text}</text></g>'
    )
