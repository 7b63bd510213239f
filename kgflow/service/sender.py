"""The address mail comes from when ``KGFLOW_MAIL_FROM`` is not set: kgflow at the top of the chain's domain.

A made-up sender (``kgflow@kgflow.invalid``) is refused by most mail relays and
tells a reader nothing. So, unless one is configured, kgflow sends as
``kgflow@DOMAIN``, DOMAIN being the e-mail domain of the people who answer for
the top organisation — the organisation without a parent that has the most
organisations under it (the NPO in the sample), and there the holders of the
role the workflows name as responsible (its samordnare), the same people a
checkpoint is mailed to. With no one there, the made-up sender stays.
"""

from __future__ import annotations

from collections import Counter

from kgflow.domain.addresses import checked_address
from kgflow.domain.errors import UsageError
from kgflow.service.checkpoints import recipients
from kgflow.service.context import Services


def default_sender(services: Services) -> str | None:
    """``kgflow@DOMAIN`` for the top organisation's responsible people, or None when there are none."""
    with services.uow() as uow:
        organisations = uow.orgs.list()
    size = Counter(org.path[0] for org in organisations if org.path)
    roots = {org.name: size[org.id] for org in organisations if org.parent_id is None}
    people = sorted(recipients(services), key=lambda r: (-roots.get(r.organisation, 0), r.person.code))
    for who in people:
        domain = who.person.email.rpartition("@")[2]
        try:
            return checked_address(f"kgflow@{domain}")
        except UsageError:
            continue  # an address kgflow did not check when it was entered; try the next person
    return None
