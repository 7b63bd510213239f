"""Babel's extractor for kgflow's Python: gettext keywords, plus the help texts click shows.

Click takes a command's ``--help`` from its docstring and an option's from
``help="…"``; neither is a gettext call, so Babel's own Python extractor misses
them. This one yields what Babel's finds, then each docstring of a function
decorated as a click command or group (cleaned as click cleans it) and each
string given as ``help=``, ``short_help=``, ``epilog=`` or ``metavar=`` to a call.
:func:`kgflow.cli.language.speak` translates the same texts when help is shown.

Used only when the catalogue is extracted (``babel.cfg``); a running kgflow never
imports it.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

from kgflow.locale import help_key

HELP_KEYWORDS = ("help", "short_help", "epilog", "metavar")
_COMMAND_DECORATORS = ("command", "group")

Extracted = tuple[int, Any, Any, Any]


def extract(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: dict[str, Any]
) -> Iterator[Extracted]:
    """What Babel's Python extractor finds, then click's help texts."""
    yield from extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]
    fileobj.seek(0)
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_command(node):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.lineno, None, help_key(doc), []
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg in HELP_KEYWORDS and isinstance(value, ast.Constant) and isinstance(value.value, str):
                    yield value.lineno, None, help_key(value.value), []


def _is_command(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in _COMMAND_DECORATORS:
            return True
    return False
