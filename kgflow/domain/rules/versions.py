"""Versions of an item: adoption by the declared body (R5, R5b, R9), one revision at a time (R9), withdrawal (R10)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kgflow.domain.model import ItemVersion, Organisation, VersionStatus
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


def body_name(body: Organisation) -> str:
    """A body as history and sentences name it: its everyday name ("SKS") where it has one."""
    return body.short_name or body.name


def adopting_body(declared: Organisation, given: Organisation | None, title: str) -> Organisation:
    """R5b: the item is adopted by the body its workflow declares for its kind; another body named is refused."""
    if given is not None and given.id != declared.id:
        raise Refusal(
            t(
                "{title} fastställs av {body}, inte av {given}.",
                title=title,
                body=body_name(declared),
                given=body_name(given),
            )
        )
    return declared


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
