"""``kgflow audit``: walk the whole history chain, and print checkpoints to file in the diarium (R12)."""

from __future__ import annotations

from kgflow.domain.audit import Checkpoint, Verdict, walk
from kgflow.errors import HistoryBroken, UsageError
from kgflow.service.context import Services


def verify(services: Services, checkpoint: str | None = None) -> Verdict:
    """Check every row of the history, and the checkpoint if one is given.

    Raises:
        UsageError: for a checkpoint that is not SEQ:HASH.
        HistoryBroken: naming the first row that does not match.
    """
    try:
        filed = Checkpoint.parse(checkpoint) if checkpoint else None
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    with services.uow() as uow:
        verdict = walk(uow.history.chain(), filed)
    if not verdict.ok:
        raise HistoryBroken(f"The history does not verify: {verdict.problem}.")
    return verdict


def checkpoint(services: Services) -> Checkpoint | None:
    """The chain's head now: file it, and verify against it later."""
    with services.uow() as uow:
        return uow.history.head()
