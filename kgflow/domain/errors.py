"""The errors kgflow raises on purpose.

Every refusal a user can cause is a :class:`KgflowError` carrying the fields
that explain it. Domain and service code never format for a terminal: the CLI
renders ``str(error)`` as one plain sentence and picks the exit code from
``error.exit_code``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class KgflowError(Exception):
    """Root of all expected errors; ``str()`` is one plain sentence."""

    exit_code: int = 1


class UsageError(KgflowError):
    """The command was given a value it cannot use (a bad date, an unknown key)."""

    exit_code = 2


class NotFound(KgflowError):
    """A named thing (item, organisation, person, workflow) does not exist."""

    exit_code = 3

    def __init__(self, what: str, name: str, hint: str = "", *, sentence: str | None = None) -> None:
        self.what = what
        self.name = name
        self.hint = hint
        first = sentence or f"There is no {what} called {name!r}."
        super().__init__(f"{first} {hint}".strip())


@dataclass(frozen=True)
class DefinitionProblem:
    """One thing wrong with a workflow file, at a line and column (1-based)."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class DefinitionError(KgflowError):
    """A workflow definition file is invalid; carries every problem found in it."""

    exit_code = 2

    def __init__(self, problems: Sequence[DefinitionProblem]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0]
        self.path, self.line, self.column = first.path, first.line, first.column
        more = len(self.problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(f"{first}{tail}")


class TransitionRefused(KgflowError):
    """An event may not happen to an instance now; ``reason`` says why."""

    exit_code = 4

    def __init__(self, item: str, org: str, state: str, event: str, reason: str) -> None:
        self.item, self.org, self.state, self.event = item, org, state, event
        self.reason = reason
        super().__init__(reason)


class NotAuthorised(KgflowError):
    """The acting person lacks the role a transition names."""

    exit_code = 5


class Conflict(KgflowError):
    """Someone else changed the thing between reading and writing it."""

    exit_code = 6


class DatabaseUnavailable(KgflowError):
    """The database cannot be opened or reached."""

    exit_code = 7


class DatabaseRefused(KgflowError):
    """The database would not make a change (locked, full, a constraint); it was all rolled back."""

    exit_code = 9


class HistoryBroken(KgflowError):
    """The history chain does not verify: something was changed behind kgflow's back."""

    exit_code = 8


class LeaseLost(Conflict):
    """Another process took over a lease or a claim this one held (it was paused or slow): stop, change nothing."""
