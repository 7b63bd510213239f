"""The JSON API (``/api/v1/…``) for the regions' own systems: the same objects as the command line's ``--json``.

A script authenticates with a personal API token (``Authorization: Bearer
…``); a signed-in browser may read with its session cookie, but may not write
through the API with it (a form elsewhere could otherwise make the browser do
so: CSRF). Refusals are ``{"error": "<one sentence>"}`` with the status of
:mod:`kgflow.web.errors`. OpenAPI describes it at ``/openapi.json``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kgflow.domain.errors import KgflowError
from kgflow.domain.model import Person
from kgflow.domain.wording import t
from kgflow.web.auth import SESSION_COOKIE, session_token
from kgflow.web.context import web
from kgflow.web.errors import status_of

router = APIRouter(prefix="/api/v1", tags=["kgflow"])


class ApiRefused(Exception):
    """A request the API answers with a status and one sentence."""

    def __init__(self, status: int, sentence: str) -> None:
        super().__init__(sentence)
        self.status = status


def refusal(status: int, sentence: str) -> JSONResponse:
    """``{"error": sentence}`` with ``status``."""
    return JSONResponse({"error": sentence}, status_code=status)


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def caller(request: Request) -> Person:
    """The person behind an API request: their token, else (for reading) their session.

    Raises:
        ApiRefused: 401 for no one, 403 for a write made with a session cookie.
    """
    from kgflow.service.sign_in import api_token_person, session_person

    kgflow = web(request)
    token = _bearer(request)
    if token is not None:
        person = api_token_person(kgflow.services, token)
        if person is None:
            raise ApiRefused(401, str(t("API-nyckeln gäller inte (felskriven eller återkallad).")))
        return person
    session = session_token(kgflow.secret, request.cookies.get(SESSION_COOKIE))
    person = session_person(kgflow.services, session) if session else None
    if person is None:
        raise ApiRefused(401, str(t("Logga in, eller skicka en API-nyckel: Authorization: Bearer NYCKEL.")))
    if request.method not in ("GET", "HEAD"):
        raise ApiRefused(403, str(t("Ändringar genom API:t kräver en API-nyckel, inte webbläsarens inloggning.")))
    return person


Caller = Annotated[Person, Depends(caller)]


@router.get("/health", summary="Servern svarar")
def health() -> dict[str, str]:
    """``{"status": "ok"}`` while the server runs (for a load balancer)."""
    return {"status": "ok"}


@router.get("/todo", summary="Det som väntar på den inloggade (som kgflow todo --json)")
def todo(request: Request, me: Caller, org: str | None = None, item: str | None = None, late: bool = False) -> Any:
    """Every open step the caller may take, most urgent first."""
    from kgflow.service.todo import todo as waiting_for

    found = waiting_for(web(request).services, me.code, item=item, org=org, late=late)
    return [entry.as_json() for entry in found.waiting]


@router.get("/status", summary="Var ärendena står (som kgflow status --json)")
def status(
    request: Request,
    me: Caller,
    item: str | None = None,
    org: str | None = None,
    late: bool = False,
    open: bool = False,
    state: str | None = None,
) -> Any:
    """Instances of one item or all, at an organisation and below, or everywhere."""
    from kgflow.service.queries import status as status_of_items

    lines = status_of_items(web(request).services, item, org, late=late, open_only=open, state=state)
    return [line.as_json() for line in lines]


@router.get("/history/{item}/{org}", summary="Ett ärendes historik (som kgflow history --json)")
def history(request: Request, me: Caller, item: str, org: str) -> Any:
    """Every recorded step of an item at an organisation, oldest first."""
    from kgflow.service.queries import history as history_of

    _subject, lines = history_of(web(request).services, item, org)
    return [line.as_json() for line in lines]


@router.get("/items", summary="Kunskapsstöden (som kgflow item list --json)")
def items(request: Request, me: Caller) -> Any:
    """Every item with its versions and where its instances stand."""
    from kgflow.service.items import list_items

    return [summary.as_json() for summary in list_items(web(request).services)]


@router.get("/orgs", summary="Organisationerna (som kgflow org list --json)")
def orgs(request: Request, me: Caller, kind: str | None = None, under: str | None = None) -> Any:
    """Organisations, of one kind and/or below one."""
    from kgflow.service.organisations import list_orgs

    return [org.as_json() for org in list_orgs(web(request).services, kind=kind, under=under)]


class Step(BaseModel):
    """A step to take, as ``kgflow advance ITEM ORG EVENT`` takes it."""

    item: str
    org: str
    event: str
    ref: str | None = None
    note: str | None = None
    values: dict[str, str] = Field(default_factory=dict, description="Som --set key=value")
    force: bool = False
    expect_state: str | None = None


@router.post("/advance", summary="Ta ett steg (som kgflow advance --json)")
def advance(request: Request, me: Caller, step: Step) -> Any:
    """Take a step as the token's person; refused in one sentence, nothing changed."""
    from kgflow.service.advance import AdvanceRequest
    from kgflow.service.advance import advance as take
    from kgflow.service.hold import HOLD_STEPS, take_hold_step

    values = tuple(f"{key}={value}" for key, value in step.values.items())
    asked = AdvanceRequest(
        step.item, step.org, step.event, me.code, step.ref, step.note, values, step.force, step.expect_state
    )
    if step.event.strip().lower() in HOLD_STEPS:  # priority and hold (R16): the same service as the CLI's
        return take_hold_step(web(request).services, asked).as_json()
    return take(web(request).services, asked).as_json()


def api_error(error: KgflowError) -> JSONResponse:
    """A kgflow refusal as the API says it."""
    return refusal(status_of(error), str(error))
