"""How the command line names what the database and the workflows hold by id.

States, events and roles are shown by their workflow's label in the reader's
language, never by id; kinds and version statuses by a word from the catalogue;
times in Europe/Stockholm; stored values as people write them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import language, marked, t

if TYPE_CHECKING:
    from kgflow.definitions.model import Label, WorkflowDefinition
    from kgflow.service.context import Services

STOCKHOLM = ZoneInfo("Europe/Stockholm")

ITEM_KINDS: Mapping[str, str] = {
    "vip": marked("VIP"),
    "psvf": marked("PSVF"),
    "vardprogram": marked("Vårdprogram"),
    "riktlinje": marked("Riktlinje"),
    "uppfoljning": marked("Uppföljning"),
}
VERSION_STATUSES: Mapping[str, str] = {
    "draft": marked("utkast"),
    "remiss": marked("på remiss"),
    "adopted": marked("fastställd"),
    "superseded": marked("ersatt"),
    "withdrawn": marked("återkallad"),
    "open": marked("öppen"),
}
DIGEST_STATUSES: Mapping[str, str] = {
    "pending": marked("väntar"),
    "sent": marked("skickat"),
    "dead": marked("går inte att skicka"),
}


def named(words: Mapping[str, str], key: str | None) -> str:
    """``key`` by its word in ``words``, in the reader's language (the key itself when there is none)."""
    if key is None:
        return ""
    word = words.get(key)
    return _(word) if word else key


def label(text: Label) -> str:
    """A workflow label in the reader's language."""
    return text.en if language() == "en" else text.sv


def state_label(definition: WorkflowDefinition | None, state: str) -> str:
    """A state by its label (its id if the workflow does not name it)."""
    known = definition.states.get(state) if definition is not None else None
    return label(known.label) if known is not None else state


def role_labels(services: Services) -> dict[str, str]:
    """Every role id the workflows name, with its label in the reader's language (the first workflow wins)."""
    from kgflow.domain.errors import KgflowError

    labels: dict[str, str] = {}
    for name in services.catalogue.names():
        try:
            definition = services.catalogue.current(name)
        except KgflowError:
            continue  # an invalid file is `workflow validate`'s to report; its ids are shown as they are
        for role, text in definition.roles.items():
            labels.setdefault(role, label(text))
    return labels


def workflow(services: Services, name: str) -> WorkflowDefinition | None:
    """The current definition of a workflow, or None when it cannot be read."""
    from kgflow.domain.errors import KgflowError

    try:
        return services.catalogue.current(name)
    except KgflowError:
        return None


def local_time(moment: datetime | None) -> str:
    """A moment as people in Sweden read it: ``2026-11-27 14:05`` in Europe/Stockholm."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        from datetime import UTC

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


def rung(name: str | None) -> str:
    """A rung of an escalation ladder in words: "påminnelse", "besked", "eskalering 1 steg upp"."""
    if not name:
        return ""
    if name == "reminder":
        return _("påminnelse")
    if name == "notice":
        return _("besked")
    if name.startswith("escalation-") and name.removeprefix("escalation-").isdigit():
        return str(t("eskalering {levels} steg upp", levels=int(name.removeprefix("escalation-"))))
    return name
