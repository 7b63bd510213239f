"""Fault points for crash and pause tests: ``KGFLOW_FAULT=name`` kills the process there, ``KGFLOW_PAUSE`` stops it.

Crash safety is only proven by crashing. Code marks the moments worth testing
(``fault_point("after-send")``); a test sets ``KGFLOW_FAULT`` to one of them and
the process dies there at once, without cleanup, as if the power went. With
``KGFLOW_PAUSE`` the process instead sends itself SIGSTOP the first time it
reaches the point — frozen as a suspended VM or a stalled host would be — and
goes on where it was when the test sends SIGCONT. Several names may be given,
separated by commas. Nothing happens when the variables are not set.
"""

from __future__ import annotations

import os
import signal
import threading

EXIT_CODE = 77


def fault_point(name: str) -> None:
    """Die here if ``KGFLOW_FAULT`` names this point; stop here once if ``KGFLOW_PAUSE`` does."""
    wanted = os.environ.get("KGFLOW_FAULT")
    if wanted and name in wanted.split(","):
        os._exit(EXIT_CODE)
    pause = os.environ.get("KGFLOW_PAUSE")
    if pause and name in pause.split(",") and name not in _paused:
        _paused.add(name)
        # At this thread, not just the process: os.kill lets the caller run on for a while before it stops.
        signal.pthread_kill(threading.get_ident(), signal.SIGSTOP)


_paused: set[str] = set()
