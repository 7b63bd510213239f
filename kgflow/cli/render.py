"""Output: JSON for scripts, rich tables for people (rich is imported only when drawing).

Stored text reaches a terminal only through :func:`printable`: whatever an old
database or an import holds, an escape sequence in a name cannot recolour,
retitle or rewrite the reader's terminal, and a ``[bold]`` in a title is text,
not rich markup.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kgflow.domain.wording import t

if TYPE_CHECKING:
    from rich.table import Table

# ESC or the C1 introducers, then a CSI (parameters, intermediates, final), an OSC/DCS/PM/APC
# string up to BEL or ST, or a two-character sequence; then any control character left over.
_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")

_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without terminal escape sequences, control characters or bidi overrides (TAB and LF stay)."""
    return _CONTROL.sub("", _ESCAPE.sub("", text))


def emit_json(rows: Iterable[Any]) -> None:
    """Print a JSON list (``--json`` output is always a list of objects).

    JSON escapes C0 controls itself; DEL, C1 and bidi controls are escaped here too
    (``\\u009b``), which says the same to a JSON reader and nothing to a terminal.
    """
    text = json.dumps(list(rows), ensure_ascii=False, indent=2, default=str)
    click.echo(_UNSAFE_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text))


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    caption: str | None = None,
) -> None:
    """Print a table; plain text when the output is not a terminal (drawn without rich where it can be)."""
    title = printable(title) if title else None
    caption = printable(caption) if caption else None
    cells = [["" if cell is None else printable(str(cell)) for cell in row] for row in rows]
    if _plain_output():
        from kgflow.cli.plain_table import plain_table

        drawn = plain_table(title, columns, cells, caption)
        if drawn is not None:
            sys.stdout.write(drawn)
            sys.stdout.flush()
            return
    from rich.console import Console

    from kgflow.cli.plain_table import WIDTH

    # emoji=False: a column heading is text, not ":code:" shortcuts (and rich's emoji table is not loaded)
    Console(soft_wrap=False, width=None if sys.stdout.isatty() else WIDTH, emoji=False).print(
        rich_grid(title, columns, cells, caption)
    )


def rich_grid(title: str | None, columns: Sequence[str], cells: Iterable[Sequence[str]], caption: str | None) -> Table:
    """The rich ``Table`` kgflow draws for printable ``cells`` (also what the plain drawer is checked against)."""
    from rich.table import Table
    from rich.text import Text

    grid = Table(
        title=Text(title) if title else None,
        caption=Text(caption) if caption else None,
        header_style="bold",
        show_lines=False,
    )
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in cells:
        grid.add_row(*(Text(cell) for cell in row))
    return grid


def _plain_output() -> bool:
    """Whether rich would draw for a non-terminal: no tty, nothing forcing colours, an encoding for the box."""
    forced = os.environ.get("TTY_COMPATIBLE") == "1" or os.environ.get("FORCE_COLOR", "") != ""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    return not forced and encoding.startswith("utf") and not sys.stdout.isatty()


def say(text: str, *, err: bool = False) -> None:
    """A line for people, on stdout (or stderr, when stdout carries data)."""
    click.echo(printable(text), err=err)


def warn(text: str) -> None:
    """A warning for people, on stderr."""
    click.echo(printable(str(t("Obs: {text}", text=text))), err=True)


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
    from kgflow.domain.errors import UsageError

    try:
        yield
    except OSError as exc:
        raise UsageError(
            t("Det går inte att skriva {path}: {reason}.", path=exc.filename or path, reason=exc.strerror or exc)
        ) from exc
