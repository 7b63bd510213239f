"""``kgflow export`` and ``kgflow import``: backups as JSON lines."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import say
from kgflow.domain.errors import UsageError
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t


@click.command("export")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FIL",
    help="Skriv till FIL [standard: standard ut, stdout].",
)
@pass_app
def export(app: AppContext, out: Path | None) -> None:
    """Skriv ut hela databasen – organisationer, personer, kunskapsstöd, ärenden, historik, utkorg – som JSON-rader.

    Samma data ger alltid samma byte, så två exporter kan jämföras med `cmp`.
    `kgflow import` läser tillbaka en export till en tom databas.
    """
    from kgflow.service.backup import export_database

    if out is None:
        export_database(app.services, sys.stdout.write)
        return
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", encoding="utf-8") as stream:
        lines = export_database(app.services, stream.write)
    partial.replace(out)
    say(str(t("Skrev {lines} rader till {out}.", lines=lines, out=out)), err=True)


@click.command("import")
@click.argument("file", metavar="FIL", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def import_(app: AppContext, file: Path) -> None:
    """Läs tillbaka en export till en tom databas (skapa den först med `kgflow init`)."""
    from kgflow.service.backup import import_database

    try:
        with file.open(encoding="utf-8") as stream:
            counts = import_database(app.services, stream)
    except OSError as exc:
        raise UsageError(t("Det går inte att läsa {file}: {reason}.", file=file, reason=exc.strerror or exc)) from exc
    except UnicodeDecodeError as exc:
        raise UsageError(t("{file} är inte UTF-8-text.", file=file)) from exc
    rows = ", ".join(f"{count} {table}" for table, count in counts.items())
    say(str(t("Importerade {file}: {rows}.", file=file, rows=rows or _("ingenting"))))
