"""``kgflow export`` and ``kgflow import``: backups as JSON lines."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import say
from kgflow.domain.errors import UsageError


@click.command("export")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="Write here [default: stdout].")
@pass_app
def export(app: AppContext, out: Path | None) -> None:
    """Write the whole database — organisations, people, items, instances, history, outbox — as JSON lines.

    The same data always gives the same bytes, so two exports can be compared
    with `cmp`. `kgflow import` restores an export into an empty database.
    """
    from kgflow.service.backup import export_database

    if out is None:
        export_database(app.services, sys.stdout.write)
        return
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", encoding="utf-8") as stream:
        lines = export_database(app.services, stream.write)
    partial.replace(out)
    say(f"Wrote {lines} lines to {out}.", err=True)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def import_(app: AppContext, file: Path) -> None:
    """Restore an export into an empty database (create one with `kgflow init` first)."""
    from kgflow.service.backup import import_database

    try:
        with file.open(encoding="utf-8") as stream:
            counts = import_database(app.services, stream)
    except OSError as exc:
        raise UsageError(f"Cannot read {file}: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"{file} is not UTF-8 text.") from exc
    rows = ", ".join(f"{count} {table}" for table, count in counts.items())
    say(f"Imported {file}: {rows or 'nothing'}.")
