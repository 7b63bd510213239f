"""Priority and hold (R16): who may prioritise and pause an item for a län, when, and what resuming does.

An LPO sets its län's priority for an adopted item and may put it on hold with
a reason and a review date. A held step is neither late nor chased; resuming
moves each held deadline on by the working days the hold lasted, so a step that
was two days late when it was paused is two days late again when work resumes.
Everything here decides over plain values the service has loaded.
"""

from __future__ import annotations

__all__ = [
    "HOLD",
    "PRIORITISE",
    "RESUME",
    "BadValue",
    "HoldValues",
    "Priority",
    "held_days",
    "hold_values",
    "hold_words",
    "may_resume",
    "may_step",
    "priority_from",
    "priority_words",
    "shifted_due",
]

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kgflow.domain.calendar import working_days_after, working_days_between
from kgflow.domain.model import org_kind_label
from kgflow.domain.rules.refusal import Refusal
from kgflow.domain.spelling import either
from kgflow.domain.text import NOTE, checked
from kgflow.domain.wording import Phrase, t

PRIORITISE = "prioritise"
HOLD = "hold"
RESUME = "resume"


class BadValue(Refusal):
    """A value given to a priority or hold step is missing or cannot be used (the person's mistake)."""


class Priority(StrEnum):
    """A län's priority for an item, as stored; people read and type it in words."""

    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


_TYPED = {
    "hög": Priority.HIGH,
    "hog": Priority.HIGH,
    "high": Priority.HIGH,
    "normal": Priority.NORMAL,
    "låg": Priority.LOW,
    "lag": Priority.LOW,
    "low": Priority.LOW,
}


def priority_from(text: str | None) -> Priority:
    """The priority ``text`` names: hög, normal or låg (or high, normal, low).

    Raises:
        BadValue: when nothing or something else is given.
    """
    if text is None or not text.strip():
        raise BadValue(t("Ange prioriteten med --set priority=hög, normal eller låg."))
    found = _TYPED.get(text.strip().lower())
    if found is None:
        raise BadValue(t("Prioriteten {text!r} finns inte; välj hög, normal eller låg.", text=text.strip()))
    return found


def priority_words(priority: str | None) -> Phrase | None:
    """The stored priority in words ("hög prioritet"), or None when none is set."""
    if priority == Priority.HIGH:
        return t("hög prioritet")
    if priority == Priority.NORMAL:
        return t("normal prioritet")
    if priority == Priority.LOW:
        return t("låg prioritet")
    return None


def may_step(
    step: object,
    org: str,
    kind: str,
    state: str,
    at: Collection[str],
    states: Collection[str],
    state_label: object,
) -> None:
    """R16: prioritising and pausing happen at an LPO (the kinds ``at``) while its instance is in ``states``.

    Raises:
        Refusal: at another kind of organisation, or in another state.
    """
    if kind not in at:
        raise Refusal(
            t(
                "Steget '{step}' tas för länet av {kinds}; {org} är en organisation av typen {kind}.",
                step=step,
                kinds=either([org_kind_label(name) for name in sorted(at)]),
                org=org,
                kind=org_kind_label(kind),
            )
        )
    if state not in states:
        raise Refusal(
            t(
                "Steget '{step}' går bara när kunskapsstödet är fastställt och länet inte är klart; "
                "ärendet är i läget '{state}'.",
                step=step,
                state=state_label,
            )
        )


@dataclass(frozen=True)
class HoldValues:
    """What a hold records: why, and the day it is to be reviewed."""

    reason: str
    review_on: date


def hold_values(
    reason: str | None, review: str | None, today: date, held_since: date | None, open_below: int
) -> HoldValues:
    """R16: a hold needs a reason and a review date after today, on something not already held and not finished.

    ``open_below``: how many instances at and below the LPO are not yet done.

    Raises:
        BadValue: no reason, no review date or one that is not a later date.
        Refusal: already on hold, or nothing left to pause.
    """
    if held_since is not None:
        raise Refusal(
            t("Kunskapsstödet är redan pausat för länet sedan {since}; återuppta det först.", since=held_since)
        )
    if open_below == 0:
        raise Refusal(t("Alla i länet är redan klara med kunskapsstödet; det finns inget att pausa."))
    text = (reason or "").strip()
    if not text:
        raise BadValue(t('En paus behöver ett skäl: skriv det med --set reason="…".'))
    checked(text, "reason", NOTE, multiline=True)
    if review is None or not review.strip():
        raise BadValue(t("En paus behöver en dag för omprövning: ange den med --set review=ÅÅÅÅ-MM-DD."))
    try:
        review_on = date.fromisoformat(review.strip())
    except ValueError as error:
        raise BadValue(
            t("Omprövningsdagen {text!r} är inget datum; skriv den ÅÅÅÅ-MM-DD.", text=review.strip())
        ) from error
    if review_on <= today:
        raise BadValue(
            t(
                "Omprövningsdagen {review} måste ligga efter i dag ({today}).",
                review=review_on.isoformat(),
                today=today.isoformat(),
            )
        )
    return HoldValues(text, review_on)


def may_resume(held_since: date | None) -> date:
    """The day the hold began.

    Raises:
        Refusal: when the item is not on hold for the län.
    """
    if held_since is None:
        raise Refusal(t("Kunskapsstödet är inte pausat för länet, så det finns inget att återuppta."))
    return held_since


def held_days(held_since: date, today: date) -> int:
    """The working days a hold lasted: after the day it began, up to and including today (0 the same day)."""
    return max(0, working_days_between(held_since, today))


def shifted_due(due: date | None, days: int) -> date | None:
    """R16: a held deadline moved on by the working days held (no deadline stays none)."""
    if due is None or days <= 0:
        return due
    return working_days_after(due, days)


def hold_words(held_since: date, review_on: date | None, reason: str | None = None) -> Phrase:
    """The hold in words: "pausat sedan 2026-03-02 till omprövning 2026-05-04: väntar på regional handlingsplan"."""
    if review_on is None:
        said = t("pausat sedan {since}", since=held_since.isoformat())
    else:
        said = t(
            "pausat sedan {since} till omprövning {review}",
            since=held_since.isoformat(),
            review=review_on.isoformat(),
        )
    return t("{said}: {reason}", said=said, reason=reason) if reason else said
