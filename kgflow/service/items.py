"""Items: adding one (with its first version and its owner's instance), listing, showing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgflow.domain import text as limits
from kgflow.domain.authority import Actor
from kgflow.domain.errors import KgflowError, UsageError
from kgflow.domain.model import (
    HistoryEntry,
    Item,
    ItemKind,
    ItemVersion,
    Organisation,
    VersionStatus,
)
from kgflow.domain.spelling import either
from kgflow.domain.wording import t, tn
from kgflow.service.context import Services
from kgflow.service.lookup import find_actor, find_area, find_item, find_org
from kgflow.service.ports import NewInstance, StatusRow, UnitOfWork

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}$")


@dataclass(frozen=True)
class ItemSummary:
    """An item with its versions and where its instances stand."""

    item: Item
    versions: list[ItemVersion]
    owner: str | None
    states: dict[str, int]

    def as_json(self) -> dict[str, object]:
        """JSON-ready."""
        latest = self.versions[-1] if self.versions else None
        return {
            "item": self.item.code,
            "kind": self.item.kind.value,
            "title": self.item.title,
            "workflow": self.item.workflow,
            "owner": self.owner,
            "area": self.item.area,
            "version": latest.number if latest else None,
            "status": latest.status.value if latest else None,
            "adopted_on": latest.adopted_on.isoformat() if latest and latest.adopted_on else None,
            "instances": sum(self.states.values()),
            "states": self.states,
        }


def add_item(
    services: Services,
    code: str,
    kind: str,
    title: str,
    *,
    actor: str | None,
    workflow: str | None = None,
    owner: str | None = None,
    target_level: int = 2,
    area: str | None = None,
) -> ItemSummary:
    """Create an item, its version 1 and its owner's instance in the workflow's initial state.

    The item belongs to its owner's programområde (R18), or to ``area`` when the
    owner has none (a regional item); an owner of another area is refused.

    Raises:
        UsageError: for a bad code, kind, title or level, or an existing code.
        NotFound: for an unknown workflow, owner or person.
    """
    code = code.strip().lower()
    if not CODE.match(code):
        raise UsageError(
            t("Kunskapsstödets kod {code!r} ska vara 2–79 gemena bokstäver, siffror eller '-'.", code=code)
        )
    try:
        item_kind = ItemKind(kind.lower())
    except ValueError as exc:
        kinds = ", ".join(k.value for k in ItemKind)
        raise UsageError(
            t("{kind!r} är inget slag av kunskapsstöd; använd något av: {kinds}.", kind=kind, kinds=kinds)
        ) from exc
    title = title.strip()
    if not title:
        raise UsageError(t("Titeln saknas; ange en titel."))
    limits.checked(title, t("Titeln"), limits.TITLE)
    if not 1 <= target_level <= 3:
        raise UsageError(t("Standardmålnivån ska vara 1, 2 eller 3, inte {level}.", level=target_level))
    catalogue = services.catalogue
    definition = catalogue.current(workflow) if workflow else catalogue.for_item_kind(item_kind.value)
    if definition.item_kinds and item_kind.value not in definition.item_kinds:
        raise UsageError(
            t(
                "Arbetsflödet {workflow} är för kunskapsstöd av slaget {kinds}.",
                workflow=definition.name,
                kinds=either(sorted(definition.item_kinds)),
            )
        )
    now = services.clock.now()
    with services.uow(write=True) as uow:
        acting = find_actor(uow, actor, as_of_another_date=services.as_of_another_date)
        person = acting.person
        if uow.items.find(code) is not None:
            raise UsageError(t("Det finns redan ett kunskapsstöd {code!r}.", code=code))
        wanted_area = find_area(uow, area) if area else None
        owner_org = (
            find_org(uow, owner)
            if owner
            else _default_owner(uow.orgs.list(kind=definition.owner), definition.owner, acting, wanted_area)
        )
        if owner_org.kind != definition.owner:
            raise UsageError(
                t(
                    "Kunskapsstöd i {workflow} ägs av en organisation av slaget {kind}.",
                    workflow=definition.name,
                    kind=definition.owner,
                )
            )
        item_area = _item_area(owner_org, wanted_area)
        uow.lock_history()
        catalogue.register(definition, uow, now, person.code)
        item = uow.items.add(code, item_kind.value, title, definition.name, target_level, owner_org.id, item_area)
        version = uow.items.add_version(item.id, 1, VersionStatus.DRAFT, definition.name, definition.version)
        due = definition.due_on_entering(definition.initial, services.clock.today())
        [instance_id] = uow.instances.create(version, [NewInstance(owner_org.id, definition.initial, due)], now)
        uow.history.append(
            HistoryEntry(
                instance_id,
                now,
                person.code,
                "add",
                None,
                definition.initial,
                {"title": item.title},
            ),
            1,
            None,
        )
        uow.commit()
    return ItemSummary(item, [version], owner_org.code, {definition.initial: 1})


def _item_area(owner: Organisation, wanted: str | None) -> str | None:
    """R18: an item belongs to its owner's programområde; ``--area`` only for an owner without one."""
    if wanted is not None and owner.area is not None and wanted != owner.area:
        raise UsageError(
            t(
                "{owner} hör till programområdet {area}, så kunskapsstödet gör det också; ange inte --area {wanted}.",
                owner=owner.name,
                area=owner.area,
                wanted=wanted,
            )
        )
    return owner.area or wanted


def _default_owner(orgs: list[Organisation], kind: str, acting: Actor, area: str | None) -> Organisation:
    """The one organisation of the owning kind — or, of several, the one of ``area``, or the one where the
    acting person holds a role."""
    if area is not None:
        orgs = [org for org in orgs if org.area == area] or orgs
    if len(orgs) > 1:
        mine = {held.org_id for held in acting.roles}
        orgs = [org for org in orgs if org.id in mine] or orgs
    return _only_org_of_kind(orgs, kind)


def _only_org_of_kind(orgs: list[Organisation], kind: str) -> Organisation:
    if len(orgs) != 1:
        raise KgflowError(
            tn(
                "Ange vilken organisation som äger kunskapsstödet med --owner ({count} av slaget {kind} finns).",
                "Ange vilken organisation som äger kunskapsstödet med --owner ({count} av slaget {kind} finns).",
                len(orgs),
                kind=kind,
            )
        )
    return orgs[0]


def list_items(services: Services, area: str | None = None) -> list[ItemSummary]:
    """Every item (or those of one programområde) with its latest version and a count of instances per state."""
    with services.uow() as uow:
        wanted = find_area(uow, area) if area else None
        rows = uow.instances.status(area=wanted)
        items = [item for item in uow.items.list() if wanted is None or item.area == wanted]
        return [_summary(uow, item, [r for r in rows if r.item == item.code]) for item in items]


def show_item(services: Services, ref: str) -> ItemSummary:
    """One item in detail."""
    with services.uow() as uow:
        item = find_item(uow, ref)
        return _summary(uow, item, uow.instances.status(item_id=item.id))


def _summary(uow: UnitOfWork, item: Item, rows: list[StatusRow]) -> ItemSummary:
    states: dict[str, int] = {}
    for row in rows:
        states[row.state] = states.get(row.state, 0) + 1
    owner = uow.orgs.by_ids([item.owner_org_id]).get(item.owner_org_id) if item.owner_org_id else None
    return ItemSummary(item, uow.items.versions(item.id), owner.code if owner else None, states)
