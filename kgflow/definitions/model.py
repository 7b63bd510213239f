"""The neutral, frozen form of a workflow definition (the IR).

A YAML file becomes one :class:`WorkflowDefinition`. Everything here is
immutable and already checked; later stages (the engine, the services) never
look at YAML again. Line numbers are kept so that even checks made later can
point at the file.
"""

from __future__ import annotations

__all__ = [
    "Branch",
    "Cascade",
    "CascadeScope",
    "Deadline",
    "EventDef",
    "FieldDef",
    "FieldType",
    "Label",
    "Ladder",
    "Referral",
    "RoleRule",
    "Schedule",
    "StateDef",
    "WorkflowDefinition",
]

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from kgflow.domain.durations import Duration
from kgflow.domain.fields import FieldType
from kgflow.domain.ladders import Escalation, Rung, rungs
from kgflow.domain.rules.hold import HOLD, PRIORITISE, RESUME
from kgflow.domain.wording import language

OWNER = "owner"
"""In ``adoption``: the body that adopts is the item's owning organisation (a VIP's NPO)."""


@dataclass(frozen=True)
class Label:
    """A name in Swedish (shown by default) and English; ``str()`` is the one in the reader's language."""

    sv: str
    en: str

    def __str__(self) -> str:
        return self.en if language() == "en" else self.sv


@dataclass(frozen=True)
class Ladder:
    """An escalation ladder of a state (R11): reminder, notice, escalations to the recipients each names.

    ``at``: the kinds of organisation whose steps it chases (empty: every kind).
    """

    reminder: Duration | None
    notice: bool
    escalate: tuple[Escalation, ...]
    line: int = 0
    at: frozenset[str] = frozenset()

    def applies_to(self, kind: str) -> bool:
        """Whether the ladder chases a step at an organisation of ``kind``."""
        return not self.at or kind in self.at

    def rungs(self) -> list[Rung]:
        """The ladder's rungs in firing order."""
        return rungs(self.reminder, self.notice, self.escalate)


@dataclass(frozen=True)
class Deadline:
    """How a state's due date is set when an instance enters it.

    ``within``: that long after the day the state is entered.
    ``before_parent``: per organisation kind, that long before the parent
    instance's due date (cascading deadlines, R2).
    """

    within: Duration | None = None
    before_parent: Mapping[str, Duration] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class StateDef:
    """One state of the workflow; ``goal``: reaching it means the item is implemented there.

    ``action``: what the organisation in this state is to do, in plain words
    ("Lämna remissvaret"), as reminders and escalations say it; ``late``: what a
    late organisation has not done ("har inte lämnat remissvar"), as an
    escalation says it. ``ladders``: one per group of organisation kinds.
    """

    name: str
    label: Label
    final: bool = False
    goal: bool = False
    deadline: Deadline | None = None
    ladders: tuple[Ladder, ...] = ()
    line: int = 0
    action: Label | None = None
    late: Label | None = None

    def ladder_for(self, kind: str) -> Ladder | None:
        """The ladder that chases this state's steps at an organisation of ``kind``, if any."""
        return next((ladder for ladder in self.ladders if ladder.applies_to(kind)), None)


@dataclass(frozen=True)
class FieldDef:
    """A value an event takes (``ref`` via ``--ref``, the rest via ``--set``)."""

    name: str
    type: FieldType
    required: bool
    line: int = 0


@dataclass(frozen=True)
class RoleRule:
    """Who may perform an event (R13).

    ``role`` held at the instance's own organisation when ``at_kind`` is None,
    else at its nearest ancestor-or-self of kind ``at_kind`` (``sekreterare@lpo``).
    The role ``responsible`` stands for the role the workflow's ``responsible``
    mapping names for that organisation's kind.
    """

    role: str
    at_kind: str | None = None

    def __str__(self) -> str:
        return f"{self.role}@{self.at_kind}" if self.at_kind else self.role


@dataclass(frozen=True)
class Branch:
    """A possible target of an event; the first branch whose condition holds is taken."""

    target: str
    when: str | None = None


class CascadeScope(StrEnum):
    """Which instances a cascade may move."""

    ITEM = "item"
    BELOW = "below"


