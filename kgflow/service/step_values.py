"""The values a step is given on the command line or a form: ``--ref`` and ``--set key=value``.

One reading for a step (``advance``) and for its correction (``correct``): the
step's own typed fields, and — where the step takes them, as the LPO's local
decision does — a value per organisation below, named as ORG is named (code,
kommunkod or name).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kgflow.definitions.model import EventDef
from kgflow.domain import text as limits
from kgflow.domain.doors import Option, given_as
from kgflow.domain.errors import UsageError
from kgflow.domain.fields import FieldType, convert, parse_assignments, type_word
from kgflow.domain.model import Organisation
from kgflow.domain.spelling import did_you_mean, nearest
from kgflow.domain.wording import t
from kgflow.service.ports import UnitOfWork


def read_values(
    uow: UnitOfWork,
    event: EventDef | None,
    org: Organisation,
    values: Sequence[str],
    ref: str | None,
    *,
    correcting: bool = False,
) -> tuple[dict[str, Any], dict[Organisation, Any]]:
    """The values a step is given (``--ref``, ``--set key=value``): its own fields, and per organisation below.

    A correction (``correcting``) names only what was wrong, so nothing is required
    and a reference is taken only by a step that has one.

    Raises:
        UsageError: for a value the step does not take, one given twice, or one it needs and lacks.
    """
    given = parse_assignments(values)
    if ref is not None:
        if "ref" in given:
            raise UsageError(t("Ange referensen en gång, med --ref."))
        given["ref"] = ref
    fields: dict[str, Any] = {}
    per_org: dict[Organisation, Any] = {}
    for key, raw in given.items():
        spec = event.fields.get(key) if event is not None else None
        if key == "ref" and (spec is not None or not correcting):
            # A reference is stored in a column as well as in the history row: its limit is the column's.
            fields[key] = convert(spec.type if spec else FieldType.TEXT, raw, shown("ref"))
            limits.checked(str(fields[key]), shown("ref"), limits.REFERENCE)
        elif spec is not None:
            fields[key] = convert(spec.type, raw, shown(key))
        elif event is not None and event.per_organisation is not None:
            target_org = below(uow, org, key)
            if target_org in per_org:
                raise UsageError(
                    t(
                        "--set anger {org} ({code}) två gånger; ange den en gång.",
                        org=target_org.name,
                        code=target_org.code,
                    )
                )
            per_org[target_org] = convert(event.per_organisation, raw, f"--set {key}")
        elif event is None:
            raise UsageError(t("Steget tar inget värde {key!r}; det tar inga värden.", key=key))
        else:
            if not event.fields:
                raise UsageError(
                    t(
                        "Steget '{step}' ({event}) tar inget värde {key!r}; det tar inga värden.",
                        step=event.label,
                        event=event.name,
                        key=key,
                    )
                )
            raise UsageError(
                t(
                    "Steget '{step}' ({event}) tar inget värde {key!r}; det tar: {takes}.",
                    step=event.label,
                    event=event.name,
                    key=key,
                    takes=", ".join(sorted(event.fields)),
                )
            )
    if event is None or correcting:
        return fields, per_org
    for spec in event.fields.values():
        if spec.required and spec.name not in fields:
            raise UsageError(
                t(
                    "Steget '{step}' ({event}) behöver {option} ({type}).",
                    step=event.label,
                    event=event.name,
                    option=shown(spec.name),
                    type=type_word(spec.type),
                )
            )
    return fields, per_org


def below(uow: UnitOfWork, org: Organisation, key: str) -> Organisation:
    """The organisation below ``org`` that a ``--set`` key names — resolved as the ORG argument is.

    Raises:
        UsageError: for a key naming no organisation below ``org``, suggesting the nearest that are.
    """
    # The same resolver as ORG (code, kommunkod, name; see find_org), so both accept the same words.
    found = uow.orgs.find(key)
    if found is not None and found.is_within(org.id) and found.id != org.id:
        return found
    below = uow.orgs.subtree(org)[1:]
    near = did_you_mean(nearest(key, ((o.code, (o.name, o.municipality_code)) for o in below)))
    missing = t("--set {key}=…: {key!r} är ingen organisation under {org}.", key=key, org=org.name)
    raise UsageError(t("{sentence} {hint}", sentence=missing, hint=near) if near else missing)


def shown(key: str) -> Option:
    """How a person gives the value ``key``: ``--ref`` or ``--set key=…`` (a form's field on the web)."""
    return given_as(key)
