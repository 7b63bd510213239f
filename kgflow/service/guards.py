"""Named guards and conditions that workflow files may use.

A *guard* refuses an event: it returns one sentence saying why, or ``None``.
A *warning* has the same shape but never refuses: its sentence is shown and
recorded in the history. A *condition* picks among an event's targets: it
returns True or False. All are looked up by name from the registries below; a workflow naming anything
else is refused when it is loaded, not when an event fires.
"""

from __future__ import annotations

from collections.abc import Callable

from kgflow.service.event_context import EventContext

Guard = Callable[[EventContext], str | None]
Condition = Callable[[EventContext], bool]

MAX_NAMED = 8


def _names(names: list[str]) -> str:
    """Organisation names joined with ';' (names may contain commas), the first few only."""
    shown = "; ".join(names[:MAX_NAMED])
    return f"{shown}; and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else shown


def _count(number: int) -> str:
    return "1 organisation below it has" if number == 1 else f"{number} organisations below it have"


def parent_still_collecting(ctx: EventContext) -> str | None:
    """R3: once the parent has submitted its compiled answer, children can no longer answer."""
    parent_id = ctx.subject.instance.parent_id
    if parent_id is None:
        return None
    parent = ctx.uow.instances.get(parent_id)
    if parent is None or parent.state in ctx.event.sources:
        return None
    parent_org = ctx.uow.orgs.by_ids([parent.org_id])[parent.org_id]
    state = ctx.workflow.label(parent.state)
    return (
        f"{parent_org.name} has already submitted its compiled answer (now '{state}'), "
        f"so {ctx.where} can no longer {ctx.event.label.en.lower()}."
    )


def children_settled(ctx: EventContext) -> str | None:
    """R4: a compiled answer waits for every child, unless forced with a note naming why."""
    waiting = [
        org.name
        for child, org in ctx.uow.instances.children(ctx.subject.instance.id)
        if child.state in ctx.event.sources
    ]
    if not waiting:
        return None
    if ctx.force:
        if not ctx.note:
            return "--force needs a --note saying why the compiled answer goes without them."
        ctx.recorded["missing"] = waiting
        ctx.recorded["forced"] = True
        ctx.warnings.append(f"Submitted without {len(waiting)}: {_names(waiting)}.")
        return None
    return (
        f"{ctx.where} cannot submit its compiled answer yet: {_count(len(waiting))} not answered or declined "
        f"({_names(waiting)}); wait, or use --force with a --note."
    )


def next_level(ctx: EventContext) -> str | None:
    """R8: levels are reached one at a time, 1 → 2 → 3."""
    current = ctx.subject.instance.level or 0
    wanted = int(ctx.fields["level"])
    if wanted <= current:
        return f"{ctx.where} is already at level {current}."
    if wanted != current + 1:
        return (
            f"Levels are reached one at a time: {ctx.where} is at level {current}, "
            f"so the next is {current + 1}, not {wanted}."
        )
    return None


def target_reached(ctx: EventContext) -> bool:
    """True when the level after this event is at or above the target level."""
    target = ctx.pending.target_level
    level = ctx.fields.get("level", ctx.subject.instance.level or 0)
    return target is not None and int(level) >= target


SCHOOL_WORDS = ("skola", "skolan", "elevhälsa", "elevhälsan", "rektor", "skolsköterska", "skolkurator")


def school_representative(ctx: EventContext) -> str | None:
    """R15 (seed 004): a school or elevhälsa representative *should* be in the working group."""
    members = ctx.fields.get("members") or []
    text = " ".join(str(member) for member in members).lower()
    if any(word in text for word in SCHOOL_WORDS):
        return None
    return (
        "No one from school or elevhälsa is in the working group; the decision says a representative "
        "from skolan/elevhälsan should be part of it."
    )


GUARDS: dict[str, Guard] = {
    "parent_still_collecting": parent_still_collecting,
    "children_settled": children_settled,
    "next_level": next_level,
}

WARNINGS: dict[str, Guard] = {
    "school_representative": school_representative,
}

CONDITIONS: dict[str, Condition] = {
    "target_reached": target_reached,
}
