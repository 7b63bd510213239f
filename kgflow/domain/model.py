"""The nouns of the governance chain, as plain immutable values.

These are what the service layer reasons about. They carry no database
identity beyond their integer ``id`` and know nothing about how they are stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from kgflow.domain.wording import Phrase, marked, t


class OrgKind(StrEnum):
    """Kinds of organisation in the chain, from the national level down."""

    NPO = "npo"
    RPO = "rpo"
    LPO = "lpo"
    LAG = "lag"
    REGION = "region"
    KOMMUN = "kommun"
    UNIT = "unit"
    BODY = "body"


ORG_KIND_LABELS_SV: dict[OrgKind, str] = {
    OrgKind.NPO: marked("nationellt programområde"),
    OrgKind.RPO: marked("sjukvårdsregionalt programområde"),
    OrgKind.LPO: marked("lokalt programområde"),
    OrgKind.LAG: marked("lokal arbetsgrupp"),
    OrgKind.REGION: marked("region"),
    OrgKind.KOMMUN: marked("kommun"),
    OrgKind.UNIT: marked("verksamhet"),
    OrgKind.BODY: marked("beslutsorgan"),
}


def org_kind_label(kind: OrgKind | str) -> Phrase:
    """What a kind of organisation is called ("lokalt programområde"), in the reader's language when shown."""
    try:
        return t(ORG_KIND_LABELS_SV[OrgKind(kind)])
    except ValueError:
        return Phrase(str(kind))  # not a kind kgflow knows: shown as written


HUVUDMAN_KINDS = frozenset({OrgKind.REGION, OrgKind.KOMMUN})


class ItemKind(StrEnum):
    """Kinds of knowledge support."""

    VIP = "vip"
    PSVF = "psvf"
    VARDPROGRAM = "vardprogram"
    RIKTLINJE = "riktlinje"
    UPPFOLJNING = "uppfoljning"


class VersionStatus(StrEnum):
    """Where an item version stands nationally (or regionally)."""

    DRAFT = "draft"
    REMISS = "remiss"
    ADOPTED = "adopted"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"
    OPEN = "open"


VERSION_STATUS_LABELS_SV: dict[VersionStatus, str] = {
    VersionStatus.DRAFT: marked("under framtagande"),
    VersionStatus.REMISS: marked("på remiss"),
    VersionStatus.ADOPTED: marked("fastställd"),
    VersionStatus.SUPERSEDED: marked("ersatt av en nyare version"),
    VersionStatus.WITHDRAWN: marked("återkallad"),
    VersionStatus.OPEN: marked("öppen"),
}


def version_status_label(status: VersionStatus) -> Phrase:
    """How a version's status reads to a person ("fastställd"), in the reader's language when shown."""
    return t(VERSION_STATUS_LABELS_SV[status])


@dataclass(frozen=True)
class Organisation:
    """A node of the chain. ``path`` lists the ids from the root down to itself along the first parents.

    ``routes`` are every such path, one per way up (the primary first): a
    kommun is under the LPO of each programområde of its län, Region Halland's
    LPOs under two RPOs. Empty means ``path`` is the only route.
    """

    id: int
    code: str
    name: str
    kind: OrgKind
    parent_id: int | None
    path: tuple[int, ...]
    municipality_code: str | None = None
    area: str | None = None
    lan: str | None = None
    short_name: str | None = None
    decides_for: str | None = None
    routes: tuple[tuple[int, ...], ...] = ()

    @property
    def depth(self) -> int:
        """0 for a root, 1 for its children, and so on."""
        return len(self.path) - 1

    @property
    def every_route(self) -> tuple[tuple[int, ...], ...]:
        """Every path from a root down to this organisation, the primary first."""
        return self.routes or (self.path,)

    @property
    def parent_ids(self) -> tuple[int, ...]:
        """Every parent, the primary (``parent_id``) first, each once."""
        found = [self.parent_id] if self.parent_id is not None else []
        found += [route[-2] for route in self.routes if len(route) > 1]
        return tuple(dict.fromkeys(found))

    @property
    def ancestor_ids(self) -> frozenset[int]:
        """Every organisation above this one, on every route."""
        return frozenset(i for route in self.every_route for i in route[:-1])

    def is_within(self, other_id: int) -> bool:
        """True for the organisation itself and for any organisation above it on any route."""
        return other_id == self.id or other_id in self.ancestor_ids

    def as_json(self) -> dict[str, object]:
        """The contract of ``org list --json``: code, name, kind, municipality_code, depth, area, län, short name."""
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind.value,
            "municipality_code": self.municipality_code,
            "depth": self.depth,
            "area": self.area,
            "lan": self.lan,
            "short_name": self.short_name,
        }


@dataclass(frozen=True)
class Person:
    """Someone who acts (``--as``) and receives notices."""

    id: int
    code: str
    name: str
    email: str


@dataclass(frozen=True)
class Item:
    """A knowledge-support item (a VIP, a PSVF, a guideline)."""

    id: int
    code: str
    kind: ItemKind
    title: str
    workflow: str
    default_target_level: int
    owner_org_id: int | None
    area: str | None = None


@dataclass(frozen=True)
class ItemVersion:
    """One version of an item; instances belong to a version."""

    id: int
    item_id: int
    number: int
    status: VersionStatus
    workflow: str
    workflow_version: int
    adopted_on: date | None = None
    adoption_ref: str | None = None


@dataclass(frozen=True)
class Instance:
    """Where one organisation stands on one item version."""

    id: int
    item_version_id: int
    org_id: int
    parent_id: int | None
    workflow: str
    workflow_version: int
    state: str
    version: int
    level: int | None = None
    target_level: int | None = None
    due: date | None = None
    late: bool = False
    priority: str | None = None
    held_since: date | None = None
    review_on: date | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded transition (R12), or an administrative fact when ``instance_id`` is None.

    ``level`` and ``target_level`` are the instance's after the transition, so
    the history alone says where every instance stands.
    """

    instance_id: int | None
    at: datetime
    actor: str
    event: str
    from_state: str | None
    to_state: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    target_level: int | None = None
