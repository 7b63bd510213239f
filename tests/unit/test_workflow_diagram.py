"""The workflow diagrams are laid out by Graphviz, and nothing in them overlaps.

Every shipped workflow is drawn in Swedish and in English, by Debian's ``dot``
and by the copy of Viz.js the site ships (through Node), and the SVG is read
back: no two labels overlap, no label sits on a state, no two states overlap,
and every arrow starts and ends at a state (or, for an event from every open
state, at the frame around them). Neither program installed is a failure, not
a skip: ``.ci/run`` installs graphviz.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kgflow.config import shipped_workflows
from kgflow.definitions.model import WorkflowDefinition
from kgflow.domain.wording import speak
from kgflow.locale import translator
from kgflow.reports.diagram import to_dot, to_mermaid
from kgflow.reports.diagram_svg import render_svg
from kgflow.service.catalogue import WorkflowCatalogue

SVG = "{http://www.w3.org/2000/svg}"
VIZ = Path(str(files("kgflow.reports").joinpath("assets", "vendor", "viz", "viz-global.js")))
NODE_SCRIPT = """
const Viz = require(process.argv[1]);
let source = "";
process.stdin.on("data", (chunk) => (source += chunk));
process.stdin.on("end", () => Viz.instance().then((viz) => process.stdout.write(viz.renderString(source, {format: "svg"}))));
"""
START_TOLERANCE = 3.0  # points between an arrow's first point and its state's outline
END_TOLERANCE = 12.0  # the arrow's path ends at the base of its arrowhead (8 points at arrowsize 0.8)


def _with_viz(source: str) -> str:
    done = subprocess.run(
        ["node", "-e", NODE_SCRIPT, str(VIZ)], input=source.encode(), capture_output=True, timeout=120, check=True
    )
    return done.stdout.decode()


def renderers() -> dict[str, Callable[[str], str]]:
    """Every way available here to lay out DOT: Graphviz's dot, and the site's Viz.js through Node."""
    found: dict[str, Callable[[str], str]] = {}
    if shutil.which("dot"):
        found["dot"] = render_svg
    if shutil.which("node"):
        found["viz"] = _with_viz
    return found


def workflows() -> list[WorkflowDefinition]:
    catalogue = WorkflowCatalogue(shipped_workflows())
    return [catalogue.current(name) for name in catalogue.names()]


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    what: str
    group: str = ""  # the lines of one label share it: how close they sit is line spacing, not an overlap

    def overlaps(self, other: Box, slack: float = 0.5) -> bool:
        return (
            self.left + slack < other.right
            and other.left + slack < self.right
            and self.top + slack < other.bottom
            and other.top + slack < self.bottom
        )

    def distance_to_outline(self, x: float, y: float) -> float:
        """How far (x, y) is from the box's outline, inside or out."""
        dx = max(self.left - x, 0.0, x - self.right)
        dy = max(self.top - y, 0.0, y - self.bottom)
        if dx or dy:
            return float((dx * dx + dy * dy) ** 0.5)
        return min(x - self.left, self.right - x, y - self.top, self.bottom - y)


NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _points(text: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in NUMBER.findall(text)]
    return list(zip(numbers[::2], numbers[1::2], strict=False))


def _shape_box(group: ElementTree.Element, what: str) -> Box:
    points: list[tuple[float, float]] = []
    for element in group:
        tag = element.tag.removeprefix(SVG)
        if tag == "polygon":
            points += _points(element.get("points", ""))
        elif tag == "path":
            points += _points(element.get("d", ""))
        elif tag == "ellipse":
            cx, cy = float(element.get("cx", 0)), float(element.get("cy", 0))
            rx, ry = float(element.get("rx", 0)), float(element.get("ry", 0))
            points += [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    assert points, f"{what} has no shape"
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Box(min(xs), min(ys), max(xs), max(ys), what)


# Helvetica's advance widths (thousandths of an em, from its AFM file), as Graphviz estimates them.
_AFM = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ().,-:;'!?/&",
        [
            556,
            556,
            500,
            556,
            556,
            278,
            556,
            556,
            222,
            222,
            500,
            222,
            833,
            556,
            556,
            556,
            556,
            333,
            500,
            278,
            556,
            500,
            722,
            500,
            500,
            500,
            667,
            667,
            722,
            722,
            667,
            611,
            778,
            722,
            278,
            500,
            667,
            556,
            833,
            722,
            778,
            667,
            778,
            722,
            667,
            611,
            722,
            667,
            944,
            667,
            667,
            611,
            *[556] * 10,
            278,
            333,
            333,
            278,
            278,
            333,
            278,
            278,
            191,
            278,
            556,
            278,
            667,
        ],
        strict=True,
    )
)


