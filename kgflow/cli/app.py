"""What the commands share through ``ctx.obj``: the global options and, lazily, kgflow itself."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from kgflow.bootstrap import Application
    from kgflow.config import Settings
    from kgflow.service.context import Services


class AppContext:
    """Holds the global options; builds the application on first use."""

    def __init__(self, db: str | None, actor: str | None, today: str | None) -> None:
        self._options = {"db": db, "actor": actor, "today": today}
        self._app: Application | None = None

    @property
    def settings(self) -> Settings:
        """Settings from the options and the environment."""
        return self.app.settings

    @property
    def app(self) -> Application:
        """The assembled application (database not yet touched)."""
        if self._app is None:
            from kgflow.bootstrap import bootstrap
            from kgflow.config import Settings

            options = self._options
            self._app = bootstrap(Settings.load(db=options["db"], actor=options["actor"], today=options["today"]))
            if not gc.isenabled():  # the console entry point turned it off for the start-up (kgflow.cli.main.main)
                gc.freeze()  # what start-up built lives until exit: no collection needs to walk it again
                gc.enable()  # on for the command's own work
        return self._app

    @property
    def services(self) -> Services:
        """The services, after checking the database is ready."""
        self.app.ensure_ready()
        return self.app.services

    @property
    def actor(self) -> str | None:
        """Who is acting (``--as`` or ``KGFLOW_USER``)."""
        return self.app.settings.actor

    def close(self) -> None:
        """Release the database."""
        if self._app is not None:
            self._app.close()


pass_app = click.make_pass_decorator(AppContext)
