"""A workflow drawn as SVG by Graphviz: ``dot -Tsvg`` on the DOT source of :mod:`kgflow.reports.diagram`.

kgflow lays out nothing itself. The command line needs Debian's ``graphviz``
(the ``dot`` program); the documentation site draws the same DOT source in the
browser with the copy of Viz.js shipped in ``assets/vendor/viz`` and, when
``dot`` is there at build time, also carries the finished SVG for readers
without JavaScript.
"""

from __future__ import annotations

import shutil
import subprocess

from markupsafe import Markup

from kgflow.definitions.model import WorkflowDefinition
from kgflow.domain.errors import UsageError
from kgflow.domain.wording import t
from kgflow.reports.diagram import to_dot

TIMEOUT_SECONDS = 30


def dot_program() -> str | None:
    """The path of Graphviz's ``dot``, or None when it is not installed."""
    return shutil.which("dot")


def render_svg(source: str, *, timeout: float = TIMEOUT_SECONDS) -> str:
    """``source`` (DOT) laid out and drawn by Graphviz's ``dot`` as an SVG document.

    Raises:
        UsageError: when ``dot`` is not installed, does not finish in time, or refuses the source.
    """
    program = dot_program()
    if program is None:
        raise UsageError(
            t(
                "Programmet dot (Graphviz) finns inte på den här datorn: installera Debians paket graphviz "
                "(apt-get install graphviz), eller se diagrammet på dokumentationssidan (kgflow docs build)."
            )
        )
    try:
        done = subprocess.run(
            [program, "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise UsageError(
            t("Graphviz (dot) ritade inte klart inom {sekunder} sekunder; försök igen.", sekunder=int(timeout))
        ) from error
    if done.returncode != 0:
        raise UsageError(
            t(
                "Graphviz (dot) kunde inte rita diagrammet: {fel}",
                fel=done.stderr.decode("utf-8", "replace").strip() or done.returncode,
            )
        )
    return done.stdout.decode("utf-8")


def to_svg(definition: WorkflowDefinition, language: str | None = None) -> str:
    """The workflow's state diagram as an SVG document drawn by ``dot``, labels in ``language``.

    Raises:
        UsageError: when ``dot`` is not installed or fails (see :func:`render_svg`).
    """
    return render_svg(to_dot(definition, language))


VIZ_SCRIPT = "vendor/viz/viz-global.js"
DRAW_SCRIPT = "diagram.js"
#: The assets a page with a diagram needs, under ``assets/`` (copied into the site).
SITE_ASSETS = (VIZ_SCRIPT, "vendor/viz/LICENSE", "vendor/viz/README.md", DRAW_SCRIPT)


def _inline(svg: str) -> str:
    """An SVG document as an element to put in HTML: without the XML declaration and doctype."""
    start = svg.find("<svg")
    element = svg[start:] if start >= 0 else svg
    if "xlink:href" not in element:  # HTML needs no namespaces; the site's pages name no web address
        element = element.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    return element


def site_figure(definition: WorkflowDefinition, root: str, language: str | None = None) -> Markup:
    """The diagram for a page of the site: the DOT source, drawn in the browser by the shipped Viz.js.

    When ``dot`` is installed at build time the figure also holds the SVG it drew, for readers
    without JavaScript; otherwise they read a sentence saying how to see it.
    """
    source = to_dot(definition, language)
    if dot_program() is not None:
        fallback = Markup(_inline(render_svg(source)))  # Graphviz's own SVG: it escaped the labels
    else:
        fallback = Markup('<p class="muted">{}</p>').format(
            t(
                "Diagrammet ritas i webbläsaren med JavaScript. Utan JavaScript: kör "
                "kgflow workflow show {namn} --format svg.",
                namn=definition.name,
            )
        )
    return Markup(
        '<figure class="workflow-diagram" data-workflow="{name}" data-dot="{source}">{fallback}</figure>\n'
        '<script src="{root}assets/{viz}"></script>\n<script src="{root}assets/{draw}"></script>'
    ).format(name=definition.name, source=source, fallback=fallback, root=root, viz=VIZ_SCRIPT, draw=DRAW_SCRIPT)
