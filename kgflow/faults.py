"""Fault points for crash tests: ``KGFLOW_FAULT=name`` kills the process at that point.

Crash safety is only proven by crashing. Code marks the moments worth testing
(``fault_point("after-send")``); a test sets ``KGFLOW_FAULT`` to one of them and
the process dies there at once, without cleanup, as if the power went. Several
names may be given, separated by commas. Nothing happens when the variable is
not set.
"""

from __future__ import annotations

import os

EXIT_CODE = 77


def fault_point(name: str) -> None:
    """Die here if ``KGFLOW_FAULT`` names this point."""
    wanted = os.environ.get("KGFLOW_FAULT")
    if wanted and name in wanted.split(","):
        os._exit(EXIT_CODE)
