"""Bulk entry's set-based part: many rows of the common steps, decided in Python, written with a few statements.

A secretary's spreadsheet is mostly remiss answers and declines, GAP results
and implementation levels: steps decided from the instance itself, its parent
(R3) and its children (R4), that write nothing beyond the instance and its
history row. Rows of such steps are taken together: their parents and
children are read with one query each, every row is checked and decided in
the order given with the very code a single ``advance`` uses
(:func:`~kgflow.service.advance.prepare`, :func:`~kgflow.service.facts.facts_of`,
:func:`~kgflow.service.advance.decide`, :func:`~kgflow.service.advance.history_row`),
and the outcome is written with one executemany compare-and-set of the
instances and one executemany append of the history rows — however many rows.

A row sees what the rows above it did: an instance a row moved is the one the
next row at it (or at its parent or child) is decided on, so ``reach_level 1``
then ``2`` for one huvudman, or a unit's answer and then its kommun's compiled
answer, work as if typed one after the other. A refused row is left out and
named; the caller rolls everything back if any was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from kgflow.domain.authority import Actor
from kgflow.domain.errors import KgflowError, RowProblem
from kgflow.domain.model import Instance, Organisation
from kgflow.engine.machine import CompiledWorkflow
from kgflow.service.acting import Acting, Row
from kgflow.service.advance import (
    AdvanceRequest,
    AdvanceResult,
    change_of,
    decide,
    history_row,
    lost_race,
    prepare,
    result_of,
)
from kgflow.service.context import Services
from kgflow.service.effects import EFFECTS
from kgflow.service.facts import facts_of, needs_children, needs_parent, needs_tree
from kgflow.service.ports import InstanceChange, Subject, UnitOfWork


@dataclass(frozen=True)
class Pending:
    """One row of the file to take set-based: its row number, what it asks, and the instance it names."""

    line: int
    request: AdvanceRequest
    subject: Subject


@dataclass(frozen=True)
class Taken:
    """What a set of rows did: each applied row's result, each refused row's problem, and the instances as left."""

    results: tuple[tuple[int, AdvanceResult], ...]
    problems: tuple[RowProblem, ...]
    moved: dict[int, Instance]


def set_based(workflow: CompiledWorkflow, event: str, org: Organisation) -> bool:
    """True if every variant of ``event`` at ``org`` can be taken set-based.

    That is: a step a person takes, whose rules look no further than the parent
    and the children (no referral tree, no forum), that stores nothing beyond the
    instance (no fan-out, no version), takes no value per organisation below, and
    fires no cascade from an organisation of this kind (the NPO's compiled answer
    closing the remiss does; a kommun's answer does not).
    """
    variants = workflow.definition.variants(event)
    if not variants:
        return False
    for variant in variants:
        if variant.internal or variant.per_organisation is not None or needs_tree(variant):
            return False
        if any(EFFECTS[name].store is not None for name in variant.effects):
            return False
        cascade = variant.cascade
        if cascade is not None and (cascade.at is None or org.kind in cascade.at):
            return False
    return True


def take_rows(services: Services, uow: UnitOfWork, actor: Actor, rows: Sequence[Pending]) -> Taken:
    """Check, decide and write ``rows`` in order, under the turn to append history already taken.

    Reads: the parents and the children the rows' rules look at, one query each.
    Writes: one compare-and-set of every instance moved, one append of every history row.
    """
    if not rows:
        return Taken((), (), {})
    today, now = services.clock.today(), services.clock.now()
    variants = [
        variant
        for row in rows
        for variant in services.catalogue.compiled(
            row.subject.instance.workflow, row.subject.instance.workflow_version, uow
        ).definition.variants(row.request.event.strip().lower())
    ]
    with_parent = any(needs_parent(variant) for variant in variants)
    with_children = any(needs_children(variant) for variant in variants)
    parent_ids = {row.subject.instance.parent_id for row in rows} if with_parent else set()
    parents = uow.instances.with_orgs(i for i in parent_ids if i is not None)
    children = uow.instances.children_of(row.subject.instance.id for row in rows) if with_children else {}

    read: dict[int, Instance] = {}  # each instance as read, for the compare-and-set
    current: dict[int, Instance] = {}  # each instance as the rows above left it
    steps: dict[int, int] = {}
    entries: list[Row] = []
    results: list[tuple[int, AdvanceResult]] = []
    problems: list[RowProblem] = []

    def now_of(pair: tuple[Instance, Organisation]) -> tuple[Instance, Organisation]:
        return current.get(pair[0].id, pair[0]), pair[1]

    for row in rows:
        first = row.subject.instance
        subject = replace(row.subject, instance=current.get(first.id, first))
        instance = subject.instance
        try:
            prepared = prepare(services, uow, subject, actor, row.request)
            event = prepared.event
            parent = parents.get(instance.parent_id) if needs_parent(event) and instance.parent_id is not None else None
            facts = facts_of(
                prepared.workflow,
                subject,
                event,
                fields=prepared.fields,
                note=row.request.note,
                force=row.request.force,
                today=today,
                parent=now_of(parent) if parent is not None else None,
                children=[now_of(child) for child in children.get(instance.id, [])] if needs_children(event) else (),
            )
            target, decision = decide(prepared, subject, facts)
        except KgflowError as refused:
            problems.append(RowProblem(row.line, row.request.org, refused))
            continue
        change = change_of(target, decision)
        read.setdefault(instance.id, first)
        current[instance.id] = _changed(instance, change)
        steps[instance.id] = steps.get(instance.id, 0) + 1
        acting = Acting(prepared.workflow, subject, event, actor.person, prepared.fields, prepared.per_org, today, now)
        entries.append(history_row(acting, row.request, target, decision, (), subject.item_version.number))
        results.append((row.line, result_of(prepared, subject, target, decision)))

    changes = [(read[i], _change(current[i]), steps[i]) for i in read]
    if not uow.instances.compare_and_set_many(changes, now):
        return Taken((), (*problems, *_conflicts(services, uow, rows, read)), {})
    uow.history.append_many(entries)
    return Taken(tuple(results), tuple(problems), current)


def _changed(instance: Instance, change: InstanceChange) -> Instance:
    """The instance after one step, as the compare-and-set leaves it (its version one on)."""
    return replace(
        instance,
        state=change.state,
        level=change.level,
        target_level=change.target_level,
        due=change.due,
        late=change.late,
        version=instance.version + 1,
    )


def _change(instance: Instance) -> InstanceChange:
    return InstanceChange(instance.state, instance.level, instance.target_level, instance.due, instance.late)


def _conflicts(
    services: Services, uow: UnitOfWork, rows: Sequence[Pending], read: dict[int, Instance]
) -> list[RowProblem]:
    """The rows whose instance somebody changed since it was read, each with the single step's sentence."""
    now = uow.instances.with_orgs(read)
    changed = {i for i, first in read.items() if i not in now or now[i][0].version != first.version}
    problems = []
    for row in rows:
        instance = row.subject.instance
        if instance.id in changed:
            changed.discard(instance.id)  # one sentence per instance, at its first row
            workflow = services.catalogue.compiled(instance.workflow, instance.workflow_version, uow)
            problems.append(RowProblem(row.line, row.request.org, lost_race(uow, row.subject, workflow)))
    return problems
