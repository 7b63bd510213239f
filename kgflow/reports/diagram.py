"""State diagrams of a workflow, generated from its definition, labels in Swedish.

Mermaid (``stateDiagram-v2``) is plain text any Mermaid viewer draws; DOT is
for Graphviz. Internal events (consequences of other events) are drawn dashed
in DOT and marked with "↳" in Mermaid.
"""

from __future__ import annotations

from kgflow.definitions.model import WorkflowDefinition


def _mermaid_text(text: str) -> str:
    return text.replace('"', "'").replace(":", " –").replace(";", ",")


def to_mermaid(definition: WorkflowDefinition) -> str:
    """The workflow as a Mermaid state diagram."""
    lines = ["stateDiagram-v2", f"    %% {definition.title.sv} (version {definition.version})"]
    for name, state in definition.states.items():
        lines.append(f'    state "{_mermaid_text(state.label.sv)}" as {name}')
    lines.append(f"    [*] --> {definition.initial}")
    if definition.referral is not None and definition.referral.state != definition.initial:
        lines.append(f"    [*] --> {definition.referral.state}: remiss tas emot")
    seen: set[tuple[str, str, str]] = set()
    for event in definition.events:
        label = ("↳ " if event.internal else "") + _mermaid_text(event.label.sv)
        for source in event.sources:
            for branch in event.branches:
                key = (source, branch.target, label)
                if key in seen:
                    continue
                seen.add(key)
                condition = f" [{branch.when}]" if branch.when else ""
                lines.append(f"    {source} --> {branch.target}: {label}{condition}")
    for name, state in definition.states.items():
        if state.final:
            lines.append(f"    {name} --> [*]")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(definition: WorkflowDefinition) -> str:
    """The workflow as a Graphviz DOT digraph."""
    lines = [
        f'digraph "{_dot_text(definition.name)}" {{',
        "    rankdir=LR;",
        '    node [shape=box, style="rounded,filled", fillcolor="#eef3f8", fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
        f'    label="{_dot_text(definition.title.sv)} (version {definition.version})"; labelloc=t;',
    ]
    for name, state in definition.states.items():
        shape = ", peripheries=2" if state.final else ""
        lines.append(f'    {name} [label="{_dot_text(state.label.sv)}"{shape}];')
    lines.append('    start [shape=point, label=""];')
    lines.append(f"    start -> {definition.initial};")
    for event in definition.events:
        style = ", style=dashed, color=gray40" if event.internal else ""
        for source in event.sources:
            for branch in event.branches:
                condition = f" [{branch.when}]" if branch.when else ""
                lines.append(
                    f'    {source} -> {branch.target} [label="{_dot_text(event.label.sv)}{condition}"{style}];'
                )
    lines.append("}")
    return "\n".join(lines) + "\n"
