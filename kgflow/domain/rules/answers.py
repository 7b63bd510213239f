"""Answering a remiss: who may still answer (R3), when a compiled answer may go (R4), lateness (R3)."""

from __future__ import annotations

from collections.abc import Sequence

from kgflow.domain.calendar import working_days_between
from kgflow.domain.rules.step import Decision, Facts, Refusal

MAX_NAMED = 8


def names(shown: Sequence[str]) -> str:
    """Organisation names joined with ';' (names may contain commas), the first few only."""
    joined = "; ".join(shown[:MAX_NAMED])
    return f"{joined}; and {len(shown) - MAX_NAMED} more" if len(shown) > MAX_NAMED else joined


def _count(number: int) -> str:
    return "1 organisation below it has" if number == 1 else f"{number} organisations below it have"


def parent_still_collecting(facts: Facts, decision: Decision) -> Decision:
    """R3: once the parent has submitted its compiled answer, children can no longer answer."""
    parent = facts.parent
    if parent is None or parent.state in facts.sources:
        return decision
    raise Refusal(
        f"{parent.org_name} has already submitted its compiled answer (now '{parent.state_label}'), "
        f"so {facts.where} can no longer {facts.doing}."
    )


def children_settled(facts: Facts, decision: Decision) -> Decision:
    """R4: a compiled answer waits for every child, unless forced with a note naming why."""
    waiting = [child.org_name for child in facts.children if child.state in facts.sources]
    if not waiting:
        return decision
    if not facts.force:
        raise Refusal(
            f"{facts.where} cannot submit its compiled answer yet: {_count(len(waiting))} not answered or "
            f"declined ({names(waiting)}); wait, or use --force with a --note."
        )
    if not facts.note:
        raise Refusal("--force needs a --note saying why the compiled answer goes without them.")
    return decision.record(missing=waiting, forced=True).warn(f"Submitted without {len(waiting)}: {names(waiting)}.")


def mark_late(facts: Facts, decision: Decision) -> Decision:
    """R3: an answer after its due day is accepted and recorded as late, with the working days."""
    due = facts.due
    if due is None or facts.today <= due:
        return decision
    days = working_days_between(due, facts.today)
    return (
        decision.but(late=True)
        .record(late=True, days_late=days)
        .warn(f"Recorded as late: the deadline was {due.isoformat()} ({days} working days ago).")
    )
