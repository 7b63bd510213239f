"""Typed access to a YAML node tree that collects problems instead of stopping.

The schema walker in :mod:`kgflow.definitions.parse` asks this reader for
mappings, strings, integers and lists. When a node is not what was asked for,
the reader records a :class:`~kgflow.domain.errors.DefinitionProblem` at that node's
line and returns ``None``, so one run reports every problem in a file.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from kgflow.definitions.yaml_source import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    column_of,
    line_of,
)
from kgflow.domain.errors import DefinitionProblem

Entries = dict[str, tuple[Node, Node]]
"""A mapping's entries: key text → (key node, value node), in file order."""

_TRUE = {"true"}
_FALSE = {"false"}


class NodeReader:
    """Reads nodes of one file and keeps the problems found."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[DefinitionProblem] = []

    def problem(self, node: Node | None, message: str) -> None:
        """Record ``message`` at ``node`` (or at the top of the file)."""
        line = line_of(node) if node is not None else 1
        column = column_of(node) if node is not None else 1
        self.problems.append(DefinitionProblem(self.path, line, column, message))

    def mapping(
        self,
        node: Node,
        what: str,
        *,
        allowed: Collection[str] | None = None,
        required: Collection[str] = (),
    ) -> Entries | None:
        """The entries of a mapping node; reports duplicates, unknown and missing keys."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} must be a mapping of keys to values")
            return None
        entries: Entries = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, f"keys in {what} must be plain words")
                continue
            key = str(key_node.value)
            if key in entries:
                first = line_of(entries[key][0])
                self.problem(key_node, f"duplicate key {key!r} in {what} (first at line {first})")
                continue
            if allowed is not None and key not in allowed:
                expected = ", ".join(sorted(allowed))
                self.problem(key_node, f"unknown key {key!r} in {what}; expected one of: {expected}")
                continue
            entries[key] = (key_node, value_node)
        for key in required:
            if key not in entries:
                self.problem(node, f"{what} needs a {key!r}")
        return entries

    def string(self, node: Node, what: str) -> str | None:
        """A non-empty scalar as text."""
        if not isinstance(node, ScalarNode) or not str(node.value).strip():
            self.problem(node, f"{what} must be a non-empty text")
            return None
        return str(node.value).strip()

    def integer(self, node: Node, what: str, *, minimum: int = 0) -> int | None:
        """A whole number written in digits, at least ``minimum``."""
        text = self.string(node, what)
        if text is None:
            return None
        if not text.isdigit() or int(text) < minimum:
            self.problem(node, f"{what} must be a whole number of at least {minimum}, not {text!r}")
            return None
        return int(text)

    def boolean(self, node: Node, what: str) -> bool | None:
        """Exactly ``true`` or ``false``: ``yes``/``no``/``on``/``off`` are refused."""
        text = self.string(node, what)
        if text is None:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        self.problem(node, f"{what} must be true or false, not {text!r}")
        return None

    def strings(self, node: Node, what: str) -> list[tuple[Node, str]]:
        """A list of texts (a single text counts as a list of one), with their nodes."""
        if isinstance(node, ScalarNode):
            text = self.string(node, what)
            return [(node, text)] if text is not None else []
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what} must be a text or a list of texts")
            return []
        result: list[tuple[Node, str]] = []
        for child in node.value:
            text = self.string(child, f"each entry of {what}")
            if text is not None:
                result.append((child, text))
        return result

    def items(self, node: Node, what: str) -> Iterator[Node]:
        """The children of a sequence node; a non-sequence is reported."""
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what} must be a list")
            return iter(())
        return iter(node.value)
