"""Implementation and communication plans (R19): show, add, change, mark, remove, import and export activities.

A plan belongs to one item at one LPO. Its sekreterare and ordförande keep
it; the person an activity's genomförande names may mark that activity. Each
use case is one transaction: find the item, the LPO and the actor, check the
authority and every value (the rules are :mod:`kgflow.domain.plans`'), then
take the history turn, write the activities and one history row per activity
changed or removed (:mod:`kgflow.domain.records`), so ``audit verify`` vouches
for the table. A refusal raises before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from kgflow.domain import authority, records
from kgflow.domain.authority import Actor
from kgflow.domain.errors import NotAuthorised, NotFound, UsageError
from kgflow.domain.model import Item, Organisation, OrgKind
from kgflow.domain.plans import Activity, ActivityStatus, Draft, changed, checked_activity, read_status, renumbered
from kgflow.domain.wording import Phrase, t
from kgflow.service.context import Services
from kgflow.service.lookup import find_actor, find_item, find_org
from kgflow.service.naming import person_named
from kgflow.service.ports import UnitOfWork
from kgflow.service.records import record_facts

KEEPERS = (("sekreterare", None), ("ordforande", None))
"""Who keeps an LPO's plans: its sekreterare and its ordförande (R13)."""


@dataclass(frozen=True)
class PlanView:
    """A plan as of ``today``: its item, its LPO and its activities by number."""

    item: Item
    lpo: Organisation
    activities: tuple[Activity, ...]
    today: date

    def as_json(self) -> list[dict[str, Any]]:
        """One object per activity."""
        return [
            {
                "item": self.item.code,
                "lpo": self.lpo.code,
                "number": a.number,
                "target_group": a.target_group,
                "what": a.what,
                "venue": a.venue,
                "performer": a.performer,
                "performer_person": a.performer_code,
                "schedule": a.schedule,
                "due": a.due.isoformat() if a.due else None,
                "status": a.status.value,
                "late": a.is_late(self.today),
                "note": a.note,
                "changed_by": a.changed_by,
                "changed_at": a.changed_at.isoformat() if a.changed_at else None,
            }
            for a in self.activities
        ]


@dataclass(frozen=True)
class ImportedPlan:
    """What an import did: activities in the plan now, recorded anew, and removed."""

    activities: int
    recorded: int
    removed: int


@dataclass(frozen=True)
class _Plan:
    item: Item
    lpo: Organisation
    plan_id: int | None
    activities: dict[int, Activity]


def _load(uow: UnitOfWork, item_ref: str, lpo_ref: str) -> _Plan:
    item = find_item(uow, item_ref)
    lpo = _lpo(uow, item, find_org(uow, lpo_ref))
    plan_id = uow.plans.plan_id(item.id, lpo.id)
    activities = {a.number: a for a in uow.plans.activities(plan_id)} if plan_id is not None else {}
    return _Plan(item, lpo, plan_id, activities)


def _lpo(uow: UnitOfWork, item: Item, named: Organisation) -> Organisation:
    """The LPO named, or the LPO of the named organisation's län on the item's programområde ("Östergötland")."""
    if named.kind is OrgKind.LPO:
        return named
    if named.lan is not None:
        lpos = [lpo for lpo in uow.orgs.list(kind=OrgKind.LPO.value, area=item.area) if lpo.lan == named.lan]
        if len(lpos) == 1:
            return lpos[0]
    raise UsageError(t("{org} är inget LPO; en implementeringsplan hör till ett LPO.", org=named.name))


def _keeps(actor: Actor, plan: _Plan) -> bool:
    return authority.is_allowed(KEEPERS, plan.lpo, actor.roles, {}, plan.item.area)


def _refuse(actor: Actor, plan: _Plan, *, own: bool = False) -> NotAuthorised:
    who = (
        t("LPO:ns sekreterare eller ordförande, eller den som genomför aktiviteten")
        if own
        else t("LPO:ns sekreterare eller ordförande")
    )
    return NotAuthorised(
        t(
            "{person} ({code}) får inte ändra implementeringsplanen för {item} i {lpo}: det får bara {who}.",
            person=actor.person.name,
            code=actor.person.code,
            item=plan.item.title,
            lpo=plan.lpo.name,
            who=who,
        )
    )


