"""``kgflow overdue``: what is late now, how late in working days, and which rung it has reached."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kgflow.domain.calendar import working_days_between
from kgflow.domain.ladders import rung_reached
from kgflow.service.context import Services
from kgflow.service.lookup import find_area, find_item, find_org
from kgflow.service.queries import StatusLine


@dataclass(frozen=True)
class OverdueLine:
    """A late step."""

    line: StatusLine
    days_late: int
    rung: str | None

    def as_json(self) -> dict[str, Any]:
        """The status fields plus ``days_late`` and ``rung``."""
        return {**self.line.as_json(), "days_late": self.days_late, "rung": self.rung}


def overdue(
    services: Services, item: str | None = None, org: str | None = None, area: str | None = None
) -> list[OverdueLine]:
    """Every step whose deadline has passed, most late first (found through the due-date index); ``area``: only
    the items of one programområde."""
    today = services.clock.today()
    result: list[OverdueLine] = []
    with services.uow() as uow:
        item_id = find_item(uow, item).id if item else None
        under = find_org(uow, org) if org else None
        wanted_area = find_area(uow, area) if area else None
        # Only states with a deadline can be late; naming them lets the (state, due) index find the rows.
        states = {
            state.name
            for name, version in uow.workflows.registered()
            for state in services.catalogue.compiled(name, version, uow).definition.states.values()
            if state.deadline is not None
        }
        for row in uow.instances.status(
            item_id=item_id, under=under, states=states, due_before=today, area=wanted_area
        ):
            definition = services.catalogue.compiled(row.workflow, row.workflow_version, uow).definition
            state = definition.states[row.state]
            assert row.due is not None
            ladder = state.ladder_for(row.org_kind)
            reached = rung_reached(ladder.rungs(), row.due, today) if ladder else None
            line = StatusLine(row, state.label.sv, state=state.label)
            result.append(OverdueLine(line, working_days_between(row.due, today), reached.name if reached else None))
    return sorted(result, key=lambda entry: (-entry.days_late, entry.line.row.item, entry.line.row.org))
