"""Web sign-in without passwords: one-time links, sessions and personal API tokens, as use cases.

``request_link`` counts every request (known address or not) before it looks
the address up, so neither its answer nor its refusal tells whether an
address belongs to anyone. A link is spent once, by one conditional UPDATE,
and opens a session; the web layer signs the session token into a cookie with
:func:`web_secret`. Plain tokens are handed out once and never stored: the
database keeps their SHA-256 (:mod:`kgflow.domain.sign_in`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from kgflow.domain import sign_in as rules
from kgflow.domain.errors import NotAuthorised, NotFound, RateLimited, UsageError
from kgflow.domain.model import Person
from kgflow.domain.text import checked, refusal
from kgflow.domain.wording import t
from kgflow.service.context import Services
from kgflow.service.naming import find_person
from kgflow.service.ports import ApiTokenView

__all__ = [
    "ApiTokenView",
    "IssuedLink",
    "WebSession",
    "api_token_person",
    "api_tokens",
    "end_session",
    "issue_api_token",
    "request_link",
    "revoke_api_token",
    "session_person",
    "use_link",
    "web_secret",
]

ADDRESS_LIMIT = 254  # the longest e-mail address kgflow stores
CLIENT_LIMIT = 64
LABEL_LIMIT = 200


@dataclass(frozen=True)
class IssuedLink:
    """A sign-in link to e-mail: the plain token goes into the URL; only its SHA-256 is stored."""

    person: Person
    token: str
    expires: datetime


@dataclass(frozen=True)
class WebSession:
    """A session just opened: the web layer signs the plain token into the cookie."""

    person: Person
    token: str
    expires: datetime


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _client(client: str) -> str:
    """The client as it is counted: its address as text, or the digest of anything odd or long."""
    shown = client.strip()
    if not shown or len(shown) > CLIENT_LIMIT or refusal(shown, "client", CLIENT_LIMIT) is not None:
        return rules.token_hash(client)
    return shown


def _storable_address(address: str) -> str | None:
    """The address as it is looked up, or None for one no person can have (it is still counted)."""
    wanted = address.strip().lower()
    if not wanted or refusal(wanted, "address", ADDRESS_LIMIT) is not None:
        return None
    return wanted


def request_link(services: Services, address: str, client: str) -> IssuedLink | None:
    """Record the request and, for a known person's address, issue a sign-in link.

    Every accepted request is counted, known address or not; requests older
    than a day are deleted on the way.

    Returns:
        The link to e-mail, or None for an address that belongs to nobody.

    Raises:
        RateLimited: the address or the client has asked too often lately —
            decided before the address is looked up, so the refusal never
            tells whether it exists; nothing is recorded.
    """
    now = services.clock.now()
    hashed = rules.address_hash(address)
    counted_as = _client(client)
    with services.uow(write=True) as uow:
        counts = uow.sign_ins.count_requests(hashed, counted_as, rules.window_start(now))
        if rules.too_many(counts):
            raise RateLimited(t("För många begäranden om inloggningslänk på kort tid; försök igen om en stund."))
        uow.sign_ins.record_request(now, hashed, counted_as)
        uow.sign_ins.forget_requests(rules.forget_before(now))
        wanted = _storable_address(address)
        found = uow.people.find(wanted) if wanted is not None else None
        issued = None
        if found is not None and found.email == wanted:
            token = _new_token()
            expires = now + rules.LINK_LIFETIME
            uow.sign_ins.add_link(rules.token_hash(token), found.id, now, expires)
            issued = IssuedLink(found, token, expires)
        uow.commit()
    return issued


def use_link(services: Services, token: str) -> WebSession:
    """Spend a sign-in link, once, and open a session for its person.

    Raises:
        NotAuthorised: for a link that is unknown, already used or expired (one sentence for all three).
    """
    now = services.clock.now()
    with services.uow(write=True) as uow:
        found = uow.sign_ins.spend_link(rules.token_hash(token), now)
        if found is None:
            raise NotAuthorised(t("Inloggningslänken är okänd, redan använd eller för gammal; be om en ny länk."))
        session = _new_token()
        expires = now + rules.SESSION_LIFETIME
        uow.sign_ins.add_session(rules.token_hash(session), found.id, now, expires)
        uow.commit()
    return WebSession(found, session, expires)


def session_person(services: Services, token: str) -> Person | None:
    """The person of a live session (neither ended nor expired); None for any other token. Changes nothing."""
    with services.uow() as uow:
        return uow.sign_ins.session_person(rules.token_hash(token), services.clock.now())


def end_session(services: Services, token: str) -> None:
    """Sign out: the session ends now (an unknown or ended one stays as it is)."""
    with services.uow(write=True) as uow:
        uow.sign_ins.end_session(rules.token_hash(token), services.clock.now())
        uow.commit()


def issue_api_token(services: Services, person_code: str, label: str) -> str:
    """Make a personal API token for scripts; the plain token is returned once and never stored.

    Raises:
        UsageError: for an empty label, or one too long or with a character kgflow never stores.
        NotFound: for a person who does not exist.
    """
    shown = " ".join(label.split())
    if not shown:
        raise UsageError(t("Ge API-nyckeln en etikett, så att du känner igen den i listan."))
    checked(shown, t("Etiketten"), LABEL_LIMIT)
    token = _new_token()
    with services.uow(write=True) as uow:
        owner = find_person(uow, person_code)
        uow.sign_ins.add_api_token(rules.token_hash(token), owner.id, shown, services.clock.now())
        uow.commit()
    return token


def api_tokens(services: Services, person_code: str) -> list[ApiTokenView]:
    """A person's API tokens, revoked ones too, oldest first (never the tokens themselves).

    Raises:
        NotFound: for a person who does not exist.
    """
    with services.uow() as uow:
        return uow.sign_ins.api_tokens(find_person(uow, person_code).id)


def revoke_api_token(services: Services, person_code: str, token_id: int) -> None:
    """Revoke one of the person's own API tokens.

    Raises:
        NotFound: for a token that is not theirs (or does not exist); nothing changes.
    """
    with services.uow(write=True) as uow:
        owner = find_person(uow, person_code)
        if not uow.sign_ins.revoke_api_token(owner.id, token_id, services.clock.now()):
            raise NotFound(
                t("API-nyckel"),
                str(token_id),
                sentence=t("Du har ingen API-nyckel med nummer {number}.", number=token_id),
            )
        uow.commit()


def api_token_person(services: Services, token: str) -> Person | None:
    """The person of an unrevoked API token, noting when it was last used; None for any other token."""
    with services.uow(write=True) as uow:
        found = uow.sign_ins.use_api_token(rules.token_hash(token), services.clock.now())
        uow.commit()
    return found


def web_secret(services: Services) -> bytes:
    """The secret every web server process signs cookies and CSRF tokens with, made once and shared."""
    with services.uow() as uow:
        stored = uow.sign_ins.stored_secret()
    if stored is None:
        with services.uow(write=True) as uow:
            stored = uow.sign_ins.web_secret(secrets.token_hex(32), services.clock.now())
            uow.commit()
    return bytes.fromhex(stored)