def _numbered(plan: _Plan, number: int) -> Activity:
    found = plan.activities.get(number)
    if found is None:
        raise NotFound(
            t("aktivitet"),
            str(number),
            sentence=t(
                "Implementeringsplanen för {item} i {lpo} har ingen aktivitet nummer {number}.",
                item=plan.item.title,
                lpo=plan.lpo.name,
                number=number,
            ),
        )
    return found


def _with_performer(uow: UnitOfWork, activity: Activity, known: dict[str, str | None]) -> Activity:
    """The activity with the code of the person its genomförande names, if it names one."""
    text = activity.performer
    if text not in known:
        try:
            found = person_named(uow, text) if text else None
        except UsageError:
            found = None  # a name several people share names nobody in particular: kept as text
        known[text] = found.code if found else None
    return replace(activity, performer_code=known[text])


def _store(
    uow: UnitOfWork, plan: _Plan, activities: Sequence[Activity], removed: Sequence[int], actor: str, now: datetime
) -> None:
    """Write the activities and their history rows (after taking the turn), and remove ``removed``."""
    uow.lock_history()
    plan_id = plan.plan_id if plan.plan_id is not None else uow.plans.ensure(plan.item.id, plan.lpo.id, now)
    codes = [a.performer_code for a in activities if a.performer_code]
    people = {code: person.id for code in codes if (person := uow.people.find(code)) is not None}
    uow.plans.remove(plan_id, removed)
    uow.plans.write(plan_id, activities, people, actor, now)
    facts: list[tuple[str, dict[str, Any]]] = [
        (records.ACTIVITY_REMOVED, {"key": plan.activities[n].as_fact(plan.item.code, plan.lpo.code)["key"]})
        for n in removed
    ]
    facts.extend((records.ACTIVITY, a.as_fact(plan.item.code, plan.lpo.code)) for a in activities)
    if facts:
        record_facts(uow, facts, actor=actor, now=now)


def show_plan(services: Services, item_ref: str, lpo_ref: str) -> PlanView:
    """The plan of an item at an LPO (empty if it has none yet).

    Raises:
        NotFound: for an unknown item or organisation.
        UsageError: when the organisation is not an LPO.
    """
    with services.uow() as uow:
        plan = _load(uow, item_ref, lpo_ref)
    return PlanView(plan.item, plan.lpo, tuple(plan.activities.values()), services.clock.today())


def add_activity(services: Services, item_ref: str, lpo_ref: str, draft: Draft, *, actor: str | None) -> Activity:
    """Add an activity at the end of the plan (making the plan if it has none).

    Raises:
        NotFound, UsageError, NotAuthorised: one sentence; nothing changes.
    """
    with services.uow(write=True) as uow:
        acting = find_actor(uow, actor, as_of_another_date=services.as_of_another_date)
        plan = _load(uow, item_ref, lpo_ref)
        if not _keeps(acting, plan):
            raise _refuse(acting, plan)
        activity = _with_performer(uow, checked_activity(draft, max(plan.activities, default=0) + 1), {})
        _store(uow, plan, [activity], [], acting.person.code, services.clock.now())
        uow.commit()
    return activity


def mark_activity(
    services: Services, item_ref: str, lpo_ref: str, number: int, status: str, note: str | None, *, actor: str | None
) -> Activity:
    """Mark an activity planerad, genomförd or inställd, with a note (``None`` keeps the note it has).

    The LPO's sekreterare or ordförande may, and so may the person the activity's genomförande names.

    Raises:
        NotFound, UsageError, NotAuthorised: one sentence; nothing changes.
    """
    with services.uow(write=True) as uow:
        acting = find_actor(uow, actor, as_of_another_date=services.as_of_another_date)
        plan = _load(uow, item_ref, lpo_ref)
        old = _numbered(plan, number)
        if not _keeps(acting, plan) and old.performer_code != acting.person.code:
            raise _refuse(acting, plan, own=True)
        draft = _draft(old, status=status, note=old.note if note is None else note)
        activity = replace(checked_activity(draft, number), performer_code=old.performer_code)
        _store(uow, plan, [activity], [], acting.person.code, services.clock.now())
        uow.commit()
    return activity


