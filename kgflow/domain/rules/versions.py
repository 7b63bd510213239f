"""Versions of an item: adoption supersedes (R5, R9), one revision at a time (R9), withdrawal (R10)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kgflow.domain.model import ItemVersion, VersionStatus
from kgflow.domain.rules.step import Refusal
from kgflow.domain.wording import t


@dataclass(frozen=True)
class Adoption:
    """What adopting an item does to its versions."""

    adopted: ItemVersion
    superseded: tuple[int, ...]
    switches: bool  # the instances move onto the adopted version (a revision was adopted)


def adoption(versions: Sequence[ItemVersion], acting_version_id: int) -> Adoption:
    """R5/R9: the newest version is adopted, the one adopted before it superseded."""
    newest = versions[-1]
    superseded = tuple(v.id for v in versions[:-1] if v.status is VersionStatus.ADOPTED)
    return Adoption(newest, superseded, switches=newest.id != acting_version_id)


def revision_number(versions: Sequence[ItemVersion], title: str) -> int:
    """R9: the number of a new revision; refused while another waits for adoption."""
    if any(v.status is VersionStatus.DRAFT for v in versions):
        raise Refusal(
            t(
                "{title} har redan en ny version som väntar på att fastställas; fastställ den innan nästa läggs till.",
                title=title,
            )
        )
    return versions[-1].number + 1


def withdrawn(versions: Sequence[ItemVersion]) -> tuple[int, ...]:
    """R10: withdrawing an item withdraws every version not already superseded."""
    return tuple(v.id for v in versions if v.status is not VersionStatus.SUPERSEDED)
