"""Implementation and communication plans (R19, seed 000): activities, their tidplan and status, as pure values.

A plan belongs to one item in one län (its LPO) and lists activities as a
län writes them in its *aktivitetslista*: målgrupp, vad, var, genomförande
and tidplan, each marked planerad, genomförd or inställd with a note. The
tidplan is kept as written; when it says a day (an ISO date, or a term "VT
2027"/"HT 2027") the activity is due that day, and once past it while still
planerad it is late and chased like a step. "Fortlöpande" and "vid behov"
("när behov så föreligger – bereds via …") carry no date and are never late.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from kgflow.domain import text as limits
from kgflow.domain.calendar import working_days_between
from kgflow.domain.errors import UsageError
from kgflow.domain.spelling import folded
from kgflow.domain.wording import Phrase, t

ESCALATE_AFTER = 5
"""Working days past its date (still planerad) after which the LPO's sekreterare is told too."""

TEXT_LIMIT = 500
"""The most characters a målgrupp, vad, var, genomförande or tidplan may have."""
NOTE_LIMIT = 2000


class ActivityStatus(StrEnum):
    """Where an activity stands; the value is stored, the word is read."""

    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def word(self) -> Phrase:
        """The Swedish word people read and write: planerad, genomförd, inställd."""
        return _WORDS[self]


_WORDS = {
    ActivityStatus.PLANNED: t("planerad"),
    ActivityStatus.DONE: t("genomförd"),
    ActivityStatus.CANCELLED: t("inställd"),
}
_STATUS_SPELLINGS = {
    "planerad": ActivityStatus.PLANNED,
    "planned": ActivityStatus.PLANNED,
    "genomford": ActivityStatus.DONE,
    "klar": ActivityStatus.DONE,
    "done": ActivityStatus.DONE,
    "installd": ActivityStatus.CANCELLED,
    "cancelled": ActivityStatus.CANCELLED,
}


def read_status(text: str | None) -> ActivityStatus:
    """The status a word names (case and å/ä/ö ignored); an empty one is planerad.

    Raises:
        UsageError: for a word that names no status.
    """
    wanted = folded((text or "").strip())
    if not wanted:
        return ActivityStatus.PLANNED
    found = _STATUS_SPELLINGS.get(wanted)
    if found is None:
        raise UsageError(
            t(
                "Statusen {status!r} finns inte; skriv planerad, genomförd eller inställd.",
                status=text.strip() if text else "",
            )
        )
    return found


class ScheduleKind(StrEnum):
    """What a tidplan says: a day, a term, continuous, or when needed."""

    DATE = "date"
    TERM = "term"
    ONGOING = "ongoing"
    WHEN_NEEDED = "when_needed"


@dataclass(frozen=True)
class Schedule:
    """A tidplan as written, what kind it is, and the day it is due if it has one."""

    text: str
    kind: ScheduleKind
    due: date | None = None


