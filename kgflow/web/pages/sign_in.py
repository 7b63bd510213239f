"""Signing in without a password: ask for a link, open it, press "Logga in"; and signing out.

Asking for a link says the same thing whether the address is known or not,
and is limited per address and per client (counted in the database, so every
server process counts alike). The link's page only shows a button: a mail
scanner that opens the link does not use it up; pressing it spends the link
and opens a session.
"""

from __future__ import annotations

import logging
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kgflow.domain.errors import KgflowError
from kgflow.web.auth import SESSION_COOKIE, Visitor, secure, session_cookie, visitor
from kgflow.web.context import web
from kgflow.web.errors import status_of
from kgflow.web.rendering import page

router = APIRouter(include_in_schema=False)  # pages, not the API
log = logging.getLogger("kgflow.web")
START = "/mina-arenden"


def local_path(next_path: str | None) -> str:
    """Where to go after signing in: a path on this site only (never another site), else Mina ärenden."""
    if not next_path or not next_path.startswith("/") or next_path.startswith("//") or "\\" in next_path:
        return START
    return next_path


def client_of(request: Request) -> str:
    """The client's address, as the rate limit counts it."""
    return request.client.host if request.client else "okänd"


@router.get("/logga-in", response_class=HTMLResponse)
def ask_for_link(request: Request, who: Annotated[Visitor, Depends(visitor)], next: str | None = None) -> Response:
    """The sign-in page: an address to send a link to."""
    if who.person is not None:
        return RedirectResponse(local_path(next), status_code=303)
    return page(request, who, "sign_in.html", {"next": local_path(next)})


@router.post("/logga-in", response_class=HTMLResponse)
def send_link(
    request: Request,
    who: Annotated[Visitor, Depends(visitor)],
    email: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """Send a link to a known address; say the same thing for any address."""
    from kgflow.service.sign_in import request_link
    from kgflow.service.sign_in_mail import send_sign_in_link

    kgflow = web(request)
    context = {"next": local_path(next), "email": email}
    try:
        who.check(csrf)
        issued = request_link(kgflow.services, email, client_of(request))
    except KgflowError as error:
        return page(request, who, "sign_in.html", {**context, "error": str(error)}, status_of(error))
    if issued is not None:
        base = kgflow.web_url or str(request.base_url).rstrip("/")
        link = f"{base}/logga-in/{issued.token}?next={quote(local_path(next), safe='/')}"
        try:
            send_sign_in_link(kgflow.mail, issued, link, kgflow.services.clock.now())
        except KgflowError as error:
            log.error("%s", error)  # the page says the same either way, or it would tell the address exists
    from kgflow.domain.sign_in import LINK_LIFETIME

    return page(request, who, "link_sent.html", {**context, "minutes": int(LINK_LIFETIME.total_seconds() // 60)})


@router.get("/logga-in/{token}", response_class=HTMLResponse)
def confirm(
    request: Request, token: str, who: Annotated[Visitor, Depends(visitor)], next: str | None = None
) -> Response:
    """The link's page: one button that signs in (opening the link alone spends nothing)."""
    return page(request, who, "confirm.html", {"token": token, "next": local_path(next)})


@router.post("/logga-in/{token}", response_class=HTMLResponse)
def use(
    request: Request,
    token: str,
    who: Annotated[Visitor, Depends(visitor)],
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """Spend the link, open a session and go where the person was going."""
    from kgflow.service.sign_in import use_link

    kgflow = web(request)
    context = {"token": token, "next": local_path(next)}
    try:
        who.check(csrf)
    except KgflowError as error:
        return page(request, who, "confirm.html", {**context, "error": str(error)}, 403)
    try:
        session = use_link(kgflow.services, token)
    except KgflowError as error:  # used, expired or never issued: the same sentence, nothing learned
        return page(request, who, "confirm.html", {**context, "error": str(error), "spent": True}, 400)
    response = RedirectResponse(local_path(next), status_code=303)
    seconds = max(60, int((session.expires - kgflow.services.clock.now()).total_seconds()))
    response.set_cookie(
        SESSION_COOKIE,
        session_cookie(kgflow.secret, session.token),
        max_age=seconds,
        httponly=True,
        samesite="lax",
        secure=secure(request),
    )
    return response


@router.post("/logga-ut")
def sign_out(
    request: Request, who: Annotated[Visitor, Depends(visitor)], csrf: Annotated[str, Form()] = ""
) -> Response:
    """End the session in the database (a copy of the cookie is then worth nothing) and forget the cookie."""
    from kgflow.service.sign_in import end_session

    if who.session is not None:
        try:
            who.check(csrf)
        except KgflowError as error:
            return page(request, who, "error.html", {"error": str(error)}, 403)
        end_session(web(request).services, who.session)
    response = RedirectResponse("/logga-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax", secure=secure(request))
    return response
