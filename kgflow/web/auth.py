"""Who is asking: the signed session cookie, the personal API token, and the CSRF token of every form.

The session cookie holds a random session token, signed with the database's
web secret (:func:`kgflow.service.sign_in.web_secret`, the same for every
server process); the database says whether the session is still live, so a
cookie replayed after sign-out is worth nothing. Forms carry a CSRF token: for
a signed-in person an HMAC of their session, before sign-in an HMAC of a random
nonce kept in a cookie of its own (a signed double submit).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from hashlib import sha256

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer

from kgflow.domain.errors import NotAuthorised
from kgflow.domain.model import Person
from kgflow.domain.wording import t
from kgflow.web.context import web

SESSION_COOKIE = "kgflow_session"
NONCE_COOKIE = "kgflow_csrf"
_SESSION_SALT = "kgflow-session"


def session_cookie(secret: bytes, token: str) -> str:
    """The cookie value that carries a session token, signed so that it cannot be forged or altered."""
    return str(URLSafeSerializer(secret, salt=_SESSION_SALT).dumps(token))


def session_token(secret: bytes, cookie: str | None) -> str | None:
    """The session token in a cookie, or None when there is none or its signature is wrong."""
    if not cookie:
        return None
    try:
        token = URLSafeSerializer(secret, salt=_SESSION_SALT).loads(cookie)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None


def csrf_token(secret: bytes, purpose: str, value: str) -> str:
    """The CSRF token bound to a session (``purpose`` "session") or to a sign-in nonce ("nonce")."""
    return hmac.new(secret, f"{purpose}:{value}".encode(), sha256).hexdigest()


class SignInNeeded(Exception):
    """A page needs a signed-in person; the visitor is sent to the sign-in page."""


class CsrfRefused(NotAuthorised):
    """A form came without the token of the page that made it."""


@dataclass(frozen=True)
class Visitor:
    """The person behind a request (None before sign-in), their session and the CSRF token for their forms."""

    person: Person | None
    session: str | None
    csrf: str
    nonce: str | None = None
    """A new sign-in nonce to set as a cookie (forms shown before sign-in)."""

    def signed_in(self) -> Person:
        """The person, or a redirect to sign-in.

        Raises:
            SignInNeeded: before sign-in.
        """
        if self.person is None:
            raise SignInNeeded
        return self.person

    def check(self, submitted: str | None) -> None:
        """Refuse a form whose CSRF token is missing or is not this visitor's.

        Raises:
            CsrfRefused: with one sentence.
        """
        if not submitted or not hmac.compare_digest(submitted, self.csrf):
            raise CsrfRefused(
                t("Formuläret saknar sin säkerhetskod eller kommer från en annan sida; ladda om sidan och försök igen.")
            )


def visitor(request: Request) -> Visitor:
    """Who is asking, read from the cookies (a FastAPI dependency)."""
    from kgflow.service.sign_in import session_person

    kgflow = web(request)
    secret = kgflow.secret
    token = session_token(secret, request.cookies.get(SESSION_COOKIE))
    person = session_person(kgflow.services, token) if token else None
    if person is not None and token is not None:
        return Visitor(person, token, csrf_token(secret, "session", token))
    nonce = request.cookies.get(NONCE_COOKIE)
    if nonce and len(nonce) <= 64:
        return Visitor(None, None, csrf_token(secret, "nonce", nonce))
    fresh = secrets.token_urlsafe(24)
    return Visitor(None, None, csrf_token(secret, "nonce", fresh), nonce=fresh)


def secure(request: Request) -> bool:
    """Cookies are marked Secure when the request came over TLS (directly or through the proxy)."""
    return request.url.scheme == "https"
