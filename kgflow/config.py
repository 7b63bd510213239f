"""Settings from the environment and the global command-line options; no side effects.

| setting | option | environment | default |
| --- | --- | --- | --- |
| database | ``--db`` | ``KGFLOW_DATABASE_URL`` | ``sqlite:///./kgflow.db`` |
| acting person | ``--as`` | ``KGFLOW_USER`` | none |
| run as of a date | ``--today`` | ``KGFLOW_TODAY`` | the real date |
| workflow files | | ``KGFLOW_WORKFLOWS`` | the shipped ``workflows/`` |

An option wins over the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kgflow.domain.fields import parse_date

PACKAGE = Path(__file__).parent


def shipped_workflows() -> Path:
    """The workflow files that come with kgflow (in a wheel, or the source tree)."""
    in_wheel = PACKAGE / "_shipped" / "workflows"
    return in_wheel if in_wheel.is_dir() else PACKAGE.parent / "workflows"


@dataclass(frozen=True)
class Settings:
    """Everything kgflow needs to know before it starts."""

    database_url: str | None
    actor: str | None
    today: date | None
    workflows_dir: Path

    @classmethod
    def load(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        db: str | None = None,
        actor: str | None = None,
        today: str | None = None,
    ) -> Settings:
        """Read the environment; options given explicitly win.

        Raises:
            UsageError: for a date that is not YYYY-MM-DD.
        """
        env = os.environ if environ is None else environ
        today_text = today or env.get("KGFLOW_TODAY") or None
        what = "--today" if today else "KGFLOW_TODAY"
        workflows = env.get("KGFLOW_WORKFLOWS")
        return cls(
            database_url=db or env.get("KGFLOW_DATABASE_URL") or None,
            actor=actor or env.get("KGFLOW_USER") or None,
            today=parse_date(today_text, what) if today_text else None,
            workflows_dir=Path(workflows) if workflows else shipped_workflows(),
        )
