"""The implementation matrix: items × organisations, progress per LPO, what is late.

One read of the instances in scope (the same query as ``status``) and one of
the organisations; everything else is arithmetic in memory over rows already
fetched. A cell is where one organisation stands on one item; an organisation
the item never reached gets an empty cell, so the matrix is always complete.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from kgflow.definitions.model import Label
from kgflow.domain.errors import UsageError
from kgflow.domain.model import HUVUDMAN_KINDS, Item, ItemKind, Organisation, OrgKind
from kgflow.domain.plans import Activity, ActivityStatus
from kgflow.domain.wording import t
from kgflow.service.context import Services
from kgflow.service.lookup import find_area, find_org
from kgflow.service.ports import StatusRow, UnitOfWork

IMPLEMENTING_KINDS: tuple[str, ...] = (OrgKind.REGION, OrgKind.KOMMUN, OrgKind.UNIT)


@dataclass(frozen=True)
class Cell:
    """Where one organisation stands on one item; ``state`` is None where the item never reached it."""

    state: str | None = None
    label: Label | None = None
    """The state's names; :attr:`state_label` shows them in the reader's language."""
    level: int | None = None
    target_level: int | None = None
    due: date | None = None
    overdue: bool = False
    final: bool = False
    goal: bool = False

    @property
    def state_label(self) -> str:
        """The state's name in the reader's language ("" where the item never reached the organisation)."""
        return str(self.label) if self.label is not None else ""

    @property
    def at_target(self) -> bool:
        """True when the organisation has reached the level its LPO decided, or the workflow's goal."""
        reached = self.level is not None and self.target_level is not None and self.level >= self.target_level
        return reached or self.goal

    @property
    def shade(self) -> str:
        """The heatmap class: level-0 … level-3, done (a goal without levels), before, closed, or none."""
        if self.state is None:
            return "none"
        if self.level is not None:
            return f"level-{min(self.level, 3)}"
        if self.goal:
            return "done"
        return "closed" if self.final else "before"

    @property
    def short(self) -> str:
        """What a cell shows: level/target, ✓ for a goal without levels, · before, × closed."""
        if self.state is None:
            return ""
        if self.level is None:
            return {"done": "✓", "closed": "×"}.get(self.shade, "·")
        return f"{self.level}/{self.target_level}" if self.target_level is not None else str(self.level)


@dataclass(frozen=True)
class Row:
    """One organisation of the matrix, with the LPO and RPO it belongs to."""

    org: Organisation
    lpo: Organisation | None
    rpo: Organisation | None


@dataclass
class LpoProgress:
    """How far the huvudmän of one LPO have come, and what is late under it."""

    lpo: Organisation
    rpo: Organisation | None
    huvudman_cells: dict[str, list[Cell]] = field(default_factory=lambda: defaultdict(list))
    overdue: int = 0

    def at_target(self, item: str | None = None) -> tuple[int, int]:
        """(huvudmän at target level, huvudmän the item reached), for one item or all together."""
        cells = self.huvudman_cells[item] if item else [c for cs in self.huvudman_cells.values() for c in cs]
        return sum(cell.at_target for cell in cells), len(cells)

    def share(self, item: str | None = None) -> float | None:
        """The share of huvudmän at target level (0–1), or None where the item reached none."""
        done, total = self.at_target(item)
        return done / total if total else None


@dataclass(frozen=True)
class PlanLine:
    """An LPO's implementation plan for one item (R19), beside how far its huvudmän have come on it."""

    lpo: Organisation
    rpo: Organisation | None
    item: Item
    activities: int
    done: int
    cancelled: int
    late: int
    at_target: tuple[int, int]


@dataclass(frozen=True)
class Matrix:
    """The whole report."""

    today: date
    scope: str
    items: list[Item]
    rows: list[Row]
    cells: dict[tuple[str, int], Cell]
    progress: list[LpoProgress]
    overdue_by_item: dict[str, int]
    plans: list[PlanLine] = field(default_factory=list)

    def cell(self, item: str, org_id: int) -> Cell:
        """The cell of an item at an organisation (empty if the item never reached it)."""
        return self.cells.get((item, org_id), EMPTY)

    @property
    def overdue(self) -> int:
        """Every late step in scope."""
        return sum(self.overdue_by_item.values())


