"""Named effects that workflow files may attach to events.

An effect has up to three halves, all inside the advance's transaction:

- ``decide`` — a pure rule of :mod:`kgflow.domain.rules` adjusting the acting
  instance's new values before the compare-and-set writes them;
- ``store(acting, uow, decision)`` — set-based writes beyond the instance
  (fan-out, versions), after the compare-and-set and before the acting row;
- ``cascaded(acting, uow, moves)`` — on the instances an internal event moved,
  before their history rows are written; it may return new target levels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kgflow.definitions.model import OWNER, EventDef
from kgflow.domain.model import ItemVersion, Organisation, VersionStatus
from kgflow.domain.rules import levels, versions
from kgflow.domain.rules.rulebook import DECIDING
from kgflow.domain.rules.step import Decision, Refusal, Rule
from kgflow.domain.wording import t
from kgflow.faults import fault_point
from kgflow.service.acting import Acting
from kgflow.service.facts import needs_children, needs_parent, needs_tree
from kgflow.service.ports import Candidate, NewInstance, UnitOfWork

VERSION_SWITCHED = "version_switched"  # an instance moved onto a newly adopted version of its item


@dataclass(frozen=True)
class Stored:
    """What a ``store`` half did: rows created or switched, what the acting row records, its version."""

    recorded: Mapping[str, Any] = field(default_factory=dict)
    version: int | None = None
    created: int = 0
    switched: int = 0
    standing: Mapping[int, str] = field(default_factory=dict)  # R9: where the cascade takes these instances to be


Store = Callable[[Acting, UnitOfWork, Decision], Stored]
Cascaded = Callable[[Acting, UnitOfWork, Sequence[Candidate]], Mapping[int, int]]


@dataclass(frozen=True)
class Effect:
    """The halves of one named effect; any may be absent."""

    decide: Rule | None = None
    store: Store | None = None
    cascaded: Cascaded | None = None


def _create_referred(acting: Acting, uow: UnitOfWork, decision: Decision) -> Stored:
    """R1: create the planned instances, one history row each, and put the version on remiss."""
    version = acting.subject.item_version
    plan = [NewInstance(p.org_id, p.state, p.due, p.parent_org_id) for p in decision.planned]
    ids = uow.instances.create(version, plan, acting.now, fallback_parent=acting.subject.instance.id)
    fault_point("fan-out-midway")
    uow.history.append_many(
        [
            acting.row(
                instance_id,
                acting.event.name,
                None,
                row.state,
                fields={"due": row.due.isoformat() if row.due else None, "referred_by": acting.org.code},
                version=version.number,
                level=None,
            )
            for instance_id, row in zip(ids, plan, strict=True)
        ]
    )
    uow.items.set_version_status(version.id, VersionStatus.REMISS)
    return Stored(created=len(ids))


def _adopt_version(acting: Acting, uow: UnitOfWork, decision: Decision) -> Stored:
    """R5/R5b/R9: the declared body adopts the newest version, the one before is superseded, every instance on it."""
    body = _adopting_body(acting, uow)
    adoption = versions.adoption(uow.items.versions(acting.subject.item.id), acting.subject.instance.item_version_id)
    newest = adoption.adopted
    for superseded in adoption.superseded:
        uow.items.set_version_status(superseded, VersionStatus.SUPERSEDED)
    given = acting.fields.get("ref")
    ref = str(given) if given is not None else None
    adopted_on = _as_date(acting.fields.get("date")) or acting.today
    recorded = {"adopted_by": versions.body_name(body)} if body is not None else {}
    uow.items.set_version_status(newest.id, VersionStatus.ADOPTED, adopted_on=adopted_on, ref=ref)
    if not adoption.switches:
        # A revision that went on remiss is everyone's version already; those it took past the GAP go on from there.
        return Stored(recorded=recorded, version=newest.number, standing=_standing_before_remiss(acting, uow, newest))
    # Every instance's history says which version it is on; the acting one's own row follows.
    rows = [
        acting.row(
            other.id,
            VERSION_SWITCHED,
            other.state,
            other.state,
            fields={"version": newest.number, **acting.cause},
            version=newest.number,
            level=other.level,
            target_level=other.target_level,
        )
        for other in uow.instances.switch_version(acting.subject.item.id, newest.id)
        if other.id != acting.subject.instance.id
    ]
    uow.history.append_many(rows)
    return Stored(recorded=recorded, version=newest.number, switched=len(rows))


def _adopting_body(acting: Acting, uow: UnitOfWork) -> Organisation | None:
    """R5b: the body the workflow declares for the item's kind (its owner, or SKS), checked against one named."""
    item = acting.subject.item
    given = _body_given(uow, acting.fields.get("body"))
    declared = acting.workflow.definition.adoption.get(item.kind.value)
    if declared is None:
        return given
    if declared == OWNER:
        owner_id = item.owner_org_id or acting.org.id
        body = uow.orgs.by_ids([owner_id]).get(owner_id)
    else:
        body = uow.orgs.find(declared)
    if body is None:
        raise Refusal(
            t(
                "Arbetsflödet säger att {code} fastställer {title}, men det finns ingen organisation med den koden.",
                code=declared,
                title=item.title,
            )
        )
    return versions.adopting_body(body, given, item.title)


def _body_given(uow: UnitOfWork, given: object) -> Organisation | None:
    if given is None:
        return None
    body = uow.orgs.find(str(given))
    if body is None:
        raise Refusal(t("Det finns inget beslutsorgan som heter {body!r}.", body=str(given)))
    return body


