"""Forms made from a workflow's event fields, and the advance request a submitted form asks for.

Each field of an event becomes one labelled control by its type: a date picker
for a date, a number for a count, a choice of level 1–3 for a level, a text
area (one entry per line) for a list, a text box for the rest; ``ref`` is the
reference, ``note`` the note every step may carry. A step that may be forced
past organisations that have not answered (R4) gets a checkbox for it. Values
are handed to the same service as ``kgflow advance --set key=value``, which
checks them and refuses in one sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kgflow.domain.fields import FieldType, field_word
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import marked
from kgflow.service.advance import AdvanceRequest
from kgflow.service.todo import Step

LEVEL_WORDS: Mapping[int, str] = {
    1: marked("1 – kännedom"),
    2: marked("2 – kunna använda"),
    3: marked("3 – innehållskunskap"),
}
RESERVED = frozenset({"csrf", "expect_state", "note", "force", "per_org"})
"""Form names that are not event fields."""


@dataclass(frozen=True)
class Control:
    """One labelled control of a step's form."""

    name: str
    label: str
    kind: str  # text, textarea, date, number, select
    required: bool
    options: tuple[tuple[str, str], ...] = ()
    value: str = ""


def controls(step: Step, level: int | None) -> list[Control]:
    """The controls for the fields of ``step``; a level starts at the next one up from ``level``."""
    found = []
    for field in step.fields:
        label = str(field_word(field.name))
        if field.type is FieldType.LEVEL:
            options = tuple((str(n), _(word)) for n, word in LEVEL_WORDS.items())
            chosen = str(min((level or 0) + 1, 3)) if field.required else ""
            if not field.required:
                options = (("", _("(ingen)")), *options)
            found.append(Control(field.name, label, "select", field.required, options, chosen))
        elif field.type is FieldType.DATE:
            found.append(Control(field.name, label, "date", field.required))
        elif field.type is FieldType.COUNT:
            found.append(Control(field.name, label, "number", field.required))
        elif field.type is FieldType.LIST:
            found.append(Control(field.name, label, "textarea", field.required))
        else:
            found.append(Control(field.name, label, "text", field.required))
    return found


def advance_request(
    item: str, org: str, event: str, form: Mapping[str, str], actor: str, step: Step | None
) -> AdvanceRequest:
    """What a submitted step form asks for: the same request as ``kgflow advance`` would make.

    Only the fields the step names are read (anything else in the form is
    ignored); an empty optional field is left out; a list is one entry per
    line; ``per_org`` lines (``kod=nivå``) give a value per organisation below.
    """
    if step is None:  # not a step the person may take: let the service say why, from what was sent
        sent = [f"{key}={value.strip()}" for key, value in form.items() if key not in RESERVED | {"ref"} and value]
        ref = (form.get("ref") or "").strip() or None
        return AdvanceRequest(item, org, event, actor, ref, (form.get("note") or "").strip() or None, tuple(sent))
    values: list[str] = []
    ref = None
    names = {field.name: field for field in step.fields}
    for name, field in names.items():
        raw = (form.get(name) or "").strip()
        if not raw:
            continue
        if name == "ref":
            ref = raw
        elif field.type is FieldType.LIST:
            values.append(f"{name}=" + "; ".join(line.strip() for line in raw.splitlines() if line.strip()))
        else:
            values.append(f"{name}={raw}")
    if step.per_organisation is not None:
        values += [line.strip() for line in (form.get("per_org") or "").splitlines() if "=" in line]
    note = (form.get("note") or "").strip() or None
    force = bool(step.overridable and form.get("force"))
    expect = (form.get("expect_state") or "").strip() or None
    return AdvanceRequest(item, org, event, actor, ref, note, tuple(values), force, expect)
