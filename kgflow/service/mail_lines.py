"""What one line of a reminder says: what to do and by when, and where to go or whom to contact.

A person who gets a reminder usually has no kgflow command line (a kommun's
contact person), so a line never names a command. It says the action the
workflow declares for the state (``action: {sv: Lämna remissvaret, …}``; for a
definition without one, the names of the steps the organisation may take
there), the due date, and then either a link — when ``KGFLOW_WEB_URL`` is set,
``URL/arende/ITEM/ORG``, the step's page in ``kgflow serve`` (which asks for a sign-in link first when needed;
for a follow-up round with questions, its answer form ``URL/uppfoljning/ROUND/ORG``) — or
the people to contact:

- a reminder or the notice on the day goes to the organisation's responsible
  person; the contact is whoever the workflow lets take the step for them from
  higher up the chain, the first role of the events' ``by`` written as
  ``role@kind`` held at an organisation above (the LPO's secretary, for a
  kommun, a region, a LAG or a verksamhet in the sample); failing that, the
  nearest person above who holds a role the workflow names — the role that
  answers for that organisation first, then one the workflow lets act from
  there (an LPO's contact is its RPO's samordnare; a decision body's, in the
  regional guideline, its LPO's secretary);
- an escalation goes to whom its rung names (the LPO's secretary or chair, the
  forum's chair, an RPO's own chair); the line says in which role and where the
  reader is told ("som ordförande i LPO psykisk hälsa Dalarna"), what the late
  organisation has not done (the state's ``late``), and names as contact the late
  organisation's responsible person, who was reminded and has not acted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from kgflow.definitions.model import EventDef, Label, StateDef, WorkflowDefinition
from kgflow.domain.calendar import working_days_between
from kgflow.domain.follow_up import OPENED, answer_form_path, is_definition_round
from kgflow.domain.ladders import RESPONSIBLE, escalation_level
from kgflow.domain.model import Organisation, Person
from kgflow.service.mail import Contact, NoticeLine
from kgflow.service.ports import NoticeView, UnitOfWork

MAX_CONTACTS = 3


@dataclass
class LineContext:
    """What the lines of one digest share: its recipient, the web address, and looked-up people."""

    recipient_code: str
    web_url: str | None = None
    questions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per follow-up round, its questions as the opening notice lists them when there is no web link."""
    _orgs: dict[str, Organisation | None] = field(default_factory=dict)
    _above: dict[int, list[Organisation]] = field(default_factory=dict)
    _holders: dict[tuple[int, str], list[Person]] = field(default_factory=dict)

    def org(self, uow: UnitOfWork, code: str) -> Organisation | None:
        """The organisation with ``code``, looked up once per digest."""
        if code not in self._orgs:
            self._orgs[code] = uow.orgs.find(code)
        return self._orgs[code]

    def above(self, uow: UnitOfWork, org: Organisation) -> list[Organisation]:
        """The organisations above ``org``, nearest first."""
        if org.id not in self._above:
            chain = uow.orgs.by_ids(org.path)
            self._above[org.id] = [chain[i] for i in reversed(org.path[:-1]) if i in chain]
        return self._above[org.id]

    def holders(self, uow: UnitOfWork, org: Organisation, role: str) -> list[Person]:
        """Who holds ``role`` at ``org``, leaving out the digest's own recipient."""
        return [person for person in self._all_holders(uow, org, role) if person.code != self.recipient_code]

    def holds(self, uow: UnitOfWork, org: Organisation, role: str) -> bool:
        """Whether the digest's own recipient holds ``role`` at ``org``."""
        return any(person.code == self.recipient_code for person in self._all_holders(uow, org, role))

    def _all_holders(self, uow: UnitOfWork, org: Organisation, role: str) -> list[Person]:
        key = (org.id, role)
        if key not in self._holders:
            self._holders[key] = uow.people.holders(org.id, role)
        return self._holders[key]


def line_about(view: NoticeView, today: date, about_sv: str, about_en: str) -> NoticeLine:
    """What every line says — whose step, which rung, the day and how late — and what it is about.

    The kind of notice fills in the rest (:func:`notice_line` for a step,
    :func:`kgflow.service.plan_lines.plan_line` for a plan activity).
    """
    return NoticeLine(
        item_code=view.item_code,
        item_title=view.item_title,
        org_code=view.org_code,
        org_name=view.org_name,
        recipient_org=view.recipient_org,
        rung=view.rung,
        escalation=escalation_level(view.rung),
        state_sv=about_sv,
        state_en=about_en,
        due=view.due,
        days_late=max(working_days_between(view.due, today), 0),
        days_left=max(working_days_between(today, view.due), 0),
    )


