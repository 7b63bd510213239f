"""Cascades: internal events fired on many instances at once, with their history.

After adoption, every LPO must decide and every huvudman waits for it; after an
LPO's decision, every huvudman under it opens its GAP analysis; a withdrawal
closes everything. The workflow names the internal events; this module moves
the instances they apply to with a few set-based statements: lock the
candidates (``FOR UPDATE`` on PostgreSQL, the write lock on SQLite), one
UPDATE per (event, target) and one multi-row INSERT of history rows.
"""

from __future__ import annotations

from collections import defaultdict

from kgflow.definitions.model import Cascade, CascadeScope, EventDef
from kgflow.domain.model import HistoryEntry
from kgflow.service.effects import EFFECTS
from kgflow.service.event_context import EventContext
from kgflow.service.ports import Move


def run_cascade(ctx: EventContext, cascade: Cascade) -> int:
    """Fire ``cascade``'s internal events; each instance moves at most once. Returns how many moved."""
    if cascade.at is not None and ctx.org.kind not in cascade.at:
        return 0
    definition = ctx.workflow.definition
    events = [variant for name in cascade.events for variant in definition.variants(name)]
    states = {source for event in events for source in event.sources}
    kinds = {kind for event in events for kind in event.at}
    under = ctx.org if cascade.scope is CascadeScope.BELOW else None
    candidates = ctx.uow.instances.lock_candidates(ctx.subject.item.id, states, kinds, under)
    claimed: set[int] = set()
    moves: dict[str, list[Move]] = defaultdict(list)
    for event in events:
        for candidate in candidates:
            if candidate.id in claimed or candidate.state not in event.sources or candidate.org_kind not in event.at:
                continue
            claimed.add(candidate.id)
            moves[event.name].append(Move(candidate, event.name, event.branches[0].target))
    for event in events:
        if moves.get(event.name):
            _apply(ctx, event, moves[event.name])
    return len(claimed)


def _apply(ctx: EventContext, event: EventDef, moves: list[Move]) -> None:
    target = event.branches[0].target
    due = ctx.workflow.due_on_entering(target, ctx.today)
    ids = [move.candidate.id for move in moves]
    ctx.uow.instances.move(ids, target, due, ctx.now)
    targets: dict[int, int] = {}
    for name in event.effects:
        hook = EFFECTS[name].cascaded
        if hook is not None:
            targets.update(hook(ctx, moves) or {})
    version = ctx.version_number
    cause = {"cause": f"{ctx.event.name} by {ctx.org.code}"}
    ctx.uow.history.append_many(
        [
            (
                HistoryEntry(
                    instance_id=move.candidate.id,
                    at=ctx.now,
                    actor=ctx.actor.code,
                    event=event.name,
                    from_state=move.candidate.state,
                    to_state=target,
                    fields={**cause, "due": due.isoformat()} if due else cause,
                    target_level=targets.get(move.candidate.id, move.candidate.target_level),
                ),
                version,
                move.candidate.level,
            )
            for move in moves
        ]
    )
