"""Workflow files → validated :class:`WorkflowDefinition` objects.

The pipeline of STYLE.md: text → strict YAML nodes → IR (shape and name
checks) → whole-graph checks. All problems of one file are reported together
in one :class:`~kgflow.domain.errors.DefinitionError`, each as ``file:line: sentence``.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kgflow.definitions import MAX_BYTES
from kgflow.domain.errors import DefinitionError, DefinitionProblem
from kgflow.domain.wording import t

if TYPE_CHECKING:
    from kgflow.definitions.model import WorkflowDefinition
    from kgflow.definitions.parse import Vocabulary


def load_text(text: str, path: str, vocabulary: Vocabulary) -> WorkflowDefinition:
    """Parse and validate one definition given as text.

    Raises:
        DefinitionError: carrying every problem found, in line order.
    """
    # The parser and YAML load only here: a definition found in the cache needs neither.
    from kgflow.definitions.graph import graph_problems
    from kgflow.definitions.parse import parse_definition
    from kgflow.definitions.reader import NodeReader
    from kgflow.definitions.yaml_source import compose

    root = compose(text, path)
    reader = NodeReader(path)
    definition = parse_definition(root, reader, vocabulary)
    problems = list(reader.problems)
    if definition is not None:
        problems.extend(graph_problems(definition))
    if problems or definition is None:
        problems.sort(key=lambda problem: (problem.line, problem.column))
        raise DefinitionError(problems or [DefinitionProblem(path, 1, 1, t("arbetsflödet är ofullständigt"))])
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return replace(definition, digest=digest)


def load_file(path: Path, vocabulary: Vocabulary) -> WorkflowDefinition:
    """Read, parse and validate one workflow file.

    Raises:
        DefinitionError: when the file cannot be read or is invalid.
    """
    return load_text(read_text(path), str(path), vocabulary)


def read_text(path: Path) -> str:
    """The text of one workflow file, refused as :func:`load_file` refuses it when too big or not UTF-8.

    Raises:
        DefinitionError: when the file cannot be read.
    """
    shown = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            message = t("filen är {size} byte; gränsen är {limit} byte", size=path.stat().st_size, limit=MAX_BYTES)
            raise DefinitionError([DefinitionProblem(shown, 1, 1, message)])
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DefinitionError([DefinitionProblem(shown, 1, 1, t("filen är inte UTF-8-text"))]) from exc
    except OSError as exc:
        reason = exc.strerror or t("den går inte att läsa")
        raise DefinitionError(
            [DefinitionProblem(shown, 1, 1, t("filen kan inte läsas: {reason}", reason=reason))]
        ) from exc
    return text