def notice_line(
    uow: UnitOfWork, definition: WorkflowDefinition, view: NoticeView, today: date, context: LineContext
) -> NoticeLine:
    """The line for one queued notice, as its recipient reads it."""
    state = definition.states[view.state]
    escalation = escalation_level(view.rung)
    org = context.org(uow, view.org_code)
    events = _steps(definition, state, org.kind if org else None)
    action = state.action or _action_from(events, state)
    contacts: tuple[Contact, ...] = ()
    can_act = False
    link = f"{context.web_url}/arende/{view.item_code}/{view.org_code}" if context.web_url else None
    if context.web_url and is_definition_round(view.item_code) and not escalation:
        link = context.web_url + answer_form_path(view.item_code, view.org_code)  # straight to the questions
    if org is not None and link is None:
        contacts, can_act = _contacts(uow, definition, org, events, escalation > 0, context)
    role = _role_told(uow, definition, state, org, view, context) if escalation else None
    return replace(
        line_about(view, today, state.label.sv, state.label.en),
        action_sv=action.sv,
        action_en=action.en,
        link=link,
        contacts=contacts,
        contact_can_act=can_act,
        referral=definition.referral is not None and definition.referral.state == state.name,
        role_sv=role.sv if role else "",
        role_en=role.en if role else "",
        late_sv=state.late.sv if state.late else "",
        late_en=state.late.en if state.late else "",
        questions=context.questions.get(view.item_code, ()) if link is None and view.rung == OPENED else (),
    )


def _role_told(
    uow: UnitOfWork,
    definition: WorkflowDefinition,
    state: StateDef,
    org: Organisation | None,
    view: NoticeView,
    context: LineContext,
) -> Label | None:
    """The role in which the reader gets an escalation: the first of the rung's recipients they hold there."""
    ladder = state.ladder_for(org.kind) if org else None
    rung = next((rung for rung in ladder.rungs() if rung.name == view.rung), None) if ladder else None
    serves_in = context.org(uow, view.recipient_org_code) if view.recipient_org_code else None
    if rung is None or serves_in is None:
        return None
    roles = [
        definition.responsible.get(serves_in.kind) if recipient.role == RESPONSIBLE else recipient.role
        for recipient in rung.recipients
    ]
    held = [role for role in dict.fromkeys(r for r in roles if r) if context.holds(uow, serves_in, role)]
    return next((definition.roles.get(role, Label(role, role)) for role in held), None)


def _steps(definition: WorkflowDefinition, state: StateDef, kind: str | None) -> list[EventDef]:
    """The steps a person may take from ``state`` at an organisation of ``kind`` that carry the work on."""
    ending = {name for name, s in definition.states.items() if s.final and not s.goal}
    return [
        event
        for event in definition.events
        if not event.internal
        and state.name in event.sources
        and (kind is None or kind in event.at)
        and not set(event.targets) <= ending
    ]


def _action_from(events: list[EventDef], state: StateDef) -> Label:
    """For a definition that declares no ``action``: its steps' names ("Lämna remissvar eller Avstå …")."""
    if not events:
        return state.label
    names = list(dict.fromkeys(event.label for event in events))
    return Label(
        " eller ".join([names[0].sv, *(name.sv[:1].lower() + name.sv[1:] for name in names[1:])]),
        " or ".join([names[0].en, *(name.en[:1].lower() + name.en[1:] for name in names[1:])]),
    )


def _contacts(
    uow: UnitOfWork,
    definition: WorkflowDefinition,
    org: Organisation,
    events: list[EventDef],
    escalated: bool,
    context: LineContext,
) -> tuple[tuple[Contact, ...], bool]:
    """Whom the line names, and whether they can take the step on the recipient's behalf."""
    above = context.above(uow, org)
    if escalated:
        role = definition.responsible.get(org.kind)
        found = _people(uow, definition, org, role, context) if role else ()
        if found:
            return found, False
    for event in events:
        for rule in event.by:
            if rule.at_kind is None:
                continue
            target = next((a for a in above if a.kind == rule.at_kind), None)
            found = _people(uow, definition, target, rule.role, context) if target else ()
            if found:
                return found, True
    for ancestor in above:
        # Its responsible role, then the roles the workflow lets act from there ("sekreterare@lpo"), then any.
        acting = [rule.role for event in definition.events for rule in event.by if rule.at_kind == ancestor.kind]
        roles = [definition.responsible.get(ancestor.kind), *acting, *definition.roles]
        for role in dict.fromkeys(r for r in roles if r):
            found = _people(uow, definition, ancestor, role, context)
            if found:
                return found, False
    return (), False


def _people(
    uow: UnitOfWork, definition: WorkflowDefinition, org: Organisation, role: str, context: LineContext
) -> tuple[Contact, ...]:
    label = definition.roles.get(role, Label(role, role))
    return tuple(
        Contact(person.name, person.email, label.sv, label.en, org.name)
        for person in context.holders(uow, org, role)[:MAX_CONTACTS]
    )
