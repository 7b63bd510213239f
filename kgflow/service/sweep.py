"""The sweep: queue every rung of every escalation ladder that has come due (R11), and open follow-up rounds (R14).

Plan activities past their date and still planned (R19) are chased in the same
pass: their performer (or the LPO's sekreterare) is told once, and the
sekreterare once more after five more working days, in one statement.

One pass, in one transaction. For every workflow version in use, every state and
each of its ladders (one per group of organisation kinds), the rungs of today
become due-date ranges (:mod:`kgflow.domain.ladders`) and each rung is one
set-based INSERT into the outbox: the highest rung a step has reached is sent,
the organisation itself is told once if a catch-up passes over its notice, and
the rungs passed over are recorded as skipped. Held steps are left alone.
Nothing is loaded into Python per instance; a unique key makes a second (or
concurrent) sweep queue nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgflow.domain.ladders import due_ranges
from kgflow.domain.plans import chase_days
from kgflow.faults import fault_point
from kgflow.service.context import Services
from kgflow.service.follow_up import RoundOpened, open_rounds
from kgflow.service.identity import check_the_date
from kgflow.service.lookup import find_item, find_org
from kgflow.service.ports import RungWindow, WrittenRung


@dataclass
class SweepReport:
    """What the sweep queued (or would queue): notices per (workflow, state, rung), and rungs recorded as skipped."""

    dry_run: bool
    queued: dict[tuple[str, str, str], int] = field(default_factory=dict)
    skipped: dict[tuple[str, str, str], int] = field(default_factory=dict)
    rounds: list[RoundOpened] = field(default_factory=list)
    activities: dict[str, int] = field(default_factory=dict)
    """Notices about plan activities past their date (R19), by rung: ``notice`` and ``escalation-1``."""

    @property
    def total(self) -> int:
        """Notices queued in all."""
        return sum(self.queued.values()) + sum(self.activities.values())


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
                for ladder in state.ladders:
                    for due_range in due_ranges(ladder.rungs(), today):
                        action = uow.outbox.count_rung if dry_run else uow.outbox.queue_rung
                        window = RungWindow(
                            name,
                            version,
                            state.name,
                            due_range.rung,
                            due_range.low,
                            due_range.high,
                            definition.responsible,
                            ladder.at,
                            due_range.telling,
                        )
                        count = action(window, now)
                        key = (name, state.name, due_range.rung.name)
                        _add(report.queued, key, count.queued)
                        _add(report.skipped, key, count.skipped)
                        if count.queued or count.skipped:
                            fault_point("sweep-midway")
        days = chase_days(today)
        report.activities = uow.plans.count_late(days, now) if dry_run else uow.plans.queue_late(days, now)
        if dry_run:
            uow.rollback()
        else:
            uow.commit()
    return report


def _add(counts: dict[tuple[str, str, str], int], key: tuple[str, str, str], count: int) -> None:
    if count:
        counts[key] = counts.get(key, 0) + count


def rungs_written(services: Services, item: str, org: str) -> list[WrittenRung]:
    """The rungs of the ladder written for the current step of ``item`` at ``org``: sent, queued or skipped."""
    with services.uow() as uow:
        subject = uow.instances.subject(find_item(uow, item).id, find_org(uow, org).id)
        if subject is None:
            return []
        return uow.outbox.rungs_of(subject.instance.id, subject.instance.version)