def _width(text: str, size: float) -> float:
    """Helvetica's width of ``text`` (letters with accents as wide as without)."""
    plain = text.translate(str.maketrans("åäöéÅÄÖÉ", "aaoeAAOE"))
    return sum(_AFM.get(char, 556) for char in plain) * size / 1000


def _text_box(element: ElementTree.Element, what: str, group: str) -> Box:
    x, y = float(element.get("x", 0)), float(element.get("y", 0))
    size = float(element.get("font-size", 14))
    width = _width("".join(element.itertext()), size)
    anchor = element.get("text-anchor", "start")
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return Box(left, y - 0.78 * size, left + width, y + 0.22 * size, what, group)


@dataclass
class Drawing:
    nodes: dict[str, Box]
    clusters: dict[str, Box]
    labels: list[Box]
    edges: list[tuple[str, str, list[tuple[float, float]], bool]]  # source, target, path points, from a frame


def read_drawing(svg: str) -> Drawing:
    root = ElementTree.fromstring(svg)
    drawing = Drawing({}, {}, [], [])
    for group in root.iter(f"{SVG}g"):
        kind = (group.get("class") or "").split()
        title = "".join(group.findtext(f"{SVG}title") or "")
        if "node" in kind:
            drawing.nodes[title] = _shape_box(group, f"state {title}")
        elif "cluster" in kind:
            drawing.clusters[title] = _shape_box(group, f"frame {title}")
            drawing.labels += [_text_box(text, f"frame label of {title}", title) for text in group.iter(f"{SVG}text")]
        elif "edge" in kind:
            source, target = title.split("->")
            path = group.find(f"{SVG}path")
            assert path is not None, f"arrow {title} has no line"
            drawing.edges.append((source, target, _points(path.get("d", "")), "from-every-open-state" in kind))
            drawing.labels += [
                _text_box(text, f"label {''.join(text.itertext())!r} of {title}", title)
                for text in group.iter(f"{SVG}text")
            ]
        elif "graph" in kind:
            drawing.labels += [_text_box(text, "title", "title") for text in group.findall(f"{SVG}text")]
    return drawing


def problems(drawing: Drawing) -> Iterator[str]:
    labels, nodes = drawing.labels, list(drawing.nodes.values())
    for index, label in enumerate(labels):
        for other in labels[index + 1 :]:
            if label.group != other.group and label.overlaps(other):
                yield f"{label.what} overlaps {other.what}"
        for node in nodes:
            if label.overlaps(node):
                yield f"{label.what} overlaps {node.what}"
    for index, node in enumerate(nodes):
        for other in nodes[index + 1 :]:
            if node.overlaps(other):
                yield f"{node.what} overlaps {other.what}"
    for source, target, points, from_frame in drawing.edges:
        start_box = next(iter(drawing.clusters.values())) if from_frame else drawing.nodes[source]
        (sx, sy), (ex, ey) = points[0], points[-1]
        if start_box.distance_to_outline(sx, sy) > START_TOLERANCE:
            yield f"the arrow {source}->{target} starts at ({sx}, {sy}), away from {start_box.what}"
        if drawing.nodes[target].distance_to_outline(ex, ey) > END_TOLERANCE:
            yield f"the arrow {source}->{target} ends at ({ex}, {ey}), away from state {target}"


CASES = [(definition, language) for definition in workflows() for language in ("sv", "en")]


@pytest.mark.parametrize(("definition", "language"), CASES, ids=lambda case: getattr(case, "name", case))
def test_nothing_in_the_diagram_overlaps_and_every_arrow_joins_states(
    definition: WorkflowDefinition, language: str
) -> None:
    available = renderers()
    assert available, (
        "Neither Graphviz's dot nor Node is installed, so the diagrams cannot be checked: "
        "install Debian's graphviz (apt-get install graphviz), as .ci/run does."
    )
    with speak(language, translator(language)):
        source = to_dot(definition)
    for renderer, render in available.items():
        drawing = read_drawing(render(source))
        assert set(drawing.nodes) >= set(definition.states), renderer
        assert list(problems(drawing)) == [], renderer


