"""The rules a workflow file may name, by name.

A workflow naming anything else is refused when it is loaded, not when an
event fires. *Guards* may refuse, *warnings* only add a sentence (shown and
recorded), *conditions* pick among an event's targets, and the *deciding* half
of an effect adjusts the acting instance's new values.
"""

from __future__ import annotations

from collections.abc import Mapping

from kgflow.domain.rules import answers, decision, levels, referral, versions, working_group
from kgflow.domain.rules.step import Condition, Rule

GUARDS: Mapping[str, Rule] = {
    "parent_still_collecting": answers.parent_still_collecting,
    "children_settled": answers.children_settled,
    "next_level": levels.next_level,
    "decided_in_forum": decision.decided_in_forum,
    "level_3_needs_gap": levels.level_3_needs_gap,
}

WARNINGS: Mapping[str, Rule] = {
    "school_representative": working_group.school_representative,
}

CONDITIONS: Mapping[str, Condition] = {
    "target_reached": levels.target_reached,
    "everyone_decided": decision.everyone_decided,
    "on_remiss": versions.on_remiss,
}

DECIDING: Mapping[str, Rule] = {
    "mark_late": answers.mark_late,
    "start_levels": levels.start_levels,
    "record_level": levels.record_level,
    "keep_deadline": levels.keep_deadline,
    "fan_out": referral.plan_referral,
    "refer_revision": versions.plan_revision_remiss,
}
