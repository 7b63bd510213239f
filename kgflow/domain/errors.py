"""The errors kgflow raises on purpose.

Every refusal a user can cause is a :class:`KgflowError` carrying the fields
that explain it, and its sentence as a :class:`~kgflow.domain.wording.Phrase`
(Swedish template and values). Domain and service code never format for a
terminal: the CLI renders ``str(error)`` — one plain sentence in the reader's
language — and picks the exit code from ``error.exit_code``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kgflow.domain.wording import Phrase, t, tn


class KgflowError(Exception):
    """Root of all expected errors; ``str()`` is one plain sentence, rendered when it is asked for.

    ``sentence`` is a phrase (``t("…")``), or anything else whose ``str()`` is the sentence.
    """

    exit_code: int = 1

    def __init__(self, sentence: object = "", *rest: object) -> None:
        super().__init__(sentence, *rest)
        self.sentence = sentence

    def __str__(self) -> str:
        return str(self.sentence) if not self.args[1:] else super().__str__()


class UsageError(KgflowError):
    """The command was given a value it cannot use (a bad date, an unknown key)."""

    exit_code = 2


class NotFound(KgflowError):
    """A named thing (item, organisation, person, workflow) does not exist.

    ``what`` names the kind of thing as a phrase in its indefinite form
    (``t("person")``, ``t("arbetsflöde")``); ``neuter`` says it is an *ett*-word,
    so that the sentence reads "Det finns inget arbetsflöde …". ``sentence``
    replaces the first sentence; ``hint`` (a suggestion, a command to try) follows it.
    """

    exit_code = 3

    def __init__(
        self,
        what: Phrase | str,
        name: str,
        hint: Phrase | str = "",
        *,
        sentence: Phrase | str | None = None,
        neuter: bool = False,
    ) -> None:
        self.what = what
        self.name = name
        self.hint = hint
        if sentence is None:
            if neuter:
                sentence = t("Det finns inget {what} som heter {name!r}.", what=what, name=name)
            else:
                sentence = t("Det finns ingen {what} som heter {name!r}.", what=what, name=name)
        super().__init__(t("{sentence} {hint}", sentence=sentence, hint=hint) if hint else sentence)


@dataclass(frozen=True)
class DefinitionProblem:
    """One thing wrong with a workflow file, at a line and column (1-based)."""

    path: str
    line: int
    column: int
    message: Phrase | str

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
        if more:
            super().__init__(
                tn("{first} (och {count} problem till)", "{first} (och {count} problem till)", more, first=first)
            )
        else:
            super().__init__(first)


class TransitionRefused(KgflowError):
    """An event may not happen to an instance now; ``reason`` says why."""

    exit_code = 4

    def __init__(self, item: str, org: str, state: str, event: str, reason: Phrase | str) -> None:
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


class RateLimited(KgflowError):
    """Someone asked too often in a short while (sign-in links): wait, then try again."""

    exit_code = 10


class HistoryBroken(KgflowError):
    """The history chain does not verify: something was changed behind kgflow's back."""

    exit_code = 8


class LeaseLost(Conflict):
    """Another process took over a lease or a claim this one held (it was paused or slow): stop, change nothing."""


@dataclass(frozen=True)
class RowProblem:
    """One refused row of a file: its row number, the organisation it named, and why."""

    line: int
    org: str
    error: KgflowError

    def __str__(self) -> str:
        return str(t("rad {line} ({org}): {sentence}", line=self.line, org=self.org, sentence=str(self.error)))


class RowsRefused(KgflowError):
    """Rows of a file were refused; ``problems`` names each, and nothing of the file was applied."""

    def __init__(self, problems: Sequence[RowProblem], rows: int) -> None:
        self.problems = tuple(problems)
        self.exit_code = self.problems[0].error.exit_code
        super().__init__(
            tn(
                "{count} av {rows} rader gick inte att ta; ingenting i filen ändrades.",
                "{count} av {rows} rader gick inte att ta; ingenting i filen ändrades.",
                len(self.problems),
                rows=rows,
            )
        )
