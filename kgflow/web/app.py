"""The web application: the pages, the JSON API, the style sheet, and how a refusal or a missing sign-in is answered.

``create_app`` is given the assembled kgflow (:mod:`kgflow.bootstrap`) and
builds a FastAPI application around it; nothing else is kept between
requests. FastAPI's own documentation pages are off: they load their scripts
from a CDN. The OpenAPI description is at ``/openapi.json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kgflow import __version__
from kgflow.domain.errors import KgflowError
from kgflow.domain.wording import t
from kgflow.web.api import ApiRefused, api_error, refusal
from kgflow.web.auth import SignInNeeded, secure, visitor
from kgflow.web.context import WebContext
from kgflow.web.errors import status_of
from kgflow.web.rendering import Language, page

if TYPE_CHECKING:
    from kgflow.bootstrap import Application

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "referrer-policy": "no-referrer",  # a sign-in link's token never travels on in a Referer
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
}


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def page_of_form(path: str) -> str:
    """The page a form posted to ``path`` came from: after signing in again, a person goes back there (a GET).

    A step's form posts to ``/arende/ITEM/ORG/EVENT``, which only takes POST; sent there after signing in,
    the browser would be answered 405. Other forms come from the page of their own path, else Mina ärenden.
    """
    parts = path.split("/")
    if len(parts) == 5 and parts[1] == "arende":
        return "/".join(parts[:4])
    if len(parts) == 4 and parts[1] == "uppfoljning":  # a follow-up form posts to its own page
        return path
    return "/api-nycklar" if path.startswith("/api-nycklar") else "/mina-arenden"


def create_app(application: Application) -> FastAPI:
    """kgflow on the web, around the assembled ``application``."""
    from importlib.resources import files

    from kgflow.web.api import router as api
    from kgflow.web.pages import browse, docs, follow_up, plans, sign_in, tokens, work

    app = FastAPI(
        title="kgflow",
        version=__version__,
        description="Kunskapsstyrningens arbetsflöden: det som väntar, var ärendena står, och stegen att ta.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.kgflow = WebContext(application)
    routers = (sign_in.router, work.router, follow_up.router, browse.router, plans.router, tokens.router, docs.router)
    for router in (*routers, api):
        app.include_router(router)
    app.add_middleware(Language)

    @app.get("/stil.css", include_in_schema=False)
    def style() -> Response:
        from kgflow.reports.templating import asset

        web_css = files("kgflow.web").joinpath("static", "web.css").read_text(encoding="utf-8")
        return Response(asset("style.css") + web_css, media_type="text/css", headers={"cache-control": "max-age=3600"})

    @app.get("/sprak/{code}", include_in_schema=False)
    def choose_language(request: Request, code: str, next: str | None = None) -> Response:
        from kgflow.web.pages.sign_in import local_path
        from kgflow.web.rendering import LANGUAGE_COOKIE, LANGUAGES

        response = RedirectResponse(local_path(next), status_code=303)
        if code in LANGUAGES:
            response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 86400, samesite="lax", secure=secure(request))
        return response

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith(("/static/", "/dokumentation/")):
            response.headers.setdefault("cache-control", "no-store")
        return response

    @app.exception_handler(SignInNeeded)
    def sign_in_needed(request: Request, _error: SignInNeeded) -> Response:
        if _api(request):
            return refusal(401, str(t("Logga in, eller skicka en API-nyckel: Authorization: Bearer NYCKEL.")))
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method not in ("GET", "HEAD"):
            wanted = page_of_form(request.url.path)
        return RedirectResponse(f"/logga-in?next={quote(wanted, safe='/')}", status_code=303)

    @app.exception_handler(ApiRefused)
    def api_refused(_request: Request, error: ApiRefused) -> Response:
        return refusal(error.status, str(error))

    @app.exception_handler(KgflowError)
    def refused(request: Request, error: KgflowError) -> Response:
        if _api(request):
            return api_error(error)
        return page(request, visitor(request), "error.html", {"error": str(error)}, status_of(error))

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> Response:
        # Starlette's own answers (no such address, a method the address does not take) in Swedish, not
        # {"detail": "Not Found"}: a page for a person, {"error": sentence} for the API.
        if error.status_code == 404:
            sentence = str(t("Det finns ingen sida med den adressen; börja från Mina ärenden."))
        elif error.status_code == 405:
            sentence = str(t("Adressen tar inte emot begäran på det sättet; gå tillbaka till sidan och försök igen."))
        else:
            sentence = str(t("Begäran kunde inte tas emot ({status}).", status=error.status_code))
        if _api(request):
            return refusal(error.status_code, sentence)
        return page(request, visitor(request), "error.html", {"error": sentence}, error.status_code)

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, error: RequestValidationError) -> Response:
        fields = ", ".join(str(part["loc"][-1]) for part in error.errors() if part.get("loc"))
        sentence = str(t("Begäran har ett värde som inte går att läsa ({fields}).", fields=fields))
        if _api(request):
            return refusal(422, sentence)
        return page(request, visitor(request), "error.html", {"error": sentence}, 422)

    return app
