"""Browsing the chain: an organisation, an item down the chain, the live overview and its downloads.

Every signed-in person may look (the chain's progress is shared within it, as
the reports are); only acting is bounded by R13, in the services.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.background import BackgroundTask

from kgflow.web.auth import Visitor, visitor
from kgflow.web.context import web
from kgflow.web.rendering import page

if TYPE_CHECKING:
    from kgflow.service.reporting import Matrix

router = APIRouter(include_in_schema=False)  # pages, not the API
CHAIN_KINDS = ("npo", "rpo", "lpo", "lag")
"""The rows an item's page shows before it is narrowed to one LPO: the chain, not every huvudman."""


@router.get("/organisation/{org}", response_class=HTMLResponse)
def organisation(request: Request, org: str, who: Annotated[Visitor, Depends(visitor)]) -> Response:
    """An organisation: where it sits, who holds which role there, and every instance at it and below."""
    from kgflow.reports.history_text import role_labels
    from kgflow.service.organisations import list_orgs, show_org
    from kgflow.service.queries import status

    who.signed_in()
    services = web(request).services
    card = show_org(services, org)
    lines = status(services, org=card.org.code)
    below = list_orgs(services, under=card.org.code) if card.children else []
    context = {
        "card": card,
        "lines": lines,
        "below": [o for o in below if card.org.id in o.parent_ids],
        "role_words": role_labels(services),
    }
    return page(request, who, "organisation.html", context)


@router.get("/kunskapsstod/{item}", response_class=HTMLResponse)
def item(request: Request, item: str, who: Annotated[Visitor, Depends(visitor)], org: str | None = None) -> Response:
    """An item's progress down the chain: the NPO, RPOs, LPOs and LAGs, or everything under one organisation."""
    from kgflow.service.items import show_item
    from kgflow.service.queries import status

    who.signed_in()
    services = web(request).services
    summary = show_item(services, item)
    lines = status(services, summary.item.code, org or None)
    shown = lines if org else [line for line in lines if line.row.org_kind in CHAIN_KINDS]
    states = Counter(line.state_shown for line in lines)
    return page(request, who, "item.html", {"summary": summary, "lines": shown, "states": states, "org": org or ""})


def _matrix(request: Request, lpo: str | None, kind: str | None) -> Matrix:
    from kgflow.service.reporting import IMPLEMENTING_KINDS, implementation_matrix

    return implementation_matrix(
        web(request).services,
        rpo=None,
        lpo=lpo or None,
        kinds=[kind] if kind else [],
        items=[],
        org_kinds=list(IMPLEMENTING_KINDS),
    )


@router.get("/oversikt", response_class=HTMLResponse)
def overview(
    request: Request,
    who: Annotated[Visitor, Depends(visitor)],
    lpo: str | None = None,
    kind: str | None = None,
) -> Response:
    """The implementation heatmap, live: each LPO's huvudmän at their target level, late steps marked."""
    from datetime import datetime

    from kgflow import __version__
    from kgflow.reports.heatmap import groups, overall_share, percent, scope_text
    from kgflow.reports.templating import kind_sv
    from kgflow.service.organisations import list_orgs
    from kgflow.service.reporting import IMPLEMENTING_KINDS

    who.signed_in()
    services = web(request).services
    matrix = _matrix(request, lpo, kind)
    context = {
        "matrix": matrix,
        "groups": groups(matrix),
        "overall": overall_share(matrix),
        "percent": percent,
        "org_kinds": ", ".join(kind_sv(k) for k in IMPLEMENTING_KINDS),
        "scope": scope_text(matrix.scope),
        "built": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
        "version": __version__,
        "lpos": list_orgs(services, kind="lpo"),
        "lpo": lpo or "",
        "kind": kind or "",
        "kinds": ("vip", "psvf", "vardprogram", "riktlinje"),
    }
    return page(request, who, "overview.html", context)


@router.get("/rapport.{fmt}")
def download(
    request: Request,
    fmt: str,
    who: Annotated[Visitor, Depends(visitor)],
    lpo: Annotated[str | None, Query()] = None,
    kind: Annotated[str | None, Query()] = None,
) -> Response:
    """The overview as a workbook (``rapport.xlsx``) or a CSV file for Excel (``rapport.csv``)."""
    from kgflow.reports.tabular import write_csv, write_xlsx

    who.signed_in()
    if fmt not in ("xlsx", "csv"):
        return Response(status_code=404)
    matrix = _matrix(request, lpo, kind)
    folder = Path(tempfile.mkdtemp(prefix="kgflow-rapport-"))
    target = folder / f"rapport.{fmt}"
    if fmt == "xlsx":
        write_xlsx(matrix, target)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        with target.open("w", encoding="utf-8", newline="") as stream:
            write_csv(matrix, stream, "excel")
        media = "text/csv; charset=utf-8"
    name = f"kgflow-{matrix.today.isoformat()}.{fmt}"
    return FileResponse(target, media_type=media, filename=name, background=BackgroundTask(_remove, folder))


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