def change_activity(
    services: Services, item_ref: str, lpo_ref: str, number: int, changes: Mapping[str, str], *, actor: str | None
) -> Activity:
    """Change an activity's fields (``target_group``, ``what``, ``venue``, ``performer``, ``schedule``, ``note``).

    Raises:
        NotFound, UsageError, NotAuthorised: one sentence; nothing changes.
    """
    unknown = sorted(set(changes) - set(Draft.__dataclass_fields__))
    if unknown:
        raise UsageError(t("En aktivitet har inget fält {field!r}.", field=unknown[0]))
    with services.uow(write=True) as uow:
        acting = find_actor(uow, actor, as_of_another_date=services.as_of_another_date)
        plan = _load(uow, item_ref, lpo_ref)
        old = _numbered(plan, number)
        if not _keeps(acting, plan):
            raise _refuse(acting, plan)
        activity = _with_performer(uow, checked_activity(replace(_draft(old), **changes), number), {})
        _store(uow, plan, [activity], [], acting.person.code, services.clock.now())
        uow.commit()
    return activity


def remove_activity(services: Services, item_ref: str, lpo_ref: str, number: int, *, actor: str | None) -> None:
    """Remove an activity from the plan; the others keep their numbers.

    Raises:
        NotFound, NotAuthorised: one sentence; nothing changes.
    """
    with services.uow(write=True) as uow:
        acting = find_actor(uow, actor, as_of_another_date=services.as_of_another_date)
        plan = _load(uow, item_ref, lpo_ref)
        _numbered(plan, number)
        if not _keeps(acting, plan):
            raise _refuse(acting, plan)
        _store(uow, plan, [], [number], acting.person.code, services.clock.now())
        uow.commit()


def import_plan(
    services: Services, item_ref: str, lpo_ref: str, drafts: Sequence[tuple[int, Draft]], *, actor: str | None
) -> ImportedPlan:
    """Replace the plan's activities with a spreadsheet's rows (numbered in order), all or nothing.

    Every row is checked first; an activity that is the same as before is not
    recorded again, so importing an export changes nothing.

    Raises:
        UsageError: listing every refused row (its number and one sentence); nothing changes.
        NotFound, NotAuthorised: one sentence; nothing changes.
    """
    with services.uow(write=True) as uow:
        acting = find_actor(uow, actor, as_of_another_date=services.as_of_another_date)
        plan = _load(uow, item_ref, lpo_ref)
        if not _keeps(acting, plan):
            raise _refuse(acting, plan)
        activities = sheet_activities(uow, drafts)
        fresh, removed = changed(plan.activities, activities)
        _store(uow, plan, fresh, removed, acting.person.code, services.clock.now())
        uow.commit()
    return ImportedPlan(len(activities), len(fresh), len(removed))


def sheet_activities(uow: UnitOfWork, drafts: Sequence[tuple[int, Draft]]) -> list[Activity]:
    """The activities of a spreadsheet's rows, numbered 1, 2, … in order.

    Raises:
        UsageError: listing every row refused, with its number; for no rows at all.
    """
    if not drafts:
        raise UsageError(t("Filen har inga aktiviteter; ingenting ändrades."))
    refused: list[Phrase] = []
    activities: list[Activity] = []
    known: dict[str, str | None] = {}
    for row, draft in drafts:
        try:
            activities.append(_with_performer(uow, checked_activity(draft, len(activities) + 1), known))
        except UsageError as error:
            refused.append(t("Rad {row}: {reason}", row=row, reason=error.sentence))
    if refused:
        lines = "".join(f"\n  {line}" for line in refused)
        raise UsageError(t("Planen lästes inte in och ingenting ändrades:{rows}", rows=lines))
    return renumbered(activities)


def _draft(activity: Activity, *, status: str | None = None, note: str | None = None) -> Draft:
    return Draft(
        activity.target_group,
        activity.what,
        activity.venue,
        activity.performer,
        activity.schedule,
        status if status is not None else activity.status.value,
        note if note is not None else activity.note,
    )


def store_sample_plan(
    uow: UnitOfWork, item_ref: str, lpo_ref: str, drafts: Sequence[Draft], *, actor: str, now: datetime
) -> None:
    """Write a whole plan inside an open unit of work (the sample's), each activity recorded in the history."""
    plan = _load(uow, item_ref, lpo_ref)
    activities = sheet_activities(uow, list(enumerate(drafts, start=1)))
    fresh, removed = changed(plan.activities, activities)
    _store(uow, plan, fresh, removed, actor, now)


__all__ = [
    "ActivityStatus",
    "ImportedPlan",
    "PlanView",
    "add_activity",
    "change_activity",
    "import_plan",
    "mark_activity",
    "read_status",
    "remove_activity",
    "show_plan",
    "store_sample_plan",
]
