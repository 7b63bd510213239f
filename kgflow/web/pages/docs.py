"""The living documentation, served: the rules as Swedish Gherkin and each workflow's diagram.

The site is what ``kgflow docs build`` writes, built once per server process
and language on first request into a folder of its own (it depends only on the
shipped features and the workflow files, so every process builds the same),
then served as files. It needs no sign-in: it is the chain's rulebook.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from threading import Lock

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from kgflow.domain.wording import language
from kgflow.web.context import web

router = APIRouter(include_in_schema=False)  # pages, not the API
_built: dict[str, Path] = {}
_lock = Lock()


def _site(request: Request) -> Path:
    code = language()
    with _lock:
        if code not in _built:
            from datetime import datetime

            from kgflow.config import shipped_features
            from kgflow.reports.site import build

            catalogue = web(request).services.catalogue
            out = Path(tempfile.mkdtemp(prefix=f"kgflow-site-{code}-"))
            workflows = [catalogue.current(name) for name in catalogue.names()]
            build(out, shipped_features(), None, workflows, now=datetime.now().astimezone())
            _built[code] = out
        return _built[code]


@router.get("/dokumentation")
def documentation_root() -> Response:
    """The site's front page."""
    return RedirectResponse("/dokumentation/", status_code=308)


@router.get("/dokumentation/{path:path}")
def documentation(request: Request, path: str) -> Response:
    """A file of the site (``index.html`` for the folder itself); nothing outside it."""
    root = _site(request).resolve()
    wanted = (root / (path or "index.html")).resolve()
    if wanted.is_dir():
        wanted = wanted / "index.html"
    if root not in wanted.parents or not wanted.is_file():
        return Response(status_code=404)
    return FileResponse(wanted)