@pytest.mark.parametrize("definition", workflows(), ids=lambda d: d.name)
def test_the_diagram_labels_states_and_steps_in_the_chosen_language(definition: WorkflowDefinition) -> None:
    for language in ("sv", "en"):
        with speak(language, translator(language)):
            source, mermaid = to_dot(definition), to_mermaid(definition)
        for state in definition.states.values():
            shown = state.label.en if language == "en" else state.label.sv
            assert shown.split()[0] in source, (language, shown)
            assert shown.split()[0] in mermaid, (language, shown)
        for event in definition.events:
            shown = event.label.en if language == "en" else event.label.sv
            assert shown.split()[0] in source, (language, shown)


def test_the_initial_state_and_the_final_states_are_marked() -> None:
    definition = next(d for d in workflows() if d.name == "nationellt-kunskapsstod")
    source = to_dot(definition)
    assert f"__start -> {definition.initial}" in source
    for name, state in definition.states.items():
        line = next(line for line in source.splitlines() if line.strip().startswith(f"{name} [label="))
        assert ("peripheries=2" in line) == state.final, name
    # The withdrawal is drawn once, from the frame around the open states, not from every state.
    assert source.count("-> closed") == 1
    assert "ltail=" in source


def test_a_missing_dot_is_refused_in_one_plain_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    from kgflow.domain.errors import UsageError

    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(UsageError) as refused:
        render_svg("digraph { a -> b }")
    assert "installera Debians paket graphviz" in str(refused.value)


@pytest.mark.parametrize("renderer", ["dot", "viz"])
def test_the_check_finds_a_label_on_a_state_and_an_arrow_from_nowhere(renderer: str) -> None:
    available = renderers()
    if renderer == "dot" and "dot" not in available:
        pytest.fail("Graphviz's dot is not installed: install Debian's graphviz, as .ci/run does.")
    if renderer not in available:
        pytest.skip("Node is not installed, so the shipped Viz.js is checked in the browser test only")
    svg = available[renderer]('digraph { node [shape=box]; a -> b [label="från a till b"]; }')
    assert list(problems(read_drawing(svg))) == []
    root = ElementTree.fromstring(svg)
    a = next(g for g in root.iter(f"{SVG}g") if g.findtext(f"{SVG}title") == "a")
    edge = next(g for g in root.iter(f"{SVG}g") if "edge" in (g.get("class") or ""))
    a_text, edge_text, path = a.find(f"{SVG}text"), edge.find(f"{SVG}text"), edge.find(f"{SVG}path")
    assert a_text is not None
    assert edge_text is not None
    assert path is not None
    edge_text.set("x", a_text.get("x", "0"))
    edge_text.set("y", a_text.get("y", "0"))
    path.set("d", "M 500,500 " + path.get("d", "").removeprefix("M"))
    found = list(problems(read_drawing(ElementTree.tostring(root, encoding="unicode"))))
    assert any("overlaps state a" in problem for problem in found), found
    assert any("a->b starts at (500.0, 500.0)" in problem for problem in found), found


def test_the_command_line_draws_with_dot_and_refuses_plainly_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from kgflow.cli.main import cli

    drawn = CliRunner().invoke(cli, ["workflow", "show", "regional-riktlinje", "--format", "svg"])
    assert drawn.exit_code == 0, drawn.stderr
    assert "Generated by graphviz" in drawn.stdout
    english = CliRunner(env={"KGFLOW_LANGUAGE": "en"}).invoke(
        cli, ["workflow", "show", "regional-riktlinje", "--format", "dot"]
    )
    assert english.exit_code == 0, english.stderr
    assert '"Working group appointed"' in english.stdout
    assert '"Referral received"' in english.stdout
    monkeypatch.setenv("PATH", "/nonexistent")
    refused = CliRunner().invoke(cli, ["workflow", "show", "regional-riktlinje", "--format", "svg"])
    assert refused.exit_code != 0
    assert refused.stdout == ""
    assert refused.stderr.startswith(
        "kgflow: Programmet dot (Graphviz) finns inte på den här datorn: installera Debians paket graphviz"
    )


def test_viz_is_shipped_inside_the_package_with_its_licence() -> None:
    from kgflow.reports.diagram_svg import SITE_ASSETS
    from kgflow.reports.templating import asset

    assert asset("vendor/viz/viz-global.js").startswith("/*!\nViz.js 3.")
    assert "MIT License" in asset("vendor/viz/LICENSE")
    assert "Eclipse Public License" in asset("vendor/viz/LICENSE")  # Graphviz, compiled into viz-global.js
    for name in SITE_ASSETS:
        assert asset(name), name
