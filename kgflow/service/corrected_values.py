"""What a correction (R17) changes besides the instance's state: the values it corrects, and target levels below.

:mod:`kgflow.service.correct` is the use case; this module reads the
corrected values a step takes (its own fields, none of them required, and
per organisation where the step takes those) and, for a step whose cascade
gave target levels (the LPO's decision, R6), sets the corrected ones with a
history row on each instance whose target changes.
"""

from __future__ import annotations

__all__ = ["CORRECTION", "retarget"]

from datetime import datetime
from typing import TYPE_CHECKING, Any

from kgflow.definitions.model import EventDef, WorkflowDefinition
from kgflow.domain.authority import Actor
from kgflow.domain.errors import UsageError
from kgflow.domain.model import HistoryEntry, Organisation
from kgflow.domain.rules import levels
from kgflow.domain.wording import t
from kgflow.service.ports import Subject, UnitOfWork

if TYPE_CHECKING:
    from kgflow.service.advance import TargetSet

CORRECTION = "correction"
"""The event of a correction's history rows; ``fields["corrects"]`` names the event it corrects."""

_TARGETING = "assign_targets"  # the effect through which a step's cascade gives target levels (R6)


def retarget(
    uow: UnitOfWork,
    subject: Subject,
    event: EventDef | None,
    definition: WorkflowDefinition,
    fields: dict[str, Any],
    per_org: dict[Organisation, Any],
    actor: Actor,
    now: datetime,
) -> tuple[TargetSet, ...]:
    """R6 corrected: new target levels below, with a row on each instance whose target changes."""
    if event is None or event.cascade is None or ("target" not in fields and not per_org):
        return ()
    kinds = {
        kind
        for name in event.cascade.events
        for variant in definition.variants(name)
        if _TARGETING in variant.effects
        for kind in variant.at
    }
    if not kinds:
        return ()
    states = [name for name, state in definition.states.items() if not state.final]
    candidates = [
        c
        for c in uow.instances.lock_candidates(subject.item.id, states, kinds, subject.org)
        if c.target_level is not None
    ]
    named = {org.code: int(value) for org, value in per_org.items()}
    if stray := sorted(set(named) - {c.org_code for c in candidates}):
        raise UsageError(t("{orgs} har ingen målnivå från det här beslutet att rätta.", orgs=", ".join(stray)))
    current = {c.id: int(c.target_level or 0) for c in candidates}
    chosen = [(c.id, c.org_code) for c in candidates]
    if "target" in fields:
        wanted = levels.targets(chosen, int(fields["target"]), named)
    else:
        wanted = {c.id: named.get(c.org_code, current[c.id]) for c in candidates}
    changed = {instance_id: level for instance_id, level in wanted.items() if level != current[instance_id]}
    if changed:
        uow.instances.set_targets(changed)
        uow.history.append_many(
            [
                (
                    HistoryEntry(
                        instance_id=c.id,
                        at=now,
                        actor=actor.person.code,
                        event=CORRECTION,
                        from_state=c.state,
                        to_state=c.state,
                        fields={
                            "corrects": event.name,
                            "cause": f"{CORRECTION} by {subject.org.code}",
                            "target": changed[c.id],
                        },
                        target_level=changed[c.id],
                    ),
                    subject.item_version.number,
                    c.level,
                )
                for c in candidates
                if c.id in changed
            ]
        )
    from kgflow.service.advance import TargetSet  # the advance use case loads only when a correction is made

    orgs = uow.orgs.by_ids(c.org_id for c in candidates if c.id in changed)
    return tuple(
        TargetSet(org.code, org.name, org.kind.value, changed[c.id])
        for c in candidates
        if c.id in changed and (org := orgs.get(c.org_id)) is not None
    )
