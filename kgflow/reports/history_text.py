"""History and stored values in words, for the command line and the web alike.

A history row is shown by its workflow's labels in the reader's language: the
step ("Rättelse av Lämna remissvar"), who took it (and the login that acted on
their behalf), the values kgflow recorded in words, times in Europe/Stockholm.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from kgflow.domain.clock import STOCKHOLM
from kgflow.domain.rules.hold import priority_words
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import marked, t, tn

if TYPE_CHECKING:
    from kgflow.definitions.model import Label
    from kgflow.service.context import Services
    from kgflow.service.ports import HistoryRecord
    from kgflow.service.queries import HistoryLine

__all__ = ["STOCKHOLM", "event_text", "local_time", "role_labels", "values_text", "who", "written"]

# What a step moved as a consequence of another records as its cause: "answer by npo-psykisk-halsa".
_CAUSE = re.compile(r"^(?P<event>\w+) by (?P<org>\S+)$")


def local_time(moment: datetime | None) -> str:
    """A moment as people in Sweden read it: ``2026-11-27 14:05`` in Europe/Stockholm."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def written(value: object) -> str:
    """A stored value as a person writes it: a list as "Rutin saknas, Utbildning saknas", a day as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(written(part) for part in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {written(part)}" for key, part in value.items())
    return str(value)


def role_labels(services: Services) -> dict[str, str]:
    """Every role id the workflows name, with its label in the reader's language (the first workflow wins)."""
    from kgflow.service.people import role_words

    return {role: str(label) for role, label in role_words(services).items()}


def who(record: HistoryRecord, names: Mapping[str, str] | None = None) -> str:
    """The person (by name where ``names`` knows them), and the login that acted on their behalf if not their own."""
    person = (names or {}).get(record.actor, record.actor)
    if record.on_behalf:
        return str(t("{person} (av {inloggning})", person=person, inloggning=record.login))
    return person


# What kgflow itself records beside the values people give, in words; `cause`, `corrects` and
# `step_from` are told by the Steg column instead.
_RECORDED = {
    "ref": marked("referens"),
    "summary": marked("sammanfattning"),
    "referred_by": marked("remiss från"),
    "date": marked("datum"),
    "level": marked("nivå"),
    "gaps": marked("brister"),
    "gap_list": marked("bristerna"),
    "missing": marked("utan svar från"),
    "forced": marked("lämnat utan alla svar"),
    "late": marked("sent"),
    "target": marked("målnivå"),
    "targets": marked("målnivåer"),
    "due": marked("senast"),
    "warnings": marked("obs"),
    "reason": marked("skäl"),
    "body": marked("beslutat i"),
    "for": marked("beslutet gäller"),
    "review": marked("omprövas"),
    "held_since": marked("pausat sedan"),
}
_TOLD_ELSEWHERE = {"corrects", "step_from"}


def values_text(fields: Mapping[str, object], events: Mapping[str, Label], roles: Mapping[str, Label]) -> str:
    """The values of a history row in words, "; "-separated: recorded ones by name, causes and corrections told."""
    shown = []
    for key, value in fields.items():
        cause = _CAUSE.match(value) if key == "cause" and isinstance(value, str) else None
        if key in _TOLD_ELSEWHERE or (key == "late" and "days_late" in fields):
            continue
        if cause is not None and cause["event"] in events:
            text = str(t("följd av {steg} vid {org}", steg=events[cause["event"]], org=cause["org"]))
        elif key == "days_late" and isinstance(value, int):
            text = str(tn("{count} arbetsdag sent", "{count} arbetsdagar sent", value))
        elif key == "held_days" and isinstance(value, int):
            text = str(tn("{count} arbetsdag pausat", "{count} arbetsdagar pausat", value))
        elif key == "priority" and isinstance(value, str) and (words := priority_words(value)) is not None:
            text = str(words)
        elif key == "corrected_at" and isinstance(value, str):
            text = str(t("rättar raden från {när}", när=local_time(datetime.fromisoformat(value))))
        elif key == "adopted_by" and isinstance(value, str):
            text = str(t("fastställd av {body}", body=value))
        elif key == "role" and isinstance(value, str) and value in roles:
            text = f"{key}={roles[value]}"
        elif key in _RECORDED:
            text = f"{_(_RECORDED[key])}: {written(value)}"
        else:
            text = f"{key}={written(value)}"
        shown.append(text)
    return "; ".join(shown)


def event_text(line: HistoryLine, events: Mapping[str, Label]) -> str:
    """The step of a history row in words; a correction as "Rättelse av …"."""
    from kgflow.service.corrected_values import CORRECTION  # it imports the advance use case: only when asked

    corrects = line.record.fields.get("corrects") if line.record.event == CORRECTION else None
    if isinstance(corrects, str):
        return str(t("Rättelse av {steg}", steg=events.get(corrects, corrects)))
    return str(line.event) if line.event is not None else line.record.event
