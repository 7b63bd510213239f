"""Output: JSON for scripts, rich tables for people (rich is imported only when drawing)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click


def emit_json(rows: Iterable[Any]) -> None:
    """Print a JSON list (``--json`` output is always a list of objects)."""
    click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    caption: str | None = None,
) -> None:
    """Print a table; plain text when the output is not a terminal."""
    from rich.console import Console
    from rich.table import Table

    grid = Table(title=title, caption=caption, header_style="bold", show_lines=False)
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*("" if cell is None else str(cell) for cell in row))
    Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160).print(grid)


def say(text: str, *, err: bool = False) -> None:
    """A line for people, on stdout (or stderr, when stdout carries data)."""
    click.echo(text, err=err)


def warn(text: str) -> None:
    """A warning for people, on stderr."""
    click.echo(f"Note: {text}", err=True)


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr when it is a terminal; quiet in pipes and logs.

    Yields a function to call with (done, total) as the work goes on.
    """
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """A file or folder that cannot be written is one sentence, not a traceback."""
    from kgflow.errors import UsageError

    try:
        yield
    except OSError as exc:
        raise UsageError(f"Cannot write {exc.filename or path}: {exc.strerror or exc}.") from exc
