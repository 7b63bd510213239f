"""The Jinja environment of the site and the reports, and the words they use.

Templates are named ``*.html.j2``; ``select_autoescape`` would not recognise
that name, so autoescaping is switched on explicitly. ``StrictUndefined``
makes a template that names something missing fail the build instead of
printing nothing.

Templates are written in Swedish and speak the reader's language through
``jinja2.ext.i18n``: ``{{ _("Regler") }}`` and ``{{ ngettext(...) }}`` look the
text up in kgflow's catalogue (:mod:`kgflow.domain.wording`), Babel extracts
them from ``templates/**.j2`` (``babel.cfg``), and ``lang`` is the language for
``<html lang>``. The helpers below (``kind_sv``, ``deadline_sv`` …) keep their
names, which templates call, but render in the reader's language too.
"""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, StrictUndefined

from kgflow.definitions.model import Deadline, Label, RoleRule, StateDef, WorkflowDefinition
from kgflow.domain.durations import Duration, DurationUnit
from kgflow.domain.ladders import FORUM, Recipient
from kgflow.domain.model import org_kind_label
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import language, marked, ngettext, pgettext, t, tn

# What each guard, warning, condition and effect of the code means, for a reviewer.
PLAIN_SV: dict[str, str] = {
    "parent_still_collecting": marked("bara medan överordnad ännu samlar in svar"),
    "children_settled": marked("alla underordnade har svarat eller avböjt (annars --force med anteckning)"),
    "next_level": marked("ett steg i taget uppåt"),
    "level_3_needs_gap": marked("nivå 1 och 2 före GAP-analysen, nivå 3 först efter den"),
    "school_representative": marked("varnar om skola/elevhälsa saknas bland deltagarna"),
    "target_reached": marked("målnivån är nådd"),
    "on_remiss": marked("en svarsdag är angiven"),
    "mark_late": marked("markeras som sent om svarsdagen passerats"),
    "start_levels": marked("genomförandet börjar på den nivå som redan nåtts, annars 0"),
    "record_level": marked("nivån sparas"),
    "keep_deadline": marked("sista dagen står kvar"),
    "fan_out": marked("remissen skickas vidare ner i kedjan med nedtrappade svarsdagar"),
    "adopt_version": marked("versionen blir den gällande"),
    "create_revision": marked("en ny version av kunskapsstödet skapas"),
    "refer_revision": marked("med en svarsdag går den nya versionen på remiss ner i kedjan som den första"),
    "withdraw_version": marked("versionen dras tillbaka"),
    "assign_targets": marked("målnivåer sätts för huvudmännen"),
    "decided_in_forum": marked("beslutet är fattat i ett av länets forum som beslutar för var och en det gäller"),
    "everyone_decided": marked("ingen huvudman väntar längre på ett lokalt beslut"),
}


def label(text: Label) -> str:
    """A workflow's label (a state, an event, a role, a title) in the reader's language."""
    return text.en if language() == "en" else text.sv


def plain_sv(name: str) -> str:
    """A guard, warning, condition or effect in plain words (its code name if it has none)."""
    return _(PLAIN_SV[name]) if name in PLAIN_SV else name


def kind_sv(kind: str) -> str:
    """An organisation kind in words ("lokalt programområde")."""
    return str(org_kind_label(kind))


def duration_sv(duration: Duration) -> str:
    """ "3 arbetsdagar", "1 vecka"."""
    if duration.unit is DurationUnit.WORKING_DAYS:
        return str(tn("{count} arbetsdag", "{count} arbetsdagar", duration.amount))
    if duration.unit is DurationUnit.WEEKS:
        return str(tn("{count} vecka", "{count} veckor", duration.amount))
    return str(tn("{count} dag", "{count} dagar", duration.amount))


def deadline_sv(deadline: Deadline | None) -> str:
    """When a state is due, in words."""
    if deadline is None:
        return "–"
    parts = []
    if deadline.within is not None:
        parts.append(str(t("{duration} efter att läget nås", duration=duration_sv(deadline.within))))
    parts.extend(
        str(
            t(
                "för {kind}: {duration} före överordnads svarsdag",
                kind=kind_sv(kind),
                duration=duration_sv(duration),
            )
        )
        for kind, duration in sorted(deadline.before_parent.items())
    )
    return "; ".join(parts)


def ladder_sv(state: StateDef, definition: WorkflowDefinition) -> str:
    """A state's escalation ladders, in words: per kind of organisation, its rungs and their recipients."""
    if not state.ladders:
        return "–"
    described = []
    for ladder in state.ladders:
        parts = []
        if ladder.reminder is not None:
            parts.append(str(t("påminnelse {duration} före", duration=duration_sv(ladder.reminder))))
        if ladder.notice:
            parts.append(_("besked på svarsdagen"))
        for step in ladder.escalate:
            whom = _or([recipient_sv(recipient, definition) for recipient in step.to])
            parts.append(str(t("eskalering till {whom} efter {duration}", whom=whom, duration=duration_sv(step.after))))
        text = ", ".join(parts)
        if ladder.at:
            kinds = ", ".join(kind_sv(kind) for kind in sorted(ladder.at))
            text = str(t("{kinds}: {rungs}", kinds=kinds, rungs=text))
        described.append(text)
    return "; ".join(described)


def _or(names: list[str]) -> str:
    return names[0] if len(names) == 1 else str(t("{first} och {last}", first=", ".join(names[:-1]), last=names[-1]))


def recipient_sv(recipient: Recipient, definition: WorkflowDefinition) -> str:
    """Whom a rung names: "ordförande vid lokalt programområde", "ordförande i länets beslutsorgan"."""
    role = definition.roles.get(recipient.role)
    name = label(role) if role else _("ansvarig roll")
    if recipient.at == FORUM:
        return str(t("{role} i länets beslutsorgan", role=name))
    if recipient.at:
        return str(t("{role} vid {kind}", role=name, kind=kind_sv(recipient.at)))
    return str(t("{role} vid organisationen själv", role=name))


def rule_sv(rule: RoleRule, definition: WorkflowDefinition) -> str:
    """Who a role rule names: "sekreterare vid lokalt programområde"."""
    role = definition.roles.get(rule.role)
    name = label(role) if role else (_("ansvarig roll") if rule.role == "responsible" else rule.role)
    if rule.at_kind:
        return str(t("{role} vid {kind}", role=name, kind=kind_sv(rule.at_kind)))
    return str(t("{role} vid organisationen själv", role=name))


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


def environment(loader: BaseLoader | None = None, **globals_: Any) -> Environment:
    """Kgflow's report templates, autoescaped and strict; ``loader`` adds templates of its own in front of them."""
    shipped = PackageLoader("kgflow.reports", "templates")
    env = Environment(
        extensions=["jinja2.ext.i18n"],
        loader=ChoiceLoader([loader, shipped]) if loader is not None else shipped,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_callables(_, ngettext, newstyle=True, pgettext=pgettext)  # type: ignore[attr-defined]
    env.filters.update(plain_sv=plain_sv, kind_sv=kind_sv, date_sv=date_sv, label=label)
    env.globals.update(deadline_sv=deadline_sv, ladder_sv=ladder_sv, asset=asset, lang=language(), **globals_)
    return env
