"""``kgflow serve``: the web application and its JSON API, for everyone in the chain who is not at a terminal."""

from __future__ import annotations

import os

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import say
from kgflow.domain.wording import t


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, metavar="VÄRD",
              help="Adressen servern lyssnar på; 0.0.0.0 för alla nätverkskort (bakom en omvänd proxy).")  # fmt: skip
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), metavar="PORT",
              help="Porten servern lyssnar på.")  # fmt: skip
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), metavar="ANTAL",
              help="Antal serverprocesser; de delar databasen och inget annat.")  # fmt: skip
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True, metavar="ADRESSER",
              help="Proxyer vars X-Forwarded-For/-Proto servern litar på (kommaseparerade, * för alla).")  # fmt: skip
@pass_app
def serve(app: AppContext, host: str, port: int, workers: int, forwarded_allow_ips: str) -> None:
    """Kör webbtjänsten: Mina ärenden, ärendesidor med formulär, översikten och JSON-API:t (/api/v1).

    Alla loggar in med en engångslänk som skickas till deras e-postadress
    (samma utskick som påminnelserna: SMTP, eller .eml-filer i KGFLOW_MAIL_DIR).
    Sätt KGFLOW_WEB_URL till adressen människor når tjänsten på, så pekar
    länkarna i mejlen dit. Stoppa med Ctrl-C.

    \b
    Exempel:
      kgflow serve
      kgflow serve --host 0.0.0.0 --port 8080 --workers 4
    """
    from kgflow.web.server import serve as run

    app.app.ensure_ready()  # the database is there and at the newest schema, or the sentence says what to do
    settings = app.settings
    if settings.database_url:
        os.environ["KGFLOW_DATABASE_URL"] = settings.database_url  # worker processes read their settings from it
    if settings.today is not None:
        os.environ["KGFLOW_TODAY"] = settings.today.isoformat()
    shown = settings.mail.web_url or f"http://{host}:{port}"
    say(str(t("kgflow svarar på {url} (databas {db}); stoppa med Ctrl-C.", url=shown, db=app.app.database.shown_url)))
    run(app.app, host, port, workers=workers, forwarded_allow_ips=forwarded_allow_ips)
