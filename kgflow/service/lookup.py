"""Finding what a command names — items, organisations, people — or saying it is not there and what is near."""

from __future__ import annotations

import unicodedata

from kgflow.domain.authority import Actor
from kgflow.domain.errors import NotFound, UsageError
from kgflow.domain.model import Item, Organisation
from kgflow.domain.wording import t
from kgflow.service.identity import acting_ref
from kgflow.service.naming import find_person, item_not_found, org_not_found
from kgflow.service.ports import Subject, UnitOfWork

__all__ = ["actor_named", "find_actor", "find_area", "find_item", "find_org", "find_person", "find_subject"]


def _plain(text: str) -> str:
    """``Äldres hälsa`` → ``aldres-halsa``: how a programområde's name reads as its code."""
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in ascii_text).split())


def find_area(uow: UnitOfWork, ref: str) -> str:
    """The code of the programområde ``ref`` names: its code, its name ("äldres hälsa") or its NPO's name.

    Raises:
        UsageError: naming the programområden there are.
    """
    known = uow.orgs.areas()
    wanted = ref.strip()
    for code, npo_name in known:
        if _plain(wanted) == code or wanted.casefold() == npo_name.casefold():
            return code
    names = ", ".join(f"{code} ({npo_name})" for code, npo_name in known) or t("inga")
    raise UsageError(t("Det finns inget programområde {area!r}; de som finns är: {known}.", area=wanted, known=names))


def find_item(uow: UnitOfWork, ref: str) -> Item:
    """An item by code.

    Raises:
        NotFound: naming the code and the nearest items (or where to look).
    """
    found = uow.items.find(ref)
    if found is None:
        raise item_not_found(uow, ref)
    return found


def find_org(uow: UnitOfWork, ref: str) -> Organisation:
    """An organisation by code, municipality code, formal name or short name.

    Raises:
        NotFound: naming the reference and the nearest organisations (or where to look).
    """
    found = uow.orgs.find(ref)
    if found is None:
        raise org_not_found(uow, ref)
    return found


def find_actor(uow: UnitOfWork, ref: str | None, *, as_of_another_date: bool = False) -> Actor:
    """The person acting (the database login, or ``--as``/``KGFLOW_USER``), with their roles.

    Raises:
        UsageError: when nobody is named.
        NotFound: when the person is unknown.
        NotAuthorised: when the login may not act as the person named.
    """
    return actor_named(uow, acting_ref(uow, ref, as_of_another_date=as_of_another_date))


def actor_named(uow: UnitOfWork, ref: str | None) -> Actor:
    """The person ``ref`` names — a code, an e-mail address or a full name — with their roles.

    ``ref`` is already checked by :func:`acting_ref`. A code or an address is
    one query; a name costs one more, to find whose it is.

    Raises:
        UsageError: when nobody is named, or a name several people share.
        NotFound: when the person is unknown (suggesting the nearest).
    """
    if not ref:
        raise UsageError(t("Säg vem du är med --as PERSON (eller sätt KGFLOW_USER)."))
    found = uow.people.find_with_roles(ref)
    if found is None:
        found = uow.people.find_with_roles(find_person(uow, ref).code)
    if found is None:  # removed between the two reads
        raise NotFound(t("person"), ref)
    somebody, roles = found
    return Actor(somebody, tuple(roles))


def find_subject(uow: UnitOfWork, item_ref: str, org_ref: str) -> Subject:
    """The instance of an item at an organisation.

    Raises:
        NotFound: when the item, the organisation, or the instance does not exist.
    """
    fast = uow.instances.subject_by_codes(item_ref.strip().lower(), org_ref.strip().lower())
    if fast is not None:
        return fast
    item = find_item(uow, item_ref)
    org = find_org(uow, org_ref)
    subject = uow.instances.subject(item.id, org.id)
    if subject is None:
        raise NotFound(
            t("ärende"),
            f"{item.code} vid {org.code}",
            sentence=t(
                "{title} har inte nått {org}: det har inte skickats på remiss dit.", title=item.title, org=org.name
            ),
            neuter=True,
        )
    return subject
