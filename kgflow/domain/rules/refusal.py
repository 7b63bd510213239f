"""The one exception a rule raises: the step is refused, and the phrase that says why.

Its own module so that what only refuses (the hold rules, read by every
``status``) does not load the facts and decisions of :mod:`.step`, which
re-exports it.
"""

from __future__ import annotations

from kgflow.domain.wording import Phrase


class Refusal(Exception):
    """A rule refuses the step; ``reason`` is the phrase saying why, ``str()`` renders it."""

    def __init__(self, reason: Phrase | str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return str(self.reason)
