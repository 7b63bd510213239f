"""Versions of an item: adoption by the declared body (R5, R5b, R9), one revision at a time (R9), withdrawal (R10)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from kgflow.domain.model import ItemVersion, Organisation, VersionStatus
from kgflow.domain.rules import referral
from kgflow.domain.rules.step import Decision, Facts, Refusal
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
    if any(v.status in (VersionStatus.DRAFT, VersionStatus.REMISS) for v in versions):
        raise Refusal(
            t(
                "{title} har redan en ny version som väntar på att fastställas; fastställ den innan nästa läggs till.",
                title=title,
            )
        )
    return versions[-1].number + 1


def on_remiss(facts: Facts, decision: Decision) -> bool:
    """R9: a revision given an answer deadline goes on remiss; without one it waits for adoption at once."""
    return facts.fields.get("due") is not None


def plan_revision_remiss(facts: Facts, decision: Decision) -> Decision:
    """R9: a revision on remiss reaches the same organisations as a first remiss (R1), with cascading deadlines (R2)."""
    return referral.plan_referral(facts, decision) if on_remiss(facts, decision) else decision


def standing_before_remiss(took_from: Mapping[int, str], moves_on_from: Collection[str]) -> dict[int, str]:
    """R9: the instances a revision's remiss took from a state its adoption moves on from (past the GAP analysis).

    After the adoption they go on from there — to the GAP analysis of the new
    version, with the level they had reached — while everyone else waits for a
    new local decision.
    """
    return {instance_id: state for instance_id, state in took_from.items() if state in moves_on_from}


def withdrawn(versions: Sequence[ItemVersion]) -> tuple[int, ...]:
    """R10: withdrawing an item withdraws every version not already superseded."""
    return tuple(v.id for v in versions if v.status is not VersionStatus.SUPERSEDED)
