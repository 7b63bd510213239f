"""Implementation levels: reached one at a time (R8), started at GAP, compared with the target."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kgflow.domain.rules.step import Decision, Facts, Refusal


def next_level(facts: Facts, decision: Decision) -> Decision:
    """R8: levels are reached one at a time, 1 → 2 → 3."""
    current = facts.level or 0
    wanted = int(facts.fields["level"])
    if wanted <= current:
        raise Refusal(f"{facts.where} is already at level {current}.")
    if wanted != current + 1:
        raise Refusal(
            f"Levels are reached one at a time: {facts.where} is at level {current}, "
            f"so the next is {current + 1}, not {wanted}."
        )
    return decision


def start_levels(facts: Facts, decision: Decision) -> Decision:
    """Implementation starts counting levels, from the level already reached or 0."""
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
