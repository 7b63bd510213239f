"""Sending an item on remiss: ``kgflow refer ITEM --due DATE`` (R1, R2).

Referral is the workflow's referral event performed at the item's owner (the
NPO for national items); its ``fan_out`` effect creates every participant's
instance with cascading deadlines, all in one transaction.
"""

from __future__ import annotations

from kgflow.domain.errors import KgflowError
from kgflow.domain.fields import parse_date
from kgflow.domain.wording import t
from kgflow.faults import fault_point
from kgflow.service.advance import AdvanceRequest, AdvanceResult, perform
from kgflow.service.context import Services
from kgflow.service.lookup import find_actor, find_item


def refer(services: Services, item_ref: str, due: str, *, actor: str | None, note: str | None = None) -> AdvanceResult:
    """Refer an item to the whole chain below its owner, answers due on ``due``.

    Raises:
        KgflowError: with one sentence when the item cannot be referred now.
    """
    parse_date(due, "--due")
    with services.uow(write=True) as uow:
        person = find_actor(uow, actor, as_of_another_date=services.as_of_another_date)
        item = find_item(uow, item_ref)
        if item.owner_org_id is None:
            raise KgflowError(
                t("{title} har ingen ägande organisation att skicka det på remiss från.", title=item.title)
            )
        owner = uow.orgs.by_ids([item.owner_org_id])[item.owner_org_id]
        subject = uow.instances.subject(item.id, owner.id)
        if subject is None:
            raise KgflowError(t("{title} har inget ärende hos sin ägare {owner}.", title=item.title, owner=owner.name))
        workflow = services.catalogue.compiled(subject.instance.workflow, subject.instance.workflow_version, uow)
        referral = workflow.definition.referral
        if referral is None:
            raise KgflowError(
                t(
                    "Arbetsflödet {workflow} säger inte hur ett kunskapsstöd skickas på remiss.",
                    workflow=workflow.definition.name,
                )
            )
        request = AdvanceRequest(
            item.code, owner.code, referral.event, person.person.code, note=note, values=(f"due={due}",)
        )
        result = perform(services, uow, subject, person, request)
        fault_point("advance-before-commit")
        uow.commit()
    return result
