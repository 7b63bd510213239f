"""Running the web application with uvicorn: one process, or several (``--workers``) sharing the database.

Behind a reverse proxy (TLS ends there) uvicorn trusts its ``X-Forwarded-*``
headers from the proxy's address (``--forwarded-allow-ips``), so cookies are
marked Secure and links name the public address; ``KGFLOW_WEB_URL`` names it
for e-mails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from kgflow.bootstrap import Application


def from_environment() -> FastAPI:
    """The app built from the environment's settings (``KGFLOW_DATABASE_URL`` …): what each worker process runs."""
    from kgflow.bootstrap import bootstrap
    from kgflow.config import Settings
    from kgflow.web.app import create_app

    return create_app(bootstrap(Settings.load()))


def serve(application: Application, host: str, port: int, *, workers: int = 1, forwarded_allow_ips: str) -> None:
    """Serve until stopped (Ctrl-C); with ``workers`` > 1, as that many processes built from the environment."""
    import uvicorn

    from kgflow.web.app import create_app

    options = {
        "host": host,
        "port": port,
        "proxy_headers": True,
        "forwarded_allow_ips": forwarded_allow_ips,
        "server_header": False,
        "log_level": "info",
    }
    if workers > 1:
        uvicorn.run("kgflow.web.server:from_environment", factory=True, workers=workers, **options)  # type: ignore[arg-type]
        return
    uvicorn.run(create_app(application), **options)  # type: ignore[arg-type]
