"""The implementation matrix as one stand-alone HTML page: a heatmap of levels, readable in print.

The page carries its own style sheet, so it can be mailed or filed as one
file and opened anywhere without a network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kgflow import __version__
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import marked
from kgflow.reports.templating import environment, kind_sv
from kgflow.service.reporting import Matrix, Row


@dataclass(frozen=True)
class Group:
    """The organisations of one LPO (or of no LPO), under a heading."""

    title: str
    rows: list[Row]


def groups(matrix: Matrix) -> list[Group]:
    """Rows grouped by their LPO, in the order the matrix lists them."""
    result: list[Group] = []
    for row in matrix.rows:
        title = row.lpo.name if row.lpo else (row.rpo.name if row.rpo else _("Utan LPO"))
        if row.rpo and row.lpo:
            title = f"{row.lpo.name} · {row.rpo.name}"
        if not result or result[-1].title != title:
            result.append(Group(title, []))
        result[-1].rows.append(row)
    return result


def percent(share: float | None) -> str:
    """ "42 %", or a dash where there is nothing to count."""
    return "–" if share is None else f"{round(100 * share)} %"


def overall_share(matrix: Matrix) -> float | None:
    """The share of huvudmän at target level across every LPO and item in the matrix."""
    done = total = 0
    for entry in matrix.progress:
        d, t = entry.at_target()
        done, total = done + d, total + t
    return done / total if total else None


WHOLE_COUNTRY = marked("hela landet")


def scope_text(scope: object) -> str:
    """A report's scope (an organisation's name, or the whole country) in the reader's language."""
    text = str(scope)
    return _(WHOLE_COUNTRY) if text == WHOLE_COUNTRY else text


def render_html(matrix: Matrix, org_kinds: list[str], now: datetime) -> str:
    """The report page."""
    template = environment(percent=percent).get_template("report.html.j2")
    return template.render(
        matrix=matrix,
        groups=groups(matrix),
        overall=overall_share(matrix),
        org_kinds=", ".join(kind_sv(kind) for kind in org_kinds),
        scope=scope_text(matrix.scope),
        built=now.strftime("%Y-%m-%d %H:%M"),
        version=__version__,
    )
