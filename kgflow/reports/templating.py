"""The Jinja environment of the site and the reports, and the Swedish words they use.

Templates are named ``*.html.j2``; ``select_autoescape`` would not recognise
that name, so autoescaping is switched on explicitly. ``StrictUndefined``
makes a template that names something missing fail the build instead of
printing nothing.
"""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from kgflow.definitions.model import Deadline, RoleRule, StateDef, WorkflowDefinition
from kgflow.domain.durations import Duration, DurationUnit
from kgflow.domain.model import ORG_KIND_LABELS_SV, OrgKind

_UNITS_SV = {
    DurationUnit.WORKING_DAYS: ("arbetsdag", "arbetsdagar"),
    DurationUnit.DAYS: ("dag", "dagar"),
    DurationUnit.WEEKS: ("vecka", "veckor"),
}


# What each guard, warning, condition and effect of the code means, for a reviewer.
PLAIN_SV: dict[str, str] = {
    "parent_still_collecting": "bara medan överordnad ännu samlar in svar",
    "children_settled": "alla underordnade har svarat eller avböjt (annars --force med anteckning)",
    "next_level": "ett steg i taget uppåt",
    "school_representative": "varnar om skola/elevhälsa saknas bland deltagarna",
    "target_reached": "målnivån är nådd",
    "mark_late": "markeras som sent om svarsdagen passerats",
    "start_levels": "genomförandet börjar på nivå 0",
    "record_level": "nivån sparas",
    "fan_out": "remissen skickas vidare ner i kedjan med nedtrappade svarsdagar",
    "adopt_version": "versionen blir den gällande",
    "create_revision": "en ny version av kunskapsstödet skapas",
    "withdraw_version": "versionen dras tillbaka",
    "assign_targets": "målnivåer sätts för huvudmännen",
}


def plain_sv(name: str) -> str:
    """A guard, warning, condition or effect in plain Swedish (its code name if it has none)."""
    return PLAIN_SV.get(name, name)


def kind_sv(kind: str) -> str:
    """An organisation kind in Swedish ("lokalt programområde")."""
    try:
        return ORG_KIND_LABELS_SV[OrgKind(kind)]
    except ValueError:
        return kind


def duration_sv(duration: Duration) -> str:
    """ "3 arbetsdagar", "1 vecka"."""
    one, many = _UNITS_SV[duration.unit]
    return f"{duration.amount} {one if duration.amount == 1 else many}"


def deadline_sv(deadline: Deadline | None) -> str:
    """When a state is due, in words."""
    if deadline is None:
        return "–"
    parts = []
    if deadline.within is not None:
        parts.append(f"{duration_sv(deadline.within)} efter att läget nås")
    parts.extend(
        f"för {kind_sv(kind)}: {duration_sv(duration)} före överordnads svarsdag"
        for kind, duration in sorted(deadline.before_parent.items())
    )
    return "; ".join(parts)


def ladder_sv(state: StateDef) -> str:
    """A state's escalation ladder, in words."""
    ladder = state.ladder
    if ladder is None:
        return "–"
    parts = []
    if ladder.reminder is not None:
        parts.append(f"påminnelse {duration_sv(ladder.reminder)} före")
    if ladder.notice:
        parts.append("besked på svarsdagen")
    names = ["överordnad organisation", "organisationen två steg upp"]
    for level, shift in enumerate(ladder.escalate):
        whom = names[level] if level < len(names) else f"{level + 1} steg upp"
        parts.append(f"eskalering till {whom} efter {duration_sv(shift)}")
    return ", ".join(parts)


def rule_sv(rule: RoleRule, definition: WorkflowDefinition) -> str:
    """Who a role rule names: "sekreterare vid lokalt programområde"."""
    role = definition.roles.get(rule.role)
    name = role.sv if role else ("ansvarig roll" if rule.role == "responsible" else rule.role)
    return f"{name} vid {kind_sv(rule.at_kind)}" if rule.at_kind else f"{name} vid organisationen själv"


def responsible_for(role: str, definition: WorkflowDefinition) -> str:
    """The organisation kinds whose responsible role this is (escalations go to it)."""
    kinds = [kind_sv(kind) for kind, named in sorted(definition.responsible.items()) if named == role]
    return ", ".join(kinds) if kinds else "–"


def date_sv(day: date | None) -> str:
    """A date as ISO text, or a dash."""
    return day.isoformat() if day else "–"


def asset(name: str) -> str:
    """The text of a shipped asset (the style sheet, the search script)."""
    return files("kgflow.reports").joinpath("assets", name).read_text(encoding="utf-8")


def environment(**globals_: Any) -> Environment:
    """Kgflow's report templates, autoescaped and strict."""
    env = Environment(
        loader=PackageLoader("kgflow.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(plain_sv=plain_sv, kind_sv=kind_sv, date_sv=date_sv)
    env.globals.update(deadline_sv=deadline_sv, ladder_sv=ladder_sv, asset=asset, **globals_)
    return env
