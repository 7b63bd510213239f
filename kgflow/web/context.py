"""What every request is given: kgflow's services, its mail, the shared web secret and the templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from threading import Lock
from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from jinja2 import Environment

    from kgflow.bootstrap import Application
    from kgflow.service.context import Services
    from kgflow.service.mail import Mail


@dataclass
class WebContext:
    """Built once per server process from the assembled application; holds nothing that changes."""

    application: Application
    _lock: Lock = field(default_factory=Lock, repr=False)

    @property
    def services(self) -> Services:
        """The services (the database checked once to be at the newest schema)."""
        self.application.ensure_ready()
        return self.application.services

    @property
    def mail(self) -> Mail:
        """Where sign-in links go: the same transport as every other e-mail."""
        return self.application.mail

    @property
    def web_url(self) -> str | None:
        """``KGFLOW_WEB_URL``: the address people reach the server at (behind a proxy), if set."""
        return self.application.settings.mail.web_url

    @cached_property
    def secret(self) -> bytes:
        """The database's web secret: the same in every process, so any of them can read any cookie."""
        from kgflow.service.sign_in import web_secret

        with self._lock:
            return web_secret(self.services)

    @cached_property
    def templates(self) -> Environment:
        """The pages' templates, with the documentation site's look."""
        from kgflow.web.rendering import environment

        return environment()


def web(request: Request) -> WebContext:
    """The context of the app serving ``request``."""
    context: WebContext = request.app.state.kgflow
    return context
