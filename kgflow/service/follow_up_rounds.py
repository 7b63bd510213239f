"""Follow-up rounds from follow-up definitions (R14, seed 002): finding the definitions, opening a year's round.

The definitions are the files in ``uppfoljningar/`` beside the workflow files
(``workflows/uppfoljningar/*.yaml``): beside the workflows because each runs
on one (``arlig-uppfoljning`` by default) and is deployed, versioned and
validated with them, in a folder of its own because it is not a workflow and
the workflow catalogue must not read it as one.

On its opening day the sweep opens a definition's round of the year as an
item of kind ``uppfoljning`` (``uppfoljning-CODE-YEAR``) on that workflow: an
instance at the owner (due on the compilation day) and one below it for every
recipient huvudman of the owner's län (due on the answer day), each chased by
the workflow's ladder; each recipient's responsible person is sent an opening
notice (a link to the answer form, or the questions themselves). Opening is
idempotent: a round that exists is not opened again.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from kgflow.definitions.follow_up import load_follow_up_file
from kgflow.domain.errors import DefinitionError, KgflowError, NotFound
from kgflow.domain.follow_up import OPENED, FollowUpDefinition
from kgflow.domain.identity import SYSTEM
from kgflow.domain.ladders import Rung
from kgflow.domain.model import HistoryEntry, ItemKind, VersionStatus
from kgflow.domain.wording import t
from kgflow.service.context import Services
from kgflow.service.ports import NewInstance, RungWindow, UnitOfWork

FOLDER = "uppfoljningar"


def definitions_folder(services: Services) -> Path:
    """Where the follow-up definitions are: ``uppfoljningar/`` in the workflow folder."""
    return services.catalogue.directory / FOLDER


def definition_files(services: Services) -> list[Path]:
    """Every follow-up definition file, by name."""
    return sorted(definitions_folder(services).glob("*.yaml"))


def follow_up_definitions(services: Services, *, strict: bool = False) -> list[FollowUpDefinition]:
    """The valid follow-up definitions (with ``strict``, the first invalid file raises; otherwise it is skipped).

    Raises:
        DefinitionError: with ``strict``, for a broken file, as ``file:line: sentence``.
    """
    found = []
    for path in definition_files(services):
        try:
            found.append(load_follow_up_file(path))
        except DefinitionError:
            if strict:
                raise
    return found


def follow_up_named(services: Services, code: str) -> FollowUpDefinition:
    """The follow-up definition with this code.

    Raises:
        NotFound: naming the codes there are.
    """
    definitions = follow_up_definitions(services, strict=True)
    for definition in definitions:
        if definition.code == code:
            return definition
    known = ", ".join(d.code for d in definitions) or "-"
    raise NotFound(t("uppföljning"), code, t("Uppföljningarna är: {known}.", known=known))


def round_of(services: Services, round_code: str) -> tuple[FollowUpDefinition, int]:
    """The definition and year a round's code (``uppfoljning-CODE-YEAR``) names.

    Raises:
        NotFound: when no definition has a round of that code.
    """
    code = round_code.strip().lower()
    year = code.rpartition("-")[2]
    if code.startswith("uppfoljning-") and year.isdigit() and len(year) == 4:
        for definition in follow_up_definitions(services, strict=True):
            if definition.round_code(int(year)) == code:
                return definition, int(year)
    raise NotFound(
        t("uppföljningsrunda"),
        round_code,
        t("En runda heter uppfoljning-KOD-ÅR, som uppfoljning-varmland-psykisk-halsa-2027."),
    )


def check_definition(services: Services, uow: UnitOfWork, definition: FollowUpDefinition) -> None:
    """That the owner is a real organisation and the workflow a real one.

    Raises:
        KgflowError: naming the file and what is wrong.
    """
    if uow.orgs.find(definition.owner) is None:
        raise KgflowError(
            t(
                "{path}:{line}: ägaren {owner!r} är ingen organisation i databasen.",
                path=definition.path,
                line=definition.line,
                owner=definition.owner,
            )
        )
    services.catalogue.current(definition.workflow)


def open_definition_rounds(
    services: Services, uow: UnitOfWork, today: date, now: datetime, *, dry_run: bool
) -> list[tuple[str, str, int, date, int]]:
    """Open, inside ``uow``, every definition's round whose opening day has come and that is not open yet.

    Returns (code, title, year, answers due, recipients) per round opened (or, in a dry run, to be opened).
    A definition whose owner is not in the database, or whose file is broken, opens nothing
    (``kgflow uppfoljning validate`` says why).
    """
    opened: list[tuple[str, str, int, date, int]] = []
    for definition in follow_up_definitions(services):
        year = definition.year_open_on(today)
        if year is None:
            continue
        code = definition.round_code(year)
        owner = uow.orgs.find(definition.owner)
        if owner is None or uow.items.find(code) is not None:
            continue
        try:
            workflow = services.catalogue.current(definition.workflow)
        except (DefinitionError, NotFound):
            continue
        recipients = [org for org in uow.orgs.list(kinds=definition.recipients, under=owner) if org.id != owner.id]
        if not recipients:
            continue
        dates = definition.dates(year)
        title = f"{definition.title} {year}"
        opened.append((code, title, year, dates.answers_due, len(recipients)))
        if dry_run:
            continue
        services.catalogue.register(workflow, uow, now)
        item = uow.items.add(code, ItemKind.UPPFOLJNING.value, title, workflow.name, 1, owner.id)
        version = uow.items.add_version(item.id, 1, VersionStatus.OPEN, workflow.name, workflow.version)
        [owner_instance] = uow.instances.create(
            version, [NewInstance(owner.id, workflow.initial, dates.compiled_due)], now
        )
        ids = uow.instances.create(
            version,
            [NewInstance(org.id, workflow.initial, dates.answers_due) for org in recipients],
            now,
            fallback_parent=owner_instance,
        )
        fields = {"year": year, "followup": definition.code, "follows": list(definition.follows) or "all"}
        uow.history.append_many(
            [
                (HistoryEntry(i, now, SYSTEM, "open_round", None, workflow.initial, fields), 1, None)
                for i in [owner_instance, *ids]
            ]
        )
        # The opening notice to every recipient's responsible person, in the same transaction (sent after commit).
        window = RungWindow(
            workflow.name,
            workflow.version,
            workflow.initial,
            Rung(OPENED),
            None,
            dates.answers_due,
            workflow.responsible,
            definition.recipients,
            item_id=item.id,
        )
        uow.outbox.queue_rung(window, now)
    return opened
