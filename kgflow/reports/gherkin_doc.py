"""The feature files read with the official Gherkin parser, Regel and Bakgrund included.

pytest-bdd's cucumber JSON drops rules and backgrounds and does not pass a
feature's tags down to its scenarios, so the documentation reads the
``.feature`` files themselves and joins the test results to them by file and
line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from gherkin.errors import CompositeParserException
from gherkin.parser import Parser

from kgflow.domain.errors import UsageError
from kgflow.domain.wording import t


@dataclass(frozen=True)
class Step:
    """One step, with its data table if it has one."""

    keyword: str
    text: str
    line: int
    table: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Examples:
    """An Exempel table of a Scenariomall."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


@dataclass(frozen=True)
class Scenario:
    """A Scenario or Scenariomall."""

    keyword: str
    name: str
    line: int
    tags: list[str]
    steps: list[Step]
    examples: list[Examples]


@dataclass(frozen=True)
class Rule:
    """A Regel with its scenarios (and its own Bakgrund, if any)."""

    keyword: str
    name: str
    description: str
    tags: list[str]
    background: list[Step]
    scenarios: list[Scenario]


@dataclass(frozen=True)
class Feature:
    """A whole feature file."""

    path: Path
    keyword: str
    name: str
    description: str
    tags: list[str]
    background: list[Step]
    rules: list[Rule]

    @property
    def scenarios(self) -> list[Scenario]:
        """Every scenario of the feature, in every rule."""
        return [scenario for rule in self.rules for scenario in rule.scenarios]

    @property
    def file(self) -> str:
        """The file name, which test results are joined by."""
        return self.path.name

    @property
    def slug(self) -> str:
        """The page name of the feature."""
        return self.path.stem


def _steps(node: dict[str, Any]) -> list[Step]:
    steps = []
    for step in node.get("steps", []):
        rows = step.get("dataTable", {}).get("rows", []) if step.get("dataTable") else []
        table = [[cell["value"] for cell in row["cells"]] for row in rows]
        steps.append(Step(step["keyword"].strip(), step["text"], step["location"]["line"], table))
    return steps


def _tags(node: dict[str, Any]) -> list[str]:
    return [tag["name"] for tag in node.get("tags", [])]


def _scenario(node: dict[str, Any]) -> Scenario:
    examples = [
        Examples(
            block.get("name", ""),
            [cell["value"] for cell in block["tableHeader"]["cells"]] if block.get("tableHeader") else [],
            [(row["location"]["line"], [cell["value"] for cell in row["cells"]]) for row in block.get("tableBody", [])],
        )
        for block in node.get("examples", [])
    ]
    return Scenario(
        node["keyword"].strip(), node["name"], node["location"]["line"], _tags(node), _steps(node), examples
    )


def _children(node: dict[str, Any], tags: list[str]) -> tuple[list[Step], list[Rule], list[Scenario]]:
    """The Bakgrund, the Regel blocks and the scenarios directly inside a feature or a rule."""
    background: list[Step] = []
    rules: list[Rule] = []
    scenarios: list[Scenario] = []
    for child in node.get("children", []):
        if "background" in child:
            background = _steps(child["background"])
        elif "rule" in child:
            rules.append(_rule(child["rule"], tags))
        elif "scenario" in child:
            scenarios.append(_scenario(child["scenario"]))
    return background, rules, scenarios


def _rule(node: dict[str, Any], inherited: list[str]) -> Rule:
    tags = inherited + _tags(node)
    background, _, scenarios = _children(node, tags)
    return Rule(node["keyword"].strip(), node["name"], node.get("description", "").strip(), tags, background, scenarios)


def read_feature(path: Path) -> Feature:
    """Parse one feature file.

    Raises:
        UsageError: naming the file and line of a Gherkin syntax error.
    """
    try:
        document = cast("dict[str, Any]", Parser().parse(path.read_text(encoding="utf-8")))
    except UnicodeDecodeError as exc:
        raise UsageError(t("{path} är inte UTF-8-text.", path=path)) from exc
    except CompositeParserException as exc:
        first = exc.errors[0] if exc.errors else exc
        line = getattr(first, "location", {}).get("line", "?")
        message = re.sub(r"^\(\d+:\d+\): ", "", str(first))
        raise UsageError(
            t("{path}:{line}: Gherkin kan inte läsa raden ({message}).", path=path, line=line, message=message)
        ) from exc
    node = document.get("feature")
    if not node:
        raise UsageError(t("{path} innehåller ingen Egenskap (Feature).", path=path))
    tags = _tags(node)
    background, rules, loose = _children(node, tags)
    if loose:
        rules.insert(0, Rule("", "", "", tags, [], loose))
    return Feature(
        path, node["keyword"].strip(), node["name"], node.get("description", "").strip(), tags, background, rules
    )


def read_features(folder: Path) -> list[Feature]:
    """Every ``*.feature`` in a folder, by file name."""
    return [read_feature(path) for path in sorted(folder.glob("*.feature"))]
