"""A strict, position-keeping YAML reader for workflow files.

Workflow files are trusted loosely nowhere. This module turns text into a tree
of PyYAML *nodes* (never Python objects), so every value keeps its line and
column and stays a string until the schema says what it should be: ``no``,
``on`` and ``12:30`` are never booleans or numbers by accident. It refuses:

- anchors and aliases (no alias bombs, no hidden sharing),
- any explicit tag (``!!python/object``, ``!!int`` and friends),
- files larger than :data:`MAX_BYTES` and nesting deeper than :data:`MAX_DEPTH`,
- syntax errors, reported at their line.

Duplicate keys are found by the schema walker, which sees every mapping.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from kgflow.definitions import MAX_BYTES
from kgflow.domain.errors import DefinitionError, DefinitionProblem
from kgflow.domain.wording import Phrase, marked, t

MAX_DEPTH = 32

STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_PLAIN_TAGS = {STR_TAG, SEQ_TAG, MAP_TAG}


class _Refused(Exception):
    """Raised inside the composer; carries a 0-based mark and a sentence."""

    def __init__(self, mark: Any, message: Phrase) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _StrictLoader(Reader, Scanner, Parser, Composer, BaseResolver):
    """Reader → scanner → parser → composer, refusing aliases, anchors, tags and deep nesting.

    With :class:`BaseResolver` (no implicit resolvers) every plain scalar is a string.
    """

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, t("ankare och alias (*namn) är inte tillåtna"))
        if isinstance(event, ScalarEvent | CollectionStartEvent):
            if event.anchor is not None:
                raise _Refused(event.start_mark, t("ankare och alias (&namn) är inte tillåtna"))
            if event.tag not in (None, "!") and event.tag not in _PLAIN_TAGS:
                shown = event.tag.replace("tag:yaml.org,2002:", "!!")
                raise _Refused(event.start_mark, t("taggen {tag} är inte tillåten", tag=shown))
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(event.start_mark, t("strukturen är nästlad djupare än {depth} nivåer", depth=MAX_DEPTH))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def compose(text: str, path: str) -> Node | None:
    """Parse ``text`` into a node tree; None for an empty document.

    Raises:
        DefinitionError: with the line of the syntax error or refused construct.
    """
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        message = t("filen är {size} byte; gränsen är {limit} byte", size=size, limit=MAX_BYTES)
        raise DefinitionError([DefinitionProblem(path, 1, 1, message)])
    loader: _StrictLoader | None = None
    try:
        loader = _StrictLoader(text)  # the reader already refuses control characters here
        node: Node | None = loader.get_single_node()
    except _Refused as refused:
        raise DefinitionError([_problem(path, refused.mark, refused.message)]) from refused
    except ConstructorError as exc:
        raise DefinitionError([_problem(path, exc.problem_mark, str(exc.problem))]) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DefinitionError([_problem(path, mark, _plain(exc.problem or exc.context))]) from exc
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; no mark, a position
        line = text.count("\n", 0, exc.position) + 1
        code = format(exc.character, "04x")
        message = t("filen innehåller ett tecken som YAML inte tillåter (#x{code})", code=code)
        raise DefinitionError([DefinitionProblem(path, line, 1, message)]) from exc
    except yaml.YAMLError as exc:
        message = t("oläslig YAML: {detail}", detail=" ".join(str(exc).split()))
        raise DefinitionError([DefinitionProblem(path, 1, 1, message)]) from exc
    except RecursionError as exc:
        raise DefinitionError([DefinitionProblem(path, 1, 1, t("strukturen är nästlad för djupt"))]) from exc
    finally:
        if loader is not None:
            loader.dispose()
    return node


_PLAIN_SYNTAX = {
    "expected <block end>, but found": marked("indraget stämmer inte med raderna ovanför"),
    "mapping values are not allowed here": marked(
        "ett ':' där inget väntas; kontrollera indraget eller sätt texten inom citattecken"
    ),
    "found character '\\t' that cannot start any token": marked("en tabb; dra in med mellanslag"),
    "expected ',' or ']'": marked("en lista inom [hakparenteser] är inte stängd"),
    "expected ',' or '}'": marked("en mappning inom klammerparenteser ({ }) är inte stängd"),
    "found unexpected end of stream": marked("filen tar slut inne i en citerad text"),
}


def _plain(problem: str | None) -> Phrase:
    """A YAML syntax error in plain words, with PyYAML's own (English) words in parentheses."""
    if problem is None:
        return t("YAML-syntaxfel: oläslig YAML")
    for start, plain in _PLAIN_SYNTAX.items():
        if problem.startswith(start):
            return t("YAML-syntaxfel: {plain} ({detail})", plain=t(plain), detail=problem)
    return t("YAML-syntaxfel: {detail}", detail=problem)


def _problem(path: str, mark: Any, message: Phrase | str) -> DefinitionProblem:
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    return DefinitionProblem(path, line, column, message)


def line_of(node: Node) -> int:
    """The 1-based line where ``node`` starts."""
    return int(node.start_mark.line) + 1


def column_of(node: Node) -> int:
    """The 1-based column where ``node`` starts."""
    return int(node.start_mark.column) + 1


__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "column_of",
    "compose",
    "line_of",
]


def to_plain(node: Node | None, path: str) -> object:
    """A node tree as plain dicts, lists and strings, refusing duplicate keys.

    For data files (organisation imports) that need no schema positions later.

    Raises:
        DefinitionError: at the first duplicate key.
    """
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return str(node.value)
    if isinstance(node, SequenceNode):
        return [to_plain(child, path) for child in node.value]
    result: dict[str, object] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, ScalarNode) else repr(key_node)
        if key in result:
            raise DefinitionError([_problem(path, key_node.start_mark, t("nyckeln {key!r} finns två gånger", key=key))])
        result[key] = to_plain(value_node, path)
    return result
