"""An implementation and communication plan in the web app (R19): the activities, and marking one.

``/plan/{item}/{lpo}`` shows the plan of an item at an LPO as ``kgflow plan
show`` does, with a form per activity for marking it planerad, genomförd or
inställd with a note. Marking goes through the same service as ``kgflow plan
mark``, as the signed-in person: the LPO's sekreterare or ordförande, or the
person the activity's genomförande names. A refusal re-renders the page with
its sentence and status, and nothing changed; a mark redirects (303) back to
the page, so reloading it does not mark twice. ``/plan/{item}/{lpo}.xlsx``
downloads the plan as the spreadsheet ``kgflow plan export`` writes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kgflow.domain.errors import KgflowError
from kgflow.domain.plans import plan_path
from kgflow.web.auth import Visitor, visitor
from kgflow.web.context import web
from kgflow.web.errors import status_of
from kgflow.web.rendering import page

router = APIRouter(include_in_schema=False)


@router.get("/plan/{item}/{lpo}", response_class=HTMLResponse)
def plan(request: Request, item: str, lpo: str, who: Annotated[Visitor, Depends(visitor)]) -> Response:
    """The plan's activities with their tidplan and status, and a form to mark each."""
    who.signed_in()
    return _plan_page(request, who, item, lpo)


@router.post("/plan/{item}/{lpo}/{number}", response_class=HTMLResponse)
async def mark(request: Request, item: str, lpo: str, number: int) -> Response:
    """Mark one activity from its form, as the signed-in person."""
    from starlette.concurrency import run_in_threadpool

    form = {key: value for key, value in (await request.form()).items() if isinstance(value, str)}
    return await run_in_threadpool(_mark, request, item, lpo, number, form)


def _mark(request: Request, item: str, lpo: str, number: int, form: dict[str, str]) -> Response:
    from kgflow.service.plans import mark_activity

    who = visitor(request)
    person = who.signed_in()
    try:
        who.check(form.get("csrf"))
        note = form.get("note", "").strip() or None
        mark_activity(web(request).services, item, lpo, number, form.get("status", ""), note, actor=person.code)
    except KgflowError as error:
        return _plan_page(request, who, item, lpo, error=error, tried=number, form=form)
    return RedirectResponse(f"{plan_path(item, lpo)}?klart={number}#aktivitet-{number}", status_code=303)


def _plan_page(
    request: Request,
    who: Visitor,
    item: str,
    lpo: str,
    *,
    error: KgflowError | None = None,
    tried: int | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    from kgflow.domain.plans import ActivityStatus
    from kgflow.service.plans import show_plan

    try:
        shown = show_plan(web(request).services, item, lpo)
    except KgflowError as missing:
        return page(request, who, "error.html", {"error": str(missing)}, status_of(missing))
    done = request.query_params.get("klart") if error is None else None
    context = {
        "plan": shown,
        "statuses": list(ActivityStatus),
        "error": str(error) if error else None,
        "tried": tried,
        "form": form or {},
        "done": int(done) if done and done.isdigit() else None,
    }
    return page(request, who, "plan.html", context, status_of(error) if error else 200)
