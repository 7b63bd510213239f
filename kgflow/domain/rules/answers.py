"""Answering a remiss: who may still answer (R3), when a compiled answer may go (R4), lateness (R3)."""

from __future__ import annotations

from collections.abc import Sequence

from kgflow.domain.calendar import working_days_between
from kgflow.domain.doors import FORCE, NOTE
from kgflow.domain.rules.step import Decision, Facts, Refusal
from kgflow.domain.wording import Phrase, t, tn

MAX_NAMED = 8


def names(shown: Sequence[str]) -> Phrase:
    """Organisation names joined with ';' (names may contain commas), the first few only."""
    joined = "; ".join(shown[:MAX_NAMED])
    if len(shown) > MAX_NAMED:
        return tn("{names}; och {count} till", "{names}; och {count} till", len(shown) - MAX_NAMED, names=joined)
    return t("{names}", names=joined)


def parent_still_collecting(facts: Facts, decision: Decision) -> Decision:
    """R3: once the parent has submitted its compiled answer, children can no longer answer."""
    parent = facts.parent
    if parent is None or parent.state in facts.sources:
        return decision
    raise Refusal(
        t(
            "{parent} har redan lämnat sitt samlade remissvar (läget är nu '{state}'), så {where} kan inte "
            "längre ta steget '{doing}'.",
            parent=parent.org_name,
            state=parent.state_label,
            where=facts.where,
            doing=facts.doing,
        )
    )


def children_settled(facts: Facts, decision: Decision) -> Decision:
    """R4: a compiled answer waits for every child, unless forced with a note naming why."""
    waiting = [child.org_name for child in facts.children if child.state in facts.sources]
    if not waiting:
        return decision
    if not facts.force:
        raise Refusal(
            tn(
                "{where} kan inte lämna sitt samlade remissvar än: {count} organisation under har varken svarat "
                "eller avstått ({names}); vänta, eller använd {force} med en {note}.",
                "{where} kan inte lämna sitt samlade remissvar än: {count} organisationer under har varken svarat "
                "eller avstått ({names}); vänta, eller använd {force} med en {note}.",
                len(waiting),
                where=facts.where,
                names=names(waiting),
                force=FORCE,
                note=NOTE,
            )
        )
    if not facts.note:
        raise Refusal(
            t(
                "{force} behöver en {note} som säger varför det samlade remissvaret lämnas utan dem.",
                force=FORCE,
                note=NOTE,
            )
        )
    return decision.record(missing=waiting, forced=True).warn(
        tn(
            "Lämnat utan {count} organisation: {names}.",
            "Lämnat utan {count} organisationer: {names}.",
            len(waiting),
            names=names(waiting),
        )
    )


def mark_late(facts: Facts, decision: Decision) -> Decision:
    """R3: an answer after its due day is accepted and recorded as late, with the working days.

    A step on hold (R16) is not late.
    """
    due = facts.due
    if due is None or facts.held or facts.today <= due:
        return decision
    days = working_days_between(due, facts.today)
    return (
        decision.but(late=True)
        .record(late=True, days_late=days)
        .warn(
            tn(
                "Registrerat som försenat: sista dag var {due} ({count} arbetsdag sedan).",
                "Registrerat som försenat: sista dag var {due} ({count} arbetsdagar sedan).",
                days,
                due=due.isoformat(),
            )
        )
    )
