"""What a rule is given and what it answers: the facts of one step and the decision so far."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from kgflow.domain.durations import Duration
from kgflow.domain.model import Organisation
from kgflow.domain.rules.refusal import Refusal
from kgflow.domain.wording import Phrase

__all__ = [
    "Condition",
    "Decision",
    "Facts",
    "ForumFacts",
    "Planned",
    "Reach",
    "ReferralFacts",
    "Refusal",
    "Relative",
    "Rule",
]


@dataclass(frozen=True)
class Relative:
    """The parent's or a child's instance, as a rule sees it: whose it is and where it stands."""

    org_name: str
    state: str
    state_label: str


@dataclass(frozen=True)
class Planned:
    """An instance a referral will create (R1) with its cascaded deadline (R2)."""

    org_id: int
    state: str
    due: date | None
    parent_org_id: int | None = None


@dataclass(frozen=True)
class ReferralFacts:
    """What a referral plans from: the tree below its root (root first), who takes part and their margins."""

    subtree: tuple[Organisation, ...]
    referring: Organisation
    state: str
    participants: frozenset[str]
    margins: Mapping[str, Duration]


@dataclass(frozen=True)
class ForumFacts:
    """What a local decision (R6) is checked against.

    ``forum`` is the organisation the step names as the body that decided,
    ``forums`` the decision forums of the deciding organisation's län,
    ``waiting`` the huvudmän below the deciding organisation still waiting for
    its decision, ``named`` the ones the step says the decision is for
    (``None``: not said, so every one waiting), ``targeted`` those the step
    gives a target level of their own.
    """

    forum: Organisation
    forums: tuple[Organisation, ...]
    waiting: tuple[Organisation, ...]
    named: tuple[Organisation, ...] | None = None
    targeted: tuple[Organisation, ...] = ()


@dataclass(frozen=True)
class Facts:
    """Everything a rule may look at, loaded before any rule is asked.

    ``where`` is the acting organisation's name, ``doing`` the event's label
    (rendered in the reader's language where a sentence names the step),
    ``sources`` the states the event happens from. ``parent`` and
    ``children`` (and ``referral``, ``forum``) are loaded only when a rule of the event needs them.
    """

    where: str
    doing: object
    sources: frozenset[str]
    level: int | None
    target_level: int | None
    due: date | None
    today: date
    fields: Mapping[str, Any] = field(default_factory=dict)
    note: str | None = None
    force: bool = False
    parent: Relative | None = None
    children: tuple[Relative, ...] = ()
    referral: ReferralFacts | None = None
    forum: ForumFacts | None = None
    held: bool = False
    """The step is on hold for its län (R16): it is not late, whatever its due date."""


@dataclass(frozen=True)
class Reach:
    """Whom a step's cascade reaches: these organisations and everything below them, and what their rows record."""

    orgs: tuple[Organisation, ...]
    recorded: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """The acting instance's new values and what the step records and says, built up rule by rule."""

    level: int | None
    target_level: int | None
    due: date | None
    late: bool = False
    recorded: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[Phrase, ...] = ()
    planned: tuple[Planned, ...] = ()
    reach: Reach | None = None
    """Limits the step's cascade (R6: a decision for some huvudmän); ``None``: everyone in its scope."""
    stays: bool = False  # the step leaves the instance in the state it is in

    @classmethod
    def starting_from(cls, facts: Facts, *, late: bool) -> Decision:
        """The decision before any rule: the instance's values as they are."""
        return cls(facts.level, facts.target_level, facts.due, late)

    def but(self, **changes: Any) -> Decision:
        """This decision with some values changed."""
        return replace(self, **changes)

    def record(self, **recorded: Any) -> Decision:
        """This decision, recording more in the history row."""
        return replace(self, recorded={**self.recorded, **recorded})

    def warn(self, sentence: Phrase) -> Decision:
        """This decision with one more warning shown to the person (recorded by the caller if it wants)."""
        return replace(self, warnings=(*self.warnings, sentence))


Rule = Callable[[Facts, Decision], Decision]
"""A guard, a warning or the deciding half of an effect: the new decision, or :class:`Refusal`."""

Condition = Callable[[Facts, Decision], bool]
"""Picks among an event's targets."""
