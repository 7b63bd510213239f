"""Named effects that workflow files may attach to events.

An effect has up to three hooks, all inside the advance's transaction:

- ``before(ctx)`` adjusts the acting instance's new values (level, lateness)
  before the compare-and-set writes them;
- ``after(ctx)`` does set-based work beyond the instance (fan-out, versions);
- ``cascaded(ctx, moves)`` runs on the instances an internal event moved, before
  their history rows are written; it may return new target levels by instance id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from kgflow.domain.calendar import working_days_between
from kgflow.domain.errors import TransitionRefused
from kgflow.domain.model import HistoryEntry, VersionStatus
from kgflow.service.event_context import EventContext
from kgflow.service.fanout import check_referral_due, fan_out
from kgflow.service.ports import Move

VERSION_SWITCHED = "version_switched"  # an instance moved onto a newly adopted version of its item


@dataclass(frozen=True)
class Effect:
    """The hooks of one named effect; any may be absent."""

    before: Callable[[EventContext], None] | None = None
    after: Callable[[EventContext], None] | None = None
    cascaded: Callable[[EventContext, Sequence[Move]], Mapping[int, int] | None] | None = None


def _mark_late(ctx: EventContext) -> None:
    due = ctx.subject.instance.due
    if due is not None and ctx.today > due:
        days = working_days_between(due, ctx.today)
        ctx.pending.late = True
        ctx.recorded["late"] = True
        ctx.recorded["days_late"] = days
        ctx.warnings.append(f"Recorded as late: the deadline was {due.isoformat()} ({days} working days ago).")


def _start_levels(ctx: EventContext) -> None:
    ctx.pending.level = ctx.subject.instance.level or 0


def _record_level(ctx: EventContext) -> None:
    ctx.pending.level = int(ctx.fields["level"])


def _adopt_version(ctx: EventContext) -> None:
    versions = ctx.uow.items.versions(ctx.subject.item.id)
    newest = versions[-1]
    ref = str(ctx.fields.get("ref") or "") or None
    adopted_on = ctx.fields.get("date")
    for older in versions[:-1]:
        if older.status is VersionStatus.ADOPTED:
            ctx.uow.items.set_version_status(older.id, VersionStatus.SUPERSEDED)
    ctx.uow.items.set_version_status(
        newest.id, VersionStatus.ADOPTED, adopted_on=_as_date(adopted_on) or ctx.today, ref=ref
    )
    if newest.id != ctx.subject.instance.item_version_id:
        switched = ctx.uow.instances.switch_version(ctx.subject.item.id, newest.id)
        # Every instance's history says which version it is on; the acting one's own row follows.
        rows = [
            (
                HistoryEntry(
                    instance_id=other.id,
                    at=ctx.now,
                    actor=ctx.actor.code,
                    event=VERSION_SWITCHED,
                    from_state=other.state,
                    to_state=other.state,
                    fields={"version": newest.number, "cause": f"{ctx.event.name} by {ctx.org.code}"},
                    target_level=other.target_level,
                ),
                newest.number,
                other.level,
            )
            for other in switched
            if other.id != ctx.subject.instance.id
        ]
        ctx.uow.history.append_many(rows)
        ctx.switched = len(rows)
    ctx.version_number = newest.number


def _create_revision(ctx: EventContext) -> None:
    versions = ctx.uow.items.versions(ctx.subject.item.id)
    if any(v.status is VersionStatus.DRAFT for v in versions):
        raise TransitionRefused(
            ctx.subject.item.code,
            ctx.org.code,
            ctx.subject.instance.state,
            ctx.event.name,
            f"{ctx.subject.item.title} already has a revision waiting for adoption.",
        )
    current = ctx.subject.item_version
    new = ctx.uow.items.add_version(
        ctx.subject.item.id,
        versions[-1].number + 1,
        VersionStatus.DRAFT,
        current.workflow,
        current.workflow_version,
    )
    ctx.recorded["new_version"] = new.number


def _withdraw_version(ctx: EventContext) -> None:
    for version in ctx.uow.items.versions(ctx.subject.item.id):
        if version.status is not VersionStatus.SUPERSEDED:
            ctx.uow.items.set_version_status(version.id, VersionStatus.WITHDRAWN)


def _assign_targets(ctx: EventContext, moves: Sequence[Move]) -> Mapping[int, int]:
    default = ctx.fields.get("target", ctx.subject.item.default_target_level)
    by_code = {org.code: int(value) for org, value in ctx.per_org.items()}
    targets = {move.candidate.id: by_code.get(move.candidate.org_code, int(default)) for move in moves}
    ctx.uow.instances.set_targets(targets)
    return targets


def _as_date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


EFFECTS: dict[str, Effect] = {
    "mark_late": Effect(before=_mark_late),
    "start_levels": Effect(before=_start_levels),
    "record_level": Effect(before=_record_level),
    "fan_out": Effect(before=check_referral_due, after=fan_out),
    "adopt_version": Effect(after=_adopt_version),
    "create_revision": Effect(after=_create_revision),
    "withdraw_version": Effect(after=_withdraw_version),
    "assign_targets": Effect(cascaded=_assign_targets),
}
