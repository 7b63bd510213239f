"""Many steps at once: a secretary's spreadsheet of answers, levels or GAP results, all or nothing.

``kgflow advance --from FILE`` gives one :class:`BulkStep` per row. In one
transaction, the acting person is found once, the turn to append history is
taken, and every row's instance is read with one query. The rows are then taken
in the order given, so a row sees what the rows above it did, as if they had
been typed one after the other: the common steps (answers, declines, GAP
results, levels) set-based, a fixed number of statements however many rows
(:mod:`kgflow.service.bulk_rows`); priority and hold steps, and steps that fan
out or cascade from where they are taken (the NPO's compiled answer, an
adoption, an LPO's local decision), each as the use case a single ``advance``
is, inside its own savepoint (:meth:`UnitOfWork.attempt`). Both decide with the
same code. A refused row is left out and noted with its row number, and the
rows after it are still tried, so one run names every row that needs mending.
If any row was refused, the whole transaction is rolled back and
:class:`~kgflow.domain.errors.RowsRefused` lists them; otherwise everything
commits at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from kgflow.domain.authority import Actor
from kgflow.domain.errors import KgflowError, RowProblem, RowsRefused, UsageError
from kgflow.domain.wording import t
from kgflow.faults import fault_point
from kgflow.service.advance import AdvanceRequest, AdvanceResult, perform
from kgflow.service.bulk_rows import Pending, set_based, take_rows
from kgflow.service.context import Services
from kgflow.service.hold import HOLD_STEPS, HOLD_TAKES, HoldResult, perform_hold
from kgflow.service.lookup import find_actor, find_subject
from kgflow.service.ports import Subject, UnitOfWork

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
    with services.uow(write=True) as uow:
        person = find_actor(uow, actor, as_of_another_date=services.as_of_another_date)
        # The turn first: every row is read under it, so no other writer moves an instance between read and write.
        uow.lock_history()
        applied, problems = _take_in_order(services, uow, person, steps)
        if problems:
            raise RowsRefused(sorted(problems, key=lambda problem: problem.line), len(steps))
        fault_point("bulk-advance-before-commit")
        uow.commit()
    return applied


def _take_in_order(
    services: Services, uow: UnitOfWork, person: Actor, steps: Sequence[BulkStep]
) -> tuple[list[BulkResult], list[RowProblem]]:
    """Every row in order: runs of set-based rows together (:mod:`kgflow.service.bulk_rows`), the others one by one.

    Every row's instance is read with one query; a row naming its organisation by
    name or kommunkod rather than code is looked up on its own. A row taken one by
    one (a priority or hold step, or a step with a fan-out or a cascade from there)
    first writes the set-based rows above it, and the instances of the rows below
    it are read again, since its consequences may have moved them.
    """
    applied: list[BulkResult] = []
    problems: list[RowProblem] = []
    pending: list[Pending] = []
    subjects: dict[tuple[str, str], Subject] | None = None

    def write_pending() -> None:
        taken = take_rows(services, uow, person, pending)
        applied.extend(BulkResult(line, result) for line, result in taken.results)
        problems.extend(taken.problems)
        known = subjects or {}
        for key, subject in known.items():
            if subject.instance.id in taken.moved:
                known[key] = replace(subject, instance=taken.moved[subject.instance.id])
        pending.clear()

    for position, step in enumerate(steps):
        request = step.request
        if subjects is None:
            subjects = _subjects(uow, [later.request for later in steps[position:]])
        try:
            subject = subjects.get(_key(request)) or find_subject(uow, request.item, request.org)
            one_by_one = request.event.strip().lower() in HOLD_STEPS or not set_based(
                services.catalogue.compiled(subject.instance.workflow, subject.instance.workflow_version, uow),
                request.event.strip().lower(),
                subject.org,
            )
        except KgflowError as refused:
            problems.append(RowProblem(step.line, request.org, refused))
            continue
        if not one_by_one:
            pending.append(Pending(step.line, request, subject))
            continue
        write_pending()
        try:
            with uow.attempt():
                # Read again: a set-based row just written may have moved it.
                result = _one_by_one(services, uow, find_subject(uow, request.item, request.org), person, request)
        except KgflowError as refused:
            problems.append(RowProblem(step.line, request.org, refused))
            continue
        applied.append(BulkResult(step.line, result))
        subjects = None
    write_pending()
    return applied, problems


def _one_by_one(
    services: Services, uow: UnitOfWork, subject: Subject, person: Actor, request: AdvanceRequest
) -> AdvanceResult | HoldResult:
    if request.event.strip().lower() in HOLD_STEPS:
        return perform_hold(services, uow, subject, person, request)
    return perform(services, uow, subject, person, request)


def _subjects(uow: UnitOfWork, requests: Sequence[AdvanceRequest]) -> dict[tuple[str, str], Subject]:
    """The instance each request names, by :func:`_key`: two queries, three where organisations are named by name.

    Codes are looked up first; an organisation given by kommunkod or name is then
    found as ``find_org`` finds it, and its instance read with the others. A row
    naming nothing is absent, and looked up on its own to say what is missing.
    """
    keys = {_key(request) for request in requests}
    by_codes = uow.instances.subjects_by_codes((item, org.lower()) for item, org in keys)
    found = {(item, org): by_codes[item, org.lower()] for item, org in keys if (item, org.lower()) in by_codes}
    missed = keys - found.keys()
    if not missed:
        return found
    orgs = uow.orgs.find_many(org for _, org in missed)
    named = {key: (key[0], orgs[key[1]].code) for key in missed if key[1] in orgs}
    by_names = uow.instances.subjects_by_codes(named.values())
    found.update({key: by_names[codes] for key, codes in named.items() if codes in by_names})
    return found


def _key(request: AdvanceRequest) -> tuple[str, str]:
    """A row's (item code, organisation as written): the item in lower case as codes are, the organisation stripped."""
    return request.item.strip().lower(), request.org.strip()


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
