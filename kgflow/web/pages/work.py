"""The work waiting: Mina ärenden, the page of one instance, and taking a step from its form.

A step is taken by the same service as ``kgflow advance``, as the signed-in
person; a refusal re-renders the instance page with its one sentence and the
right status, and nothing has changed. A successful step redirects (303) to
the instance page, so reloading it does not take the step twice; the form's
``expect_state`` makes a form left open while someone else took the step
refuse instead of acting on what is no longer true.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kgflow.domain.errors import KgflowError
from kgflow.web.auth import Visitor, visitor
from kgflow.web.context import web
from kgflow.web.errors import status_of
from kgflow.web.rendering import page

router = APIRouter(include_in_schema=False)  # pages, not the API
SHOWN = 40
"""Mina ärenden shows every step at the person's own organisations, and this many of those below them."""


@router.get("/", response_class=HTMLResponse)
def start(who: Annotated[Visitor, Depends(visitor)]) -> Response:
    """Mina ärenden for a signed-in person, else the sign-in page."""
    return RedirectResponse("/mina-arenden" if who.person else "/logga-in", status_code=303)


@router.get("/mina-arenden", response_class=HTMLResponse)
def mine(
    request: Request,
    who: Annotated[Visitor, Depends(visitor)],
    org: str | None = None,
    item: str | None = None,
    late: bool = False,
) -> Response:
    """What waits for the signed-in person (``kgflow todo``), with the form of every step they may take."""
    from kgflow.service.todo import todo

    person = who.signed_in()
    found = todo(web(request).services, person.code, item=item or None, org=org or None, late=late)
    own = {held.org.code for held in found.roles}
    at_own = [entry for entry in found.waiting if entry.row.org in own]
    below = [entry for entry in found.waiting if entry.row.org not in own]
    context = {
        "found": found,
        "at_own": at_own,
        "below": below[:SHOWN],
        "below_all": len(below),
        "org": org or "",
        "item": item or "",
        "late": late,
    }
    return page(request, who, "mine.html", context)


@router.get("/arende/{item}/{org}", response_class=HTMLResponse)
def instance(request: Request, item: str, org: str, who: Annotated[Visitor, Depends(visitor)]) -> Response:
    """Where an item stands at an organisation, its history, and what can be done now, by whom."""
    person = who.signed_in()
    return _instance_page(request, who, person.code, item, org)


@router.post("/arende/{item}/{org}/{event}", response_class=HTMLResponse)
async def take_step(request: Request, item: str, org: str, event: str) -> Response:
    """Take a step from its form, as the signed-in person."""
    from starlette.concurrency import run_in_threadpool

    form = {key: value for key, value in (await request.form()).items() if isinstance(value, str)}
    return await run_in_threadpool(_take_step, request, item, org, event, form)


def _take_step(request: Request, item: str, org: str, event: str, form: dict[str, str]) -> Response:
    from kgflow.service.advance import advance
    from kgflow.service.todo import todo
    from kgflow.web.forms import advance_request

    who = visitor(request)
    person = who.signed_in()
    services = web(request).services
    try:
        who.check(form.get("csrf"))
        waiting = todo(services, person.code, item=item, org=org).waiting
        mine = next((entry for entry in waiting if entry.row.org == org), None)
        step = next((s for s in mine.steps if s.event == event), None) if mine else None
        advance(services, advance_request(item, org, event, form, person.code, step))
    except KgflowError as error:
        return _instance_page(request, who, person.code, item, org, error=error, form=form, tried=event)
    return RedirectResponse(f"/arende/{item}/{org}?klart={event}", status_code=303)


def _instance_page(
    request: Request,
    who: Visitor,
    actor: str,
    item: str,
    org: str,
    *,
    error: KgflowError | None = None,
    form: dict[str, str] | None = None,
    tried: str | None = None,
) -> Response:
    from kgflow.service.standing import standing

    try:
        found = standing(web(request).services, actor, item, org)
    except KgflowError as missing:
        return page(request, who, "error.html", {"error": str(missing)}, status_of(missing))
    done = request.query_params.get("klart") if error is None else None
    context = {
        "standing": found,
        "error": str(error) if error else None,
        "form": form or {},
        "tried": tried,
        "done": found.events.get(done) if done else None,
    }
    return page(request, who, "instance.html", context, status_of(error) if error else 200)