_TERM = re.compile(r"(vt|ht|varterminen|hostterminen)\s*-?\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ONGOING = ("fortlopande", "lopande", "lopande under aret", "hela aret")
_WHEN_NEEDED = ("vid behov", "nar behov sa foreligger", "nar behov finns", "efter behov")


def read_schedule(text: str) -> Schedule:
    """What a tidplan says: "2027-03-31", "VT 2027", "HT 2027", "Fortlöpande", "Vid behov".

    A spring term (VT) is due by 30 June and an autumn term (HT) by 31
    December of its year: the last day the term's work can still be said to be
    done in that term. "Vid behov" may be followed by how the need is raised, as
    seed 000 writes it ("När behov så föreligger – bereds via LGVO AU.").

    Raises:
        UsageError: one sentence saying what a tidplan may be.
    """
    written = " ".join(text.split())
    plain = folded(written).rstrip(".")
    iso = _ISO.fullmatch(plain)
    if iso is not None:
        try:
            return Schedule(written, ScheduleKind.DATE, date(int(iso[1]), int(iso[2]), int(iso[3])))
        except ValueError as exc:
            raise UsageError(t("Tidplanen {text!r} är inget datum som finns.", text=written)) from exc
    term = _TERM.fullmatch(plain)
    if term is not None:
        year = int(term[2])
        spring = term[1] in ("vt", "varterminen")
        return Schedule(written, ScheduleKind.TERM, date(year, 6, 30) if spring else date(year, 12, 31))
    if plain in _ONGOING:
        return Schedule(written, ScheduleKind.ONGOING)
    if any(plain == start or re.match(re.escape(start) + r"\W", plain) for start in _WHEN_NEEDED):
        return Schedule(written, ScheduleKind.WHEN_NEEDED)
    raise UsageError(
        t(
            "Tidplanen {text!r} går inte att läsa; skriv ett datum (ÅÅÅÅ-MM-DD), en termin (VT 2027, HT 2027), "
            "fortlöpande eller vid behov.",
            text=written,
        )
    )


@dataclass(frozen=True)
class Activity:
    """One line of a plan: number, målgrupp, vad, var, genomförande, tidplan, status and note.

    ``performer`` is the genomförande as written; ``performer_code`` the person
    it names, when it names one (a role such as "Utvecklingsledare, Mitt i
    Livet" names nobody).
    """

    number: int
    target_group: str
    what: str
    venue: str
    performer: str
    schedule: str
    due: date | None = None
    status: ActivityStatus = ActivityStatus.PLANNED
    note: str | None = None
    performer_code: str | None = None
    changed_by: str | None = None
    changed_at: datetime | None = None

    def is_late(self, today: date) -> bool:
        """Past its date and still planerad."""
        return self.status is ActivityStatus.PLANNED and self.due is not None and today > self.due

    def days_late(self, today: date) -> int:
        """Working days past its date (0 when not late)."""
        return working_days_between(self.due, today) if self.due is not None and self.is_late(today) else 0

    def as_fact(self, item: str, lpo: str) -> dict[str, Any]:
        """The fields the history records for this activity (see :mod:`kgflow.domain.records`)."""
        return {
            "key": activity_key(item, lpo, self.number),
            "item": item,
            "lpo": lpo,
            "number": self.number,
            "target_group": self.target_group,
            "what": self.what,
            "venue": self.venue,
            "performer": self.performer,
            "performer_person": self.performer_code,
            "schedule": self.schedule,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status.value,
            "note": self.note,
        }


@dataclass(frozen=True)
class ChaseDays:
    """Which dated activities the sweep chases today: told if due by ``told_by``, escalated if by ``escalated_by``."""

    told_by: date
    escalated_by: date


def chase_days(today: date) -> ChaseDays:
    """The latest due dates that are late today (the day after), and more than :data:`ESCALATE_AFTER` working days late.

    An activity due on a Friday is told on Saturday's sweep (or Monday's) and
    escalated once six working days have passed since that Friday.
    """
    escalated_by = today - timedelta(days=1)
    while working_days_between(escalated_by, today) <= ESCALATE_AFTER:
        escalated_by -= timedelta(days=1)
    return ChaseDays(today - timedelta(days=1), escalated_by)


def plan_path(item: str, lpo: str) -> str:
    """Where an LPO's plan for an item is kept in the web app: ``/plan/ITEM/LPO``, relative to its address."""
    return f"/plan/{item}/{lpo}"


def activity_key(item: str, lpo: str, number: int) -> str:
    """How the history names one activity: ``psvf-x/lpo-y/3``."""
    return f"{item}/{lpo}/{number}"


@dataclass(frozen=True)
class Draft:
    """An activity as given (on the command line or a spreadsheet row), before it has a number."""

    target_group: str
    what: str
    venue: str
    performer: str
    schedule: str
    status: str | None = None
    note: str | None = None


COLUMNS = ("Målgrupp", "Vad", "Var", "Genomförande", "Tidplan", "Status", "Anteckning")
"""The spreadsheet's columns, as a län names them (import accepts any case, with or without å/ä/ö)."""
_FIELDS = ("target_group", "what", "venue", "performer", "schedule", "status", "note")
"""The :class:`Draft` field each of :data:`COLUMNS` fills, in the same order."""
_REQUIRED = COLUMNS[:5]
_FIELD_OF = {folded(column): name for column, name in zip(COLUMNS, _FIELDS, strict=True)}


def checked_activity(draft: Draft, number: int) -> Activity:
    """The activity a draft describes, numbered ``number``, with its tidplan read.

    Raises:
        UsageError: one sentence for the first thing that cannot be kept.
    """
    texts = {}
    for column, name in zip(COLUMNS[:5], _FIELDS[:5], strict=True):
        value = " ".join(str(getattr(draft, name) or "").split())
        if not value and name in ("target_group", "what", "schedule"):
            raise UsageError(t("{column} saknas; varje aktivitet behöver målgrupp, vad och tidplan.", column=column))
        texts[name] = limits.checked(value, column, TEXT_LIMIT)
    note = (draft.note or "").strip() or None
    if note is not None:
        limits.checked(note, t("Anteckningen"), NOTE_LIMIT, multiline=True)
    schedule = read_schedule(texts["schedule"])
    return Activity(
        number,
        texts["target_group"],
        texts["what"],
        texts["venue"],
        texts["performer"],
        schedule.text,
        schedule.due,
        read_status(draft.status),
        note,
    )


def sheet_drafts(header: Sequence[object], rows: Sequence[tuple[int, Sequence[object]]]) -> list[tuple[int, Draft]]:
    """The drafts of a spreadsheet's rows, by its header's column names; blank rows are skipped.

    Raises:
        UsageError: when a column the plan needs is missing, or one is named twice.
    """
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        field_name = _FIELD_OF.get(folded(" ".join(str(name or "").split())))
        if field_name is None:
            continue
        if field_name in positions:
            raise UsageError(t("Kolumnen {column} finns två gånger.", column=str(name)))
        positions[field_name] = index
    missing = [column for column in _REQUIRED if _FIELD_OF[folded(column)] not in positions]
    if missing:
        raise UsageError(
            t(
                "Kolumnerna {missing} saknas; en plan har kolumnerna {columns}.",
                missing=", ".join(missing),
                columns=", ".join(COLUMNS),
            )
        )
    drafts = []
    for number, cells in rows:
        values = {name: _cell(cells, index) for name, index in positions.items()}
        if any(values.values()):
            drafts.append((number, Draft(**values)))
    return drafts


def _cell(cells: Sequence[object], index: int) -> str:
    value = cells[index] if index < len(cells) else None
    if isinstance(value, date):
        return value.isoformat()[:10]
    return "" if value is None else str(value).strip()


def sheet_row(activity: Activity) -> list[str]:
    """An activity as a spreadsheet row, in :data:`COLUMNS` order (the status as its Swedish word)."""
    return [
        activity.target_group,
        activity.what,
        activity.venue,
        activity.performer,
        activity.schedule,
        str(activity.status.word),
        activity.note or "",
    ]


def renumbered(activities: Sequence[Activity]) -> list[Activity]:
    """The activities numbered 1, 2, … in their order."""
    return [replace(activity, number=index) for index, activity in enumerate(activities, start=1)]


def changed(old: Mapping[int, Activity], new: Sequence[Activity]) -> tuple[list[Activity], list[int]]:
    """What replacing ``old`` (by number) with ``new`` changes: activities to record, and numbers removed."""
    fresh = [a for a in new if a.number not in old or _comparable(old[a.number]) != _comparable(a)]
    kept = {a.number for a in new}
    return fresh, sorted(number for number in old if number not in kept)


def _comparable(activity: Activity) -> tuple[object, ...]:
    return (
        activity.target_group, activity.what, activity.venue, activity.performer, activity.schedule,
        activity.due, activity.status, activity.note, activity.performer_code,
    )  # fmt: skip
