"""Pages as HTML: the templates, the language a visitor reads, and the response that carries a page.

The templates live in ``kgflow/web/templates`` beside the documentation
site's (``kgflow/reports/templates``), whose look and words they share; they
are Swedish and speak English through the same catalogue
(:mod:`kgflow.domain.wording`). The language is the visitor's choice (a
cookie set by the link in the header), else Swedish.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader

from kgflow.domain.doors import through
from kgflow.domain.wording import language, speak
from kgflow.web.auth import NONCE_COOKIE, Visitor, secure

OPTIONAL: dict[str, Any] = {"error": None, "email": "", "spent": False, "made": None, "label": ""}
"""What a page may be given; templates are strict, so what is not given is said to be absent."""
LANGUAGE_COOKIE = "kgflow_sprak"
LANGUAGES = ("sv", "en")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def environment() -> Environment:
    """The web's templates in front of the site's, with the site's filters and words."""
    from kgflow.reports.history_text import event_text, local_time, values_text, who
    from kgflow.reports.templating import environment as site_environment
    from kgflow.reports.templating import rule_sv
    from kgflow.web.forms import controls

    env = site_environment(PackageLoader("kgflow.web", "templates"))
    env.filters["local_time"] = local_time
    env.globals.update(controls=controls, rule_sv=rule_sv, who=who, event_text=event_text, values_text=values_text)
    return env


def chosen_language(cookie: str | None) -> str:
    """The visitor's language: their choice (the link in every page's header), else Swedish.

    The browser's own preference is not asked: kgflow is a Swedish public
    service, and many a Swedish official's browser is set to English.
    """
    return str(cookie) if cookie in LANGUAGES else "sv"


class Language:
    """ASGI middleware: every request is rendered in its visitor's language and names a form's fields, not flags."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from kgflow.locale import translator

        request = Request(scope)
        code = chosen_language(request.cookies.get(LANGUAGE_COOKIE))
        with speak(code, translator(code)), through("web"):
            await self.app(scope, receive, send)


def page(
    request: Request, visitor: Visitor, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """A page for ``visitor``, with what every page shows (who is signed in, the CSRF token, the language)."""
    from kgflow.web.context import web

    values = {
        "request": request,
        "visitor": visitor,
        "lang": language(),
        "path": request.url.path,
        **OPTIONAL,
        **(context or {}),
    }
    html = web(request).templates.get_template(template).render(**values)
    response = HTMLResponse(html, status_code=status)
    if visitor.nonce is not None:
        response.set_cookie(NONCE_COOKIE, visitor.nonce, httponly=True, samesite="lax", secure=secure(request))
    return response
