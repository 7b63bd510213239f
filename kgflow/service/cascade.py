"""Cascades: internal events fired on many instances at once, with their history.

After adoption, every LPO must decide and every huvudman waits for it; after an
LPO's decision, every huvudman under it opens its GAP analysis; a withdrawal
closes everything. The workflow names the internal events; this module moves
the instances they apply to with a few set-based statements: lock the
candidates (``FOR UPDATE`` on PostgreSQL, the write lock on SQLite), one
UPDATE per (event, target) and one multi-row INSERT of history rows. Where an
event leads is the compiled machine's answer, as for a person's step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from kgflow.definitions.model import Cascade, CascadeScope, EventDef
from kgflow.domain.rules.step import Reach
from kgflow.service.acting import Acting
from kgflow.service.effects import EFFECTS
from kgflow.service.ports import Candidate, UnitOfWork


def _unconditional(condition: str) -> bool:
    return False  # internal events have one unconditional branch (the definitions check it)


@dataclass(frozen=True)
class CascadeOutcome:
    """What a cascade did: how many instances moved, and the target levels its effects gave some of them."""

    moved: int = 0
    targets: tuple[tuple[Candidate, int], ...] = field(default=())


def run_cascade(
    acting: Acting,
    uow: UnitOfWork,
    cascade: Cascade,
    version: int,
    reach: Reach | None = None,
    standing: Mapping[int, str] | None = None,
) -> CascadeOutcome:
    """Fire ``cascade``'s internal events; each instance moves at most once.

    ``reach``, when the step's rules gave one (R6: a decision for some
    huvudmän), limits the cascade to those organisations and what is below
    them, and adds what their rows record (the forum, the reference).
    ``standing`` names instances to be taken as standing in another state than
    their own (R9: those a revision's remiss took from past the GAP analysis go on
    from where they stood); their history still says where they came from.
    """
    standing = standing or {}
    if cascade.at is not None and acting.org.kind not in cascade.at:
        return CascadeOutcome()
    if reach is not None and not reach.orgs:
        return CascadeOutcome()
    definition = acting.workflow.definition
    events = [variant for name in cascade.events for variant in definition.variants(name)]
    states = {source for event in events for source in event.sources}
    kinds = {kind for event in events for kind in event.at}
    under = acting.org if cascade.scope is CascadeScope.BELOW else None
    within = reach.orgs if reach is not None else ()
    candidates = uow.instances.lock_candidates(acting.subject.item.id, states, kinds, under, within=within)
    claimed: set[int] = set()
    moves: dict[tuple[int, str], list[Candidate]] = defaultdict(list)
    for position, event in enumerate(events):
        for candidate in candidates:
            state = standing.get(candidate.id, candidate.state)
            if candidate.id in claimed or state not in event.sources or candidate.org_kind not in event.at:
                continue
            claimed.add(candidate.id)
            target = acting.workflow.target(state, event.name, _unconditional).name
            moves[position, target].append(candidate)
    targets: list[tuple[Candidate, int]] = []
    for (position, target), moved in moves.items():
        targets.extend(_apply(acting, uow, events[position], target, moved, version, reach))
    return CascadeOutcome(len(claimed), tuple(targets))


def _apply(
    acting: Acting,
    uow: UnitOfWork,
    event: EventDef,
    target: str,
    moves: list[Candidate],
    version: int,
    reach: Reach | None,
) -> list[tuple[Candidate, int]]:
    due = acting.workflow.due_on_entering(target, acting.today)
    uow.instances.move([move.id for move in moves], target, due, acting.now)
    targets: dict[int, int] = {}
    for effect in event.effects:
        hook = EFFECTS[effect].cascaded
        if hook is not None:
            targets.update(hook(acting, uow, moves))
    cause = {**acting.cause, **(reach.recorded if reach is not None else {})}
    fields = {**cause, "due": due.isoformat()} if due else cause
    uow.history.append_many(
        [
            acting.row(
                move.id,
                event.name,
                move.state,
                target,
                fields={**fields, "target": targets[move.id]} if move.id in targets else dict(fields),
                version=version,
                level=move.level,
                target_level=targets.get(move.id, move.target_level),
            )
            for move in moves
        ]
    )
    return [(move, targets[move.id]) for move in moves if move.id in targets]
