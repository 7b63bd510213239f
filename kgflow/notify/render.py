"""Rendering digests and checkpoint mails with Jinja2 from ``notifications/LANGUAGE/``.

Plain text and HTML from the same view. HTML templates (``*.html.j2``) are
autoescaped — Jinja's ``select_autoescape`` only looks at the last extension, so
names ending in ``.html.j2`` are matched explicitly here — and every template runs
with ``StrictUndefined``: a missing value fails loudly instead of rendering empty.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from kgflow.service.mail import (
    CheckpointView,
    DigestView,
    NoticeLine,
    RenderedLine,
    RenderedMail,
    RenderFailed,
    SignInView,
)

LANGUAGES = ("sv", "en")


def _is_html(name: str | None) -> bool:
    return bool(name) and str(name).endswith((".html", ".html.j2", ".htm"))


class JinjaRenderer:
    """Renders notices and digests in one language."""

    def __init__(self, templates: Path, language: str = "sv") -> None:
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        self.language = language
        self._env = Environment(
            loader=FileSystemLoader(templates / language),
            autoescape=_is_html,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def _render(self, name: str, **context: object) -> str:
        try:
            return self._env.get_template(name).render(**context)
        except TemplateError as exc:
            raise RenderFailed(f"{name}: {exc}") from exc

    def line(self, line: NoticeLine) -> RenderedLine:
        """One notice as a text line and an HTML list item."""
        return RenderedLine(
            text=self._render("line.txt.j2", n=line).strip(),
            html=self._render("line.html.j2", n=line).strip(),
        )

    def digest(self, view: DigestView) -> RenderedMail:
        """The whole e-mail: subject, text and HTML."""
        groups = [
            {
                "code": g.code,
                "title": g.title,
                "text": [x.text for x in g.lines],
                "html": [Markup(x.html) for x in g.lines],
            }
            for g in view.items
        ]
        context = {"view": view, "groups": groups}
        subject = " ".join(self._render("subject.txt.j2", **context).split())
        return RenderedMail(
            subject, self._render("digest.txt.j2", **context), self._render("digest.html.j2", **context)
        )

    def checkpoint(self, view: CheckpointView) -> RenderedMail:
        """The e-mail that files a checkpoint: subject and plain text only."""
        subject = " ".join(self._render("checkpoint_subject.txt.j2", view=view).split())
        return RenderedMail(subject, self._render("checkpoint.txt.j2", view=view), "")

    def sign_in(self, view: SignInView) -> RenderedMail:
        """The e-mail with a one-time sign-in link: subject and plain text only (the link is the message)."""
        subject = " ".join(self._render("sign_in_subject.txt.j2", view=view).split())
        return RenderedMail(subject, self._render("sign_in.txt.j2", view=view), "")
