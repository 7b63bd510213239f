"""Typed access to a YAML node tree that collects problems instead of stopping.

The schema walker in :mod:`kgflow.definitions.parse` asks this reader for
mappings, strings, integers and lists. When a node is not what was asked for,
the reader records a :class:`~kgflow.domain.errors.DefinitionProblem` at that node's
line and returns ``None``, so one run reports every problem in a file.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from datetime import date

from kgflow.definitions.yaml_source import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    column_of,
    line_of,
)
from kgflow.domain.errors import DefinitionProblem
from kgflow.domain.wording import Phrase, t

Entries = dict[str, tuple[Node, Node]]
"""A mapping's entries: key text → (key node, value node), in file order."""

What = Phrase | str
"""How a problem names the part of the file it is about (``t("titeln")``, or a key as written)."""

_TRUE = {"true"}
_FALSE = {"false"}


class NodeReader:
    """Reads nodes of one file and keeps the problems found."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[DefinitionProblem] = []

    def problem(self, node: Node | None, message: Phrase) -> None:
        """Record ``message`` at ``node`` (or at the top of the file)."""
        line = line_of(node) if node is not None else 1
        column = column_of(node) if node is not None else 1
        self.problems.append(DefinitionProblem(self.path, line, column, message))

    def mapping(
        self,
        node: Node,
        what: What,
        *,
        allowed: Collection[str] | None = None,
        required: Collection[str] = (),
    ) -> Entries | None:
        """The entries of a mapping node; reports duplicates, unknown and missing keys."""
        if not isinstance(node, MappingNode):
            self.problem(node, t("{what} ska vara en mappning av nycklar till värden", what=what))
            return None
        entries: Entries = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, t("nycklarna i {what} ska vara enkla ord", what=what))
                continue
            key = str(key_node.value)
            if key in entries:
                first = line_of(entries[key][0])
                self.problem(
                    key_node,
                    t(
                        "nyckeln {key!r} finns två gånger i {what} (först på rad {first})",
                        key=key,
                        what=what,
                        first=first,
                    ),
                )
                continue
            if allowed is not None and key not in allowed:
                expected = ", ".join(sorted(allowed))
                self.problem(
                    key_node,
                    t("okänd nyckel {key!r} i {what}; tillåtna är: {expected}", key=key, what=what, expected=expected),
                )
                continue
            entries[key] = (key_node, value_node)
        for key in required:
            if key not in entries:
                self.problem(node, t("{what} behöver {key!r}", what=what, key=key))
        return entries

    def string(self, node: Node, what: What) -> str | None:
        """A non-empty scalar as text."""
        if not isinstance(node, ScalarNode) or not str(node.value).strip():
            self.problem(node, t("{what} ska vara en text som inte är tom", what=what))
            return None
        return str(node.value).strip()

    def integer(self, node: Node, what: What, *, minimum: int = 0) -> int | None:
        """A whole number written in digits, at least ``minimum``."""
        text = self.string(node, what)
        if text is None:
            return None
        if not text.isdigit() or int(text) < minimum:
            self.problem(
                node,
                t("{what} ska vara ett heltal, minst {minimum}, inte {text!r}", what=what, minimum=minimum, text=text),
            )
            return None
        return int(text)

    def boolean(self, node: Node, what: What) -> bool | None:
        """Exactly ``true`` or ``false``: ``yes``/``no``/``on``/``off`` are refused."""
        text = self.string(node, what)
        if text is None:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        self.problem(node, t("{what} ska vara true eller false, inte {text!r}", what=what, text=text))
        return None

    def strings(self, node: Node, what: What) -> list[tuple[Node, str]]:
        """A list of texts (a single text counts as a list of one), with their nodes."""
        if isinstance(node, ScalarNode):
            text = self.string(node, what)
            return [(node, text)] if text is not None else []
        if not isinstance(node, SequenceNode):
            self.problem(node, t("{what} ska vara en text eller en lista av texter", what=what))
            return []
        result: list[tuple[Node, str]] = []
        for child in node.value:
            text = self.string(child, t("varje post i {what}", what=what))
            if text is not None:
                result.append((child, text))
        return result

    def items(self, node: Node, what: What) -> Iterator[Node]:
        """The children of a sequence node; a non-sequence is reported."""
        if not isinstance(node, SequenceNode):
            self.problem(node, t("{what} ska vara en lista", what=what))
            return iter(())
        return iter(node.value)

    def month_day(self, node: Node, what: What) -> tuple[int, int] | None:
        """A day of the year written MM-DD (``12-01``) that exists every year (no 29 February)."""
        text = self.string(node, what)
        if text is None:
            return None
        match = re.fullmatch(r"(\d\d)-(\d\d)", text)
        try:
            if match is None:
                raise ValueError(text)
            month, day = int(match.group(1)), int(match.group(2))
            date(2001, month, day)  # a year without 29 February: the day must exist every year
        except ValueError:
            self.problem(
                node, t("{what} ska vara en dag på året skriven MM-DD (som 12-01), inte {text!r}", what=what, text=text)
            )
            return None
        return month, day
