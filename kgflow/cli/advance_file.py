"""``kgflow advance --from FILE``: a spreadsheet of steps, all or nothing, reported row by row."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kgflow.cli.render import emit_json, say
from kgflow.domain.errors import RowsRefused
from kgflow.domain.wording import t, tn

if TYPE_CHECKING:
    from kgflow.cli.app import AppContext
    from kgflow.service.bulk_advance import BulkResult


def advance_from_file(app: AppContext, path: Path, item: str | None, as_json: bool) -> None:
    """Read ``path``, take every step in it in one transaction, and say what each row did (or why none did)."""
    from kgflow.reports.sheets import read_sheet
    from kgflow.service.bulk_advance import advance_rows, steps_from_rows

    sheet = read_sheet(path)
    steps = steps_from_rows(app.services, sheet.names, [(row.line, row.cells) for row in sheet.rows], item)
    try:
        applied = advance_rows(app.services, steps, app.actor)
    except RowsRefused as refused:
        for problem in refused.problems:
            say(str(t("  {problem}", problem=problem)), err=True)
        raise
    if as_json:
        emit_json([{"row": done.line, **done.result.as_json()} for done in applied])
        return
    for done in applied:
        say(_row_line(done))
    say(str(tn("{count} steg togs i en och samma transaktion.", "{count} steg togs i en och samma transaktion.",
               len(applied))))  # fmt: skip


def _row_line(done: BulkResult) -> str:
    from kgflow.service.advance import AdvanceResult

    result = done.result
    if isinstance(result, AdvanceResult):
        moved = t("{org}: {from_label} → {to_label}", org=result.org_name, from_label=result.from_label,
                  to_label=result.to_label)  # fmt: skip
    else:
        moved = t("{org}: {step} ({count} ärenden)", org=result.org_name, step=str(result.label), count=result.affected)
    return str(t("Rad {line} · {moved}.", line=done.line, moved=moved))
