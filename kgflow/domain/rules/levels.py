"""Implementation levels: 1–2 before the GAP analysis, 3 after it (R7), one at a time (R8), against the target."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from kgflow.domain.rules.refusal import Refusal
from kgflow.domain.wording import t

if TYPE_CHECKING:
    from kgflow.domain.rules.step import Decision, Facts


def next_level(facts: Facts, decision: Decision) -> Decision:
    """R8: levels are reached one at a time, 1 → 2 → 3."""
    current = facts.level or 0
    wanted = int(facts.fields["level"])
    if wanted <= current:
        raise Refusal(
            t(
                "{where} är redan på implementeringsnivå {level}; nästa nivå att nå är {next}.",
                where=facts.where,
                level=current,
                next=current + 1,
            )
        )
    if wanted != current + 1:
        raise Refusal(
            t(
                "Implementeringsnivåerna nås en i taget: {where} är på nivå {level}, så nästa nivå är {next}, "
                "inte {wanted}.",
                where=facts.where,
                level=current,
                next=current + 1,
                wanted=wanted,
            )
        )
    return decision


LEVEL_NEEDING_GAP = 3  # innehållskunskap: the unit can deliver the prioritised interventions (seed 000)


def level_3_needs_gap(facts: Facts, decision: Decision) -> Decision:
    """R7: levels 1 and 2 may be reached by information while the GAP analysis is open; level 3 needs it done."""
    if int(facts.fields["level"]) >= LEVEL_NEEDING_GAP:
        raise Refusal(t("Nivå 3 (innehållskunskap) kräver en slutförd GAP-analys; slutför GAP-analysen först."))
    return decision


def next_needs_gap(level: int | None) -> bool:
    """R7: whether the next level after ``level`` is one the GAP analysis must be completed for."""
    return (level or 0) + 1 >= LEVEL_NEEDING_GAP


def keep_deadline(facts: Facts, decision: Decision) -> Decision:
    """A step that leaves the instance in its state keeps its deadline (a level reported during GAP)."""
    return decision.but(due=facts.due) if decision.stays else decision


def start_levels(facts: Facts, decision: Decision) -> Decision:
    """Implementation starts counting levels, from the level already reached (R7: before GAP) or 0."""
    return decision.but(level=facts.level or 0)


def record_level(facts: Facts, decision: Decision) -> Decision:
    """The level given becomes the instance's level."""
    return decision.but(level=int(facts.fields["level"]))


def target_reached(facts: Facts, decision: Decision) -> bool:
    """True when the level after this event is at or above the target level."""
    target = decision.target_level
    level = facts.fields.get("level", facts.level or 0)
    return target is not None and int(level) >= target


def targets(chosen: Sequence[tuple[int, str]], default: int, per_org: Mapping[str, int]) -> dict[int, int]:
    """R7: the target level of each (instance id, organisation code): its own if given, else the default."""
    return {instance_id: int(per_org.get(code, default)) for instance_id, code in chosen}