EMPTY = Cell()


def _scope(uow: UnitOfWork, rpo: str | None, lpo: str | None) -> Organisation | None:
    chosen = None
    for ref, kind in ((rpo, OrgKind.RPO), (lpo, OrgKind.LPO)):
        if ref is None:
            continue
        org = find_org(uow, ref)
        if org.kind != kind:
            raise UsageError(
                t(
                    "{org} ({code}) är en {kind}, inte en {wanted}.",
                    org=org.name,
                    code=org.code,
                    kind=org.kind,
                    wanted=kind.upper(),
                )
            )
        if chosen is not None and not org.is_within(chosen.id):
            raise UsageError(
                t("{org} ligger inte under {chosen}; ange bara en av dem.", org=org.name, chosen=chosen.name)
            )
        chosen = org
    return chosen


def _items(uow: UnitOfWork, kinds: Sequence[str], codes: Sequence[str], area: str | None = None) -> list[Item]:
    """The items asked for (of one programområde if ``area``); without a filter every item except follow-ups."""
    items = [item for item in uow.items.list() if area is None or item.area == area]
    wanted_codes = {code.lower() for code in codes}
    unknown = wanted_codes - {item.code for item in items}
    if unknown:
        raise UsageError(
            t("Det finns inget kunskapsstöd som heter {code!r}; se `kgflow item list`.", code=sorted(unknown)[0])
        )
    wanted_kinds = {kind.lower() for kind in kinds}

    def wanted(item: Item) -> bool:
        if wanted_codes and item.code not in wanted_codes:
            return False
        if wanted_kinds:
            return item.kind in wanted_kinds
        return bool(wanted_codes) or item.kind != ItemKind.UPPFOLJNING

    return [item for item in items if wanted(item)]


def implementation_matrix(
    services: Services,
    *,
    rpo: str | None = None,
    lpo: str | None = None,
    kinds: Sequence[str] = (),
    items: Sequence[str] = (),
    org_kinds: Sequence[str] = IMPLEMENTING_KINDS,
    progress: Callable[[int, int], None] | None = None,
    area: str | None = None,
) -> Matrix:
    """The implementation matrix of the items chosen, under an RPO or LPO or everywhere.

    ``area`` keeps the items, RPOs and LPOs of one programområde; a huvudman's
    row is counted under the LPO of the items' area in its län.

    Raises:
        NotFound: when the RPO or LPO does not exist.
        UsageError: when it is not of that kind, or an item is unknown.
    """
    today = services.clock.today()
    with services.uow() as uow:
        under = _scope(uow, rpo, lpo)
        wanted_area = find_area(uow, area) if area else None
        chosen = _items(uow, kinds, items, wanted_area)
        # The programområden of the items shown; an item without one (written before them) shows all.
        areas = {wanted_area} if wanted_area else {item.area for item in chosen}
        orgs = [org for org in uow.orgs.list(under=under) if None in areas or org.area is None or org.area in areas]
        by_id = {org.id: org for org in orgs} | {org.id: org for org in _ancestors(uow, under)}
        status_rows = uow.instances.status(under=under)
        cells, overdue = _cells(services, uow, status_rows, {item.code for item in chosen}, today, progress)
        planned = uow.plans.of_items([item.id for item in chosen])
    rows = [_row(org, by_id) for org in orgs if org.kind in org_kinds]
    late = Counter(code for code, _ in overdue)
    progressed = _progress(orgs, by_id, cells, overdue, [item.code for item in chosen])
    return Matrix(
        today=today,
        scope=under.name if under else "hela landet",
        items=chosen,
        rows=rows,
        cells=cells,
        progress=progressed,
        overdue_by_item={item.code: late[item.code] for item in chosen},
        plans=_plans(planned, chosen, progressed, today),
    )


