"""Checking definition files (``workflow validate``, ``uppfoljning validate``): every problem as FIL:RAD: mening."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import click

from kgflow.cli.render import say
from kgflow.domain.wording import Phrase

Loaded = TypeVar("Loaded")


def check_files(
    paths: Sequence[Path], load: Callable[[Path], Loaded], described: Callable[[Path, Loaded], Phrase]
) -> None:
    """Load every file, print each problem of a broken one and a line for each sound one; exit 2 if any is broken."""
    from kgflow.domain.errors import DefinitionError

    failed = 0
    for path in paths:
        try:
            loaded = load(path)
        except DefinitionError as error:
            failed += 1
            for problem in error.problems:
                say(str(problem), err=True)
            continue
        say(str(described(path, loaded)))
    if failed:
        raise click.exceptions.Exit(2)
