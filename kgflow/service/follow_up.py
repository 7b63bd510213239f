"""The yearly follow-up (R14): on a configured day, a round opens for every huvudman implementing an item.

A workflow with a ``schedule`` (``workflows/arlig-uppfoljning.yaml``) says when
rounds open and when they are due, and which instances they follow. For each
item on the followed workflow, the round of the year becomes an item of its own
(``ITEM-uppfoljning-YEAR``) with an instance for every organisation in the
followed states, due at the end of January, chased by its own ladder. Opening is
idempotent: a round that exists is not opened again. The rounds that follow-up
definitions describe (:mod:`kgflow.service.follow_up_rounds`) open in the same pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kgflow.definitions.model import Schedule, WorkflowDefinition
from kgflow.domain.calendar import working_days_before
from kgflow.domain.errors import DefinitionError, NotFound
from kgflow.domain.identity import SYSTEM
from kgflow.domain.model import HistoryEntry, ItemKind, VersionStatus
from kgflow.service.context import Services
from kgflow.service.follow_up_rounds import open_definition_rounds
from kgflow.service.ports import NewInstance, UnitOfWork


@dataclass(frozen=True)
class RoundOpened:
    """A follow-up round that was (or, in a dry run, would be) opened."""

    item: str
    title: str
    year: int
    due: date
    organisations: int


def round_year(schedule: Schedule, today: date) -> int | None:
    """The year whose round is open today, if any."""
    for year in (today.year, today.year - 1):
        opens = date(year, *schedule.opens)
        due = working_days_before(date(year + 1, *schedule.due), 0)
        if opens <= today <= due:
            return year
    return None


def scheduled_workflows(services: Services) -> list[WorkflowDefinition]:
    """The current workflows that open rounds on a schedule (invalid files are left to `workflow validate`)."""
    found = []
    for name in services.catalogue.names():
        try:
            definition = services.catalogue.current(name)
        except (DefinitionError, NotFound):
            continue
        if definition.schedule is not None:
            found.append(definition)
    return found


def open_rounds(services: Services, uow: UnitOfWork, today: date, now: datetime, *, dry_run: bool) -> list[RoundOpened]:
    """Open every round that is due and not yet open, inside ``uow``."""
    opened: list[RoundOpened] = []
    if not dry_run:
        # Two sweeps at once must not both open a round: whoever appends history goes first.
        uow.lock_history()
    for definition in scheduled_workflows(services):
        schedule = definition.schedule
        assert schedule is not None
        year = round_year(schedule, today)
        if year is None:
            continue
        due = working_days_before(date(year + 1, *schedule.due), 0)
        for followed in uow.items.list():
            if followed.workflow != schedule.follows or followed.owner_org_id is None:
                continue
            code = f"{followed.code}-uppfoljning-{year}"
            if uow.items.find(code) is not None:
                continue
            rows = [
                row
                for row in uow.instances.status(item_id=followed.id, states=schedule.states)
                if row.org_kind in definition.participants
            ]
            if not rows:
                continue
            title = f"Uppföljning {year}: {followed.title}"
            opened.append(RoundOpened(code, title, year, due, len(rows)))
            if dry_run:
                continue
            services.catalogue.register(definition, uow, now)
            item = uow.items.add(
                code,
                ItemKind.UPPFOLJNING.value,
                title,
                definition.name,
                followed.default_target_level,
                followed.owner_org_id,
            )
            version = uow.items.add_version(item.id, 1, VersionStatus.OPEN, definition.name, definition.version)
            [owner] = uow.instances.create(version, [NewInstance(followed.owner_org_id, definition.initial, None)], now)
            participants = [NewInstance(row.org_id, definition.initial, due) for row in rows]
            ids = uow.instances.create(version, participants, now, fallback_parent=owner)
            fields = {"year": year, "follows": followed.code}
            uow.history.append_many(
                [
                    (HistoryEntry(i, now, SYSTEM, "open_round", None, definition.initial, fields), 1, None)
                    for i in [owner, *ids]
                ]
            )
    for code, title, year, due, count in open_definition_rounds(services, uow, today, now, dry_run=dry_run):
        opened.append(RoundOpened(code, title, year, due, count))
    return opened