@dataclass(frozen=True)
class Cascade:
    """Internal events fired on other instances after an event (adoption, decision).

    Each instance of the item (``item``) or below the acting organisation
    (``below``) is moved by the first listed internal event that applies to it.
    ``at`` limits the cascade to acting organisations of those kinds.
    ``line`` and ``column`` are where ``events`` is written.
    """

    scope: CascadeScope
    events: tuple[str, ...]
    at: frozenset[str] | None = None
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Referral:
    """What ``kgflow refer`` does: the owner's event, and where participants start.

    Participants are found below the owner, or with ``below="parent"`` below the
    owner's parent (a län's decision body refers to the huvudmän of its län).
    """

    event: str
    state: str
    below: str = "owner"


@dataclass(frozen=True)
class Schedule:
    """A yearly round (R14): opens on a day each year for organisations following another workflow.

    ``opens`` and ``due`` are (month, day); the round of year Y opens on
    ``opens`` in Y and is due on ``due`` in Y+1 (moved back to a working day).
    Organisations whose instance of an item on workflow ``follows`` is in one of
    ``states`` get an instance of that item's round.
    """

    opens: tuple[int, int]
    due: tuple[int, int]
    follows: str
    states: tuple[str, ...]


@dataclass(frozen=True)
class EventDef:
    """One variant of an event: from these states, at these kinds, to these targets.

    An ``internal`` event is never performed by a person: effects of other
    events fire it on many instances at once (adoption moving every huvudman
    to await its LPO's decision). Declaring it keeps the machine complete.
    """

    name: str
    label: Label
    sources: tuple[str, ...]
    branches: tuple[Branch, ...]
    at: frozenset[str]
    by: tuple[RoleRule, ...]
    fields: Mapping[str, FieldDef]
    per_organisation: FieldType | None = None
    internal: bool = False
    guards: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    cascade: Cascade | None = None
    line: int = 0

    @property
    def targets(self) -> tuple[str, ...]:
        """Every state this event can lead to."""
        return tuple(branch.target for branch in self.branches)


@dataclass(frozen=True)
class WorkflowDefinition:
    """A complete, validated workflow definition at one version."""

    name: str
    version: int
    title: Label
    item_kinds: frozenset[str]
    owner: str
    participants: tuple[str, ...]
    roles: Mapping[str, Label]
    responsible: Mapping[str, str]
    initial: str
    states: Mapping[str, StateDef]
    events: tuple[EventDef, ...]
    referral: Referral | None = None
    schedule: Schedule | None = None
    corrections: Mapping[str, Correction] = field(default_factory=dict)
    adoption: Mapping[str, str] = field(default_factory=dict)  # kind of item → adopting body's code, or "owner"
    hold: HoldDef | None = None
    """Where a län may prioritise and pause an item (R16); None: nowhere."""
    path: str = ""
    digest: str = ""

    def event_names(self) -> tuple[str, ...]:
        """Each event name once, in file order."""
        return tuple(dict.fromkeys(event.name for event in self.events))

    def step_labels(self) -> dict[str, Label]:
        """The name of every step a history row may record: the events, and prioritising and pausing (R16)."""
        labels = {event.name: event.label for event in self.events}
        if self.hold is not None:
            labels.update(self.hold.labels)
        return labels

    def variants(self, event: str) -> tuple[EventDef, ...]:
        """All variants of ``event``."""
        return tuple(candidate for candidate in self.events if candidate.name == event)

    def due_on_entering(self, state: str, today: date) -> date | None:
        """The due date an instance gets on entering ``state`` today ("within N working days")."""
        deadline = self.states[state].deadline
        if deadline is not None and deadline.within is not None:
            return deadline.within.after(today)
        return None

    @property
    def key(self) -> tuple[str, int]:
        """(name, version): what an instance remembers."""
        return (self.name, self.version)


@dataclass(frozen=True)
class Correction:
    """Who may correct steps of ``event``, at which kinds of organisation, and where the instance may end up.

    ``undo`` are the states of ``to`` the event comes from (the step is taken
    back); the others are states it leads to (the step stands, its values are
    corrected).
    """

    event: str
    by: tuple[RoleRule, ...]
    to: tuple[str, ...]
    at: frozenset[str]
    undo: frozenset[str]
    line: int = 0


HOLD_STEPS = (PRIORITISE, HOLD, RESUME)
"""The steps of ``hold`` in a workflow, in the order a file names them."""


@dataclass(frozen=True)
class HoldDef:
    """Who prioritises and pauses an item, at which kinds of organisation, in which states; the steps' names."""

    at: frozenset[str]
    by: tuple[RoleRule, ...]
    states: tuple[str, ...]
    labels: Mapping[str, Label]
    line: int = 0

    def label(self, step: str) -> Label:
        """The name of ``prioritise``, ``hold`` or ``resume`` in both languages."""
        return self.labels[step]