def _ancestors(uow: UnitOfWork, under: Organisation | None) -> Iterable[Organisation]:
    if under is None:
        return []
    return uow.orgs.by_ids(under.ancestor_ids | {under.id}).values()


def _cells(
    services: Services,
    uow: UnitOfWork,
    status_rows: list[StatusRow],
    codes: set[str],
    today: date,
    progress: Callable[[int, int], None] | None,
) -> tuple[dict[tuple[str, int], Cell], set[tuple[str, int]]]:
    cells: dict[tuple[str, int], Cell] = {}
    overdue: set[tuple[str, int]] = set()
    for done, row in enumerate(status_rows, 1):
        if row.item in codes:
            state = services.catalogue.compiled(row.workflow, row.workflow_version, uow).state(row.state)
            late = row.due is not None and row.due < today and state.deadline is not None and not row.held
            cells[(row.item, row.org_id)] = Cell(
                row.state, state.label, row.level, row.target_level, row.due, late, state.final, state.goal
            )
            if late:
                overdue.add((row.item, row.org_id))
        if progress is not None and (done % 500 == 0 or done == len(status_rows)):
            progress(done, len(status_rows))
    return cells, overdue


def _above(org: Organisation, by_id: dict[int, Organisation], kind: str) -> Organisation | None:
    """The nearest organisation of ``kind`` above ``org`` among those reported, on the first route that has one."""
    for route in org.every_route:
        for ancestor_id in reversed(route):
            ancestor = by_id.get(ancestor_id)
            if ancestor is not None and ancestor.kind == kind:
                return ancestor
    return None


def _row(org: Organisation, by_id: dict[int, Organisation]) -> Row:
    return Row(org, _above(org, by_id, OrgKind.LPO), _above(org, by_id, OrgKind.RPO))


def _progress(
    orgs: list[Organisation],
    by_id: dict[int, Organisation],
    cells: dict[tuple[str, int], Cell],
    overdue: set[tuple[str, int]],
    codes: list[str],
) -> list[LpoProgress]:
    per_lpo = {org.id: LpoProgress(org, _above(org, by_id, OrgKind.RPO)) for org in orgs if org.kind == OrgKind.LPO}
    for org in orgs:
        lpo = _above(org, by_id, OrgKind.LPO)
        if lpo is None or lpo.id not in per_lpo:
            continue
        entry = per_lpo[lpo.id]
        for code in codes:
            cell = cells.get((code, org.id))
            if cell is None:
                continue
            if org.kind in HUVUDMAN_KINDS:
                entry.huvudman_cells[code].append(cell)
            entry.overdue += (code, org.id) in overdue
    return list(per_lpo.values())


def _plans(
    planned: list[tuple[int, int, Activity]], items: list[Item], progress: list[LpoProgress], today: date
) -> list[PlanLine]:
    """Per LPO in scope and item, its plan's activities counted, beside its huvudmän at target level."""
    by_item = {item.id: item for item in items}
    per_lpo = {entry.lpo.id: entry for entry in progress}
    grouped: dict[tuple[int, int], list[Activity]] = defaultdict(list)
    for item_id, lpo_id, activity in planned:
        if lpo_id in per_lpo:
            grouped[(item_id, lpo_id)].append(activity)
    lines = []
    for (item_id, lpo_id), activities in grouped.items():
        entry, item = per_lpo[lpo_id], by_item[item_id]
        statuses = Counter(activity.status for activity in activities)
        lines.append(
            PlanLine(
                lpo=entry.lpo,
                rpo=entry.rpo,
                item=item,
                activities=len(activities),
                done=statuses[ActivityStatus.DONE],
                cancelled=statuses[ActivityStatus.CANCELLED],
                late=sum(activity.is_late(today) for activity in activities),
                at_target=entry.at_target(item.code),
            )
        )
    return sorted(lines, key=lambda line: (line.lpo.path, line.item.code))
