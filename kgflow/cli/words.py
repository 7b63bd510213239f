"""How the command line names what the database and the workflows hold by id.

States, events and roles are shown by their workflow's label in the reader's
language, never by id; kinds and version statuses by a word from the catalogue;
times in Europe/Stockholm; stored values as people write them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import language, marked, t

if TYPE_CHECKING:
    from kgflow.definitions.model import Label, WorkflowDefinition
    from kgflow.service.context import Services


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


def workflow(services: Services, name: str) -> WorkflowDefinition | None:
    """The current definition of a workflow, or None when it cannot be read."""
    from kgflow.domain.errors import KgflowError

    try:
        return services.catalogue.current(name)
    except KgflowError:
        return None


def rung(name: str | None) -> str:
    """A rung of an escalation ladder in words: "påminnelse", "besked", "eskalering 1"."""
    if not name:
        return ""
    if name == "reminder":
        return _("påminnelse")
    if name == "notice":
        return _("besked")
    if name.startswith("escalation-") and name.removeprefix("escalation-").isdigit():
        return str(t("eskalering {number}", number=int(name.removeprefix("escalation-"))))
    return name
