"""Personal API tokens, for a region's own scripts and systems: made with a label, shown once, revoked here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kgflow.domain.errors import KgflowError
from kgflow.web.auth import Visitor, visitor
from kgflow.web.context import web
from kgflow.web.errors import status_of
from kgflow.web.rendering import page

router = APIRouter(include_in_schema=False)  # pages, not the API


def _page(request: Request, who: Visitor, status: int = 200, **context: object) -> Response:
    from kgflow.service.sign_in import api_tokens

    person = who.signed_in()
    tokens = api_tokens(web(request).services, person.code)
    return page(request, who, "tokens.html", {"tokens": tokens, **context}, status)


@router.get("/api-nycklar", response_class=HTMLResponse)
def tokens(request: Request, who: Annotated[Visitor, Depends(visitor)]) -> Response:
    """The person's API tokens."""
    return _page(request, who)


@router.post("/api-nycklar", response_class=HTMLResponse)
def create(
    request: Request,
    who: Annotated[Visitor, Depends(visitor)],
    label: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Make a token; its text is shown on this page only, once."""
    from kgflow.service.sign_in import issue_api_token

    person = who.signed_in()
    try:
        who.check(csrf)
        made = issue_api_token(web(request).services, person.code, label)
    except KgflowError as error:
        return _page(request, who, status_of(error), error=str(error), label=label)
    return _page(request, who, made=made)


@router.post("/api-nycklar/{token_id}/aterkalla", response_class=HTMLResponse)
def revoke(
    request: Request, token_id: int, who: Annotated[Visitor, Depends(visitor)], csrf: Annotated[str, Form()] = ""
) -> Response:
    """Revoke one of the person's own tokens."""
    from kgflow.service.sign_in import revoke_api_token

    person = who.signed_in()
    try:
        who.check(csrf)
        revoke_api_token(web(request).services, person.code, token_id)
    except KgflowError as error:
        return _page(request, who, status_of(error), error=str(error))
    return RedirectResponse("/api-nycklar", status_code=303)
