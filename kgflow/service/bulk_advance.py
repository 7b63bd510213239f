"""Many steps at once: a secretary's spreadsheet of answers, levels or GAP results, all or nothing.

``kgflow advance --from FILE`` gives one :class:`BulkStep` per row. In one
transaction, the acting person is found once; then every row is tried in the
order given, each inside its own savepoint (:meth:`UnitOfWork.attempt`), as
the same use case a single ``advance`` (or a priority or hold step) is — so a
row sees what the rows above it did, as if they had been typed one after the
other. A refused row is undone on its own and noted with its row number, and
the rows after it are still tried, so one run names every row that needs
mending. If any row was refused, the whole transaction is rolled back and
:class:`~kgflow.domain.errors.RowsRefused` lists them; otherwise everything
commits at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kgflow.domain.errors import KgflowError, RowProblem, RowsRefused, UsageError
from kgflow.domain.wording import t
from kgflow.faults import fault_point
from kgflow.service.advance import AdvanceRequest, AdvanceResult, perform
from kgflow.service.context import Services
from kgflow.service.hold import HOLD_STEPS, HOLD_TAKES, HoldResult, perform_hold
from kgflow.service.lookup import find_actor, find_subject

MAX_ROWS = 5000


@dataclass(frozen=True)
class BulkStep:
    """One row of the file: where it stands (its row number) and the step it asks for."""

    line: int
    request: AdvanceRequest


@dataclass(frozen=True)
class BulkResult:
    """A row that was applied, and what it did."""

    line: int
    result: AdvanceResult | HoldResult


def advance_rows(services: Services, steps: Sequence[BulkStep], actor: str | None) -> list[BulkResult]:
    """Apply every step in one transaction, or none.

    Raises:
        UsageError: no rows, or more than :data:`MAX_ROWS`.
        NotFound, NotAuthorised: the acting person cannot act at all.
        RowsRefused: one or more rows were refused (each with its sentence); nothing changed.
    """
    if not steps:
        raise UsageError(t("Filen har inga rader med steg under rubrikraden."))
    if len(steps) > MAX_ROWS:
        raise UsageError(t("En fil kan ha högst {most} rader med steg; dela upp den.", most=MAX_ROWS))
    applied: list[BulkResult] = []
    problems: list[RowProblem] = []
    with services.uow(write=True) as uow:
        person = find_actor(uow, actor, as_of_another_date=services.as_of_another_date)
        for step in steps:
            try:
                with uow.attempt():
                    subject = find_subject(uow, step.request.item, step.request.org)
                    if step.request.event.strip().lower() in HOLD_STEPS:
                        result: AdvanceResult | HoldResult = perform_hold(services, uow, subject, person, step.request)
                    else:
                        result = perform(services, uow, subject, person, step.request)
            except KgflowError as refused:
                problems.append(RowProblem(step.line, step.request.org, refused))
                continue
            applied.append(BulkResult(step.line, result))
        if problems:
            raise RowsRefused(problems, len(steps))
        fault_point("bulk-advance-before-commit")
        uow.commit()
    return applied


# Column keys (see kgflow.reports.sheets.column_key) for the parts of a step, as a secretary names them.
ITEM_COLUMNS = ("kunskapsstod", "item")
ORG_COLUMNS = ("organisation", "org", "huvudman")
EVENT_COLUMNS = ("steg", "event", "handelse")
REF_COLUMNS = ("referens", "ref", "diarienummer")
NOTE_COLUMNS = ("anteckning", "note", "kommentar")
EXPECT_COLUMNS = ("forvantat_lage", "expect_state")
# Swedish column names for the values steps take (any value's own key works too).
VALUE_COLUMNS = {
    "niva": "level", "malniva": "target", "brister": "gaps", "skal": "reason", "datum": "date",
    "forum": "body", "galler": "for", "prioritet": "priority", "omprovas": "review", "svar_senast": "due",
}  # fmt: skip
_STEP_COLUMNS = (*ITEM_COLUMNS, *ORG_COLUMNS, *EVENT_COLUMNS, *REF_COLUMNS, *NOTE_COLUMNS, *EXPECT_COLUMNS)


def steps_from_rows(
    services: Services,
    columns: Mapping[str, str],
    rows: Sequence[tuple[int, Mapping[str, str]]],
    item: str | None = None,
) -> list[BulkStep]:
    """The steps a file's rows ask for: ``columns`` maps column keys to their names as written.

    ``item`` is the kunskapsstöd for rows whose file has no kunskapsstöd column.

    Raises:
        UsageError: a column needed is missing, or a column is one no step takes (named as written).
    """
    known = _value_keys(services)
    unknown = [name for key, name in columns.items() if key not in _STEP_COLUMNS and _value_key(key) not in known]
    if unknown:
        raise UsageError(
            t(
                "Kolumnen {name!r} är inget som ett steg tar; kolumnerna är Kunskapsstöd, Organisation, Steg, "
                "Referens, Anteckning och stegens värden (t.ex. Nivå, Målnivå, Brister, Skäl, Forum).",
                name=unknown[0],
            )
        )
    for needed, label in ((ORG_COLUMNS, "Organisation"), (EVENT_COLUMNS, "Steg")):
        if not any(key in columns for key in needed):
            raise UsageError(t("Filen saknar kolumnen {name}.", name=label))
    if item is None and not any(key in columns for key in ITEM_COLUMNS):
        raise UsageError(t("Filen saknar kolumnen Kunskapsstöd; lägg till den eller ange KUNSKAPSSTÖD efter --from."))
    value_columns = [key for key in columns if key not in _STEP_COLUMNS]
    steps = []
    for line, cells in rows:
        values = tuple(f"{_value_key(key)}={cells[key]}" for key in value_columns if cells.get(key))
        request = AdvanceRequest(
            item=_first(cells, ITEM_COLUMNS) or item or "",
            org=_first(cells, ORG_COLUMNS),
            event=_first(cells, EVENT_COLUMNS),
            actor=None,
            ref=_first(cells, REF_COLUMNS) or None,
            note=_first(cells, NOTE_COLUMNS) or None,
            values=values,
            expect_state=_first(cells, EXPECT_COLUMNS) or None,
        )
        steps.append(BulkStep(line, request))
    return steps


def _first(cells: Mapping[str, str], keys: Sequence[str]) -> str:
    return next((cells[key] for key in keys if cells.get(key)), "")


def _value_key(column: str) -> str:
    return VALUE_COLUMNS.get(column, column)


def _value_keys(services: Services) -> set[str]:
    """Every value a step of a current workflow takes, and the priority and hold steps' values."""
    keys = {key for takes in HOLD_TAKES.values() for key in takes}
    for name in services.catalogue.names():
        try:
            definition = services.catalogue.current(name)
        except KgflowError:
            continue
        keys.update(key for event in definition.events for key in event.fields)
    return keys
