"""The sweep: queue every rung of every escalation ladder that has come due (R11), and open follow-up rounds (R14).

One pass, in one transaction. For every workflow version in use and every state
with a ladder, the rung windows of today become due-date ranges
(:mod:`kgflow.domain.ladders`) and each range is one set-based INSERT into the
outbox. Nothing is loaded into Python per instance; a unique key makes a second
(or concurrent) sweep queue nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgflow.domain.ladders import due_ranges
from kgflow.faults import fault_point
from kgflow.service.context import Services
from kgflow.service.follow_up import RoundOpened, open_rounds
from kgflow.service.identity import check_the_date
from kgflow.service.ports import RungWindow


@dataclass
class SweepReport:
    """What the sweep queued (or would queue): notices per (workflow, state, rung)."""

    dry_run: bool
    queued: dict[tuple[str, str, str], int] = field(default_factory=dict)
    rounds: list[RoundOpened] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Notices queued in all."""
        return sum(self.queued.values())


def sweep(services: Services, *, dry_run: bool = False) -> SweepReport:
    """Queue the rungs that have come due today; with ``dry_run`` only count them."""
    report = SweepReport(dry_run)
    today, now = services.clock.today(), services.clock.now()
    with services.uow(write=True) as uow:
        check_the_date(uow, services.as_of_another_date)
        report.rounds = open_rounds(services, uow, today, now, dry_run=dry_run)
        for name, version in uow.workflows.registered():
            definition = services.catalogue.compiled(name, version, uow).definition
            for state in definition.states.values():
                if state.ladder is None:
                    continue
                for due_range in due_ranges(state.ladder.rungs(), today):
                    action = uow.outbox.count_rung if dry_run else uow.outbox.queue_rung
                    window = RungWindow(
                        name,
                        version,
                        state.name,
                        due_range.rung,
                        due_range.low,
                        due_range.high,
                        definition.responsible,
                    )
                    count = action(window, now)
                    if count:
                        key = (name, state.name, due_range.rung.name)
                        report.queued[key] = report.queued.get(key, 0) + count
                        fault_point("sweep-midway")
        if dry_run:
            uow.rollback()
        else:
            uow.commit()
    return report
