"""A follow-up round's answer form (R14): one page per round and organisation, for its signed-in contact person.

The form shows the round's questions per insatsområde, each as the control its
type asks for (yes/no, a scale, a number, a choice, a text). Posting it calls
the same service as ``kgflow uppfoljning answer``, as the signed-in person: a
refusal re-renders the form with its sentence and what was typed, and nothing
has changed; a recorded answer redirects (303) back to the page, which then
shows the answers given.
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

router = APIRouter(include_in_schema=False)


@router.get("/uppfoljning/{round_code}/{org}", response_class=HTMLResponse)
def form(request: Request, round_code: str, org: str, who: Annotated[Visitor, Depends(visitor)]) -> Response:
    """The answer form of a round for one organisation."""
    who.signed_in()
    return _form_page(request, who, round_code, org)


@router.post("/uppfoljning/{round_code}/{org}", response_class=HTMLResponse)
async def answer(request: Request, round_code: str, org: str) -> Response:
    """Record the answers from the form, as the signed-in person."""
    from starlette.concurrency import run_in_threadpool

    sent = {key: value for key, value in (await request.form()).items() if isinstance(value, str)}
    return await run_in_threadpool(_answer, request, round_code, org, sent)


def _answer(request: Request, round_code: str, org: str, sent: dict[str, str]) -> Response:
    from kgflow.service.follow_up_answers import answer_round

    who = visitor(request)
    person = who.signed_in()
    given = {key: value for key, value in sent.items() if key != "csrf"}
    try:
        who.check(sent.get("csrf"))
        answer_round(web(request).services, round_code, org, given, person.code)
    except KgflowError as error:
        return _form_page(request, who, round_code, org, error=error, sent=given)
    return RedirectResponse(f"/uppfoljning/{round_code}/{org}?klart=1", status_code=303)


def _form_page(
    request: Request,
    who: Visitor,
    round_code: str,
    org: str,
    *,
    error: KgflowError | None = None,
    sent: dict[str, str] | None = None,
) -> Response:
    from kgflow.service.follow_up_report import answer_sheet

    try:
        sheet = answer_sheet(web(request).services, round_code, org)
    except KgflowError as missing:
        return page(request, who, "error.html", {"error": str(missing)}, status_of(missing))
    context = {
        "sheet": sheet,
        "error": str(error) if error else None,
        "sent": sent if sent is not None else sheet.answers,
        "done": error is None and request.query_params.get("klart") == "1",
    }
    return page(request, who, "followup.html", context, status_of(error) if error else 200)