def _standing_before_remiss(acting: Acting, uow: UnitOfWork, adopted: ItemVersion) -> Mapping[int, str]:
    """R9: the instances the adopted revision's remiss took from a state the adoption's cascade moves on from."""
    definition = acting.workflow.definition
    cascade = acting.event.cascade
    if definition.referral is None or cascade is None:
        return {}
    moves_on_from = {s for name in cascade.events for variant in definition.variants(name) for s in variant.sources}
    took_from: dict[int, str] = {}
    for event in {e.name for e in definition.events if "refer_revision" in e.effects}:
        took_from |= uow.history.came_from(acting.subject.item.id, adopted.number, event, definition.referral.state)
    return versions.standing_before_remiss(took_from, moves_on_from)


def _refer_revision(acting: Acting, uow: UnitOfWork, decision: Decision) -> Stored:
    """R9: a revision on remiss — every participant's instance moves into remiss on the new version, new ones join.

    The same organisations as a first remiss (R1), each with its cascading
    deadline (R2); one UPDATE per deadline, one INSERT for those new to the item,
    one multi-row INSERT of history rows.
    """
    if not decision.planned:
        return Stored()
    item = acting.subject.item
    new = uow.items.versions(item.id)[-1]
    uow.items.set_version_status(new.id, VersionStatus.REMISS)
    switched = {candidate.org_id: candidate for candidate in uow.instances.switch_version(item.id, new.id)}
    moving = [(planned, switched[planned.org_id]) for planned in decision.planned if planned.org_id in switched]
    by_due: dict[tuple[str, date | None], list[int]] = defaultdict(list)
    for planned, found in moving:
        by_due[planned.state, planned.due].append(found.id)
    for (state, due), ids in by_due.items():
        uow.instances.move(ids, state, due, acting.now)

    def referred(due: date | None) -> dict[str, Any]:
        return {"due": due.isoformat() if due else None, "referred_by": acting.org.code}

    rows = [
        acting.row(
            found.id,
            acting.event.name,
            found.state,
            planned.state,
            fields=referred(planned.due),
            version=new.number,
            level=found.level,
            target_level=found.target_level,
        )
        for planned, found in moving
    ]
    told = {found.id for _, found in moving} | {acting.subject.instance.id}
    rows += [
        acting.row(
            other.id,
            VERSION_SWITCHED,
            other.state,
            other.state,
            fields={"version": new.number, **acting.cause},
            version=new.number,
            level=other.level,
            target_level=other.target_level,
        )
        for other in switched.values()
        if other.id not in told
    ]
    fresh = [
        NewInstance(p.org_id, p.state, p.due, p.parent_org_id) for p in decision.planned if p.org_id not in switched
    ]
    ids = uow.instances.create(new, fresh, acting.now, fallback_parent=acting.subject.instance.id)
    rows += [
        acting.row(i, acting.event.name, None, row.state, fields=referred(row.due), version=new.number, level=None)
        for i, row in zip(ids, fresh, strict=True)
    ]
    uow.history.append_many(rows)
    return Stored(version=new.number, created=len(ids), switched=len(moving))


def _create_revision(acting: Acting, uow: UnitOfWork, decision: Decision) -> Stored:
    """R9: a new draft version of the item, refused while another waits for adoption."""
    number = versions.revision_number(uow.items.versions(acting.subject.item.id), acting.subject.item.title)
    current = acting.subject.item_version
    new = uow.items.add_version(
        acting.subject.item.id, number, VersionStatus.DRAFT, current.workflow, current.workflow_version
    )
    return Stored(recorded={"new_version": new.number})


def _withdraw_version(acting: Acting, uow: UnitOfWork, decision: Decision) -> Stored:
    """R10: every version not already superseded is withdrawn."""
    for version_id in versions.withdrawn(uow.items.versions(acting.subject.item.id)):
        uow.items.set_version_status(version_id, VersionStatus.WITHDRAWN)
    return Stored()


def _assign_targets(acting: Acting, uow: UnitOfWork, moved: Sequence[Candidate]) -> Mapping[int, int]:
    """R7: the LPO's decision gives each huvudman its target level (its own, or the decision's default)."""
    default = int(acting.fields.get("target", acting.subject.item.default_target_level))
    per_org = {org.code: int(value) for org, value in acting.per_org.items()}
    targets = levels.targets([(c.id, c.org_code) for c in moved], default, per_org)
    uow.instances.set_targets(targets)
    return targets


def _as_date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


EFFECTS: Mapping[str, Effect] = {
    "mark_late": Effect(decide=DECIDING["mark_late"]),
    "start_levels": Effect(decide=DECIDING["start_levels"]),
    "record_level": Effect(decide=DECIDING["record_level"]),
    "keep_deadline": Effect(decide=DECIDING["keep_deadline"]),
    "fan_out": Effect(decide=DECIDING["fan_out"], store=_create_referred),
    "adopt_version": Effect(store=_adopt_version),
    "create_revision": Effect(store=_create_revision),
    "refer_revision": Effect(decide=DECIDING["refer_revision"], store=_refer_revision),
    "withdraw_version": Effect(store=_withdraw_version),
    "assign_targets": Effect(cascaded=_assign_targets),
}


def keeps_to_its_instance(event: EventDef) -> bool:
    """True when ``event``'s rules read, and its effects write, nothing but the instance it is taken on.

    Such a step may share the turn to decide with others like it (a level, a
    GAP result, a plain step); one whose guard reads the parent or children,
    which names a forum or organisations, cascades or creates instances and
    versions decides alone.
    """
    reads_others = needs_parent(event) or needs_children(event) or needs_tree(event)
    writes_others = any(EFFECTS[name].store or EFFECTS[name].cascaded for name in event.effects)
    return event.cascade is None and event.per_organisation is None and not reads_others and not writes_others
