"""``kgflow audit``: walk the whole history chain, and print checkpoints to file in the diarium (R12)."""

from __future__ import annotations

from dataclasses import dataclass

from kgflow.domain.audit import Checkpoint, Verdict, walk
from kgflow.errors import HistoryBroken, UsageError
from kgflow.service.checkpoints import CheckpointLedger, last_filed
from kgflow.service.context import Services


@dataclass(frozen=True)
class Verified:
    """A chain that verified, and the checkpoint it was compared against (and where that came from)."""

    verdict: Verdict
    checkpoint: Checkpoint | None = None
    source: str | None = None

    @property
    def ok(self) -> bool:
        """True: a chain that does not verify is raised, never returned."""
        return self.verdict.ok

    @property
    def rows(self) -> int:
        """How many rows were walked."""
        return self.verdict.rows

    @property
    def head(self) -> Checkpoint | None:
        """The chain's last row now."""
        return self.verdict.head


def verify(services: Services, checkpoint: str | None = None, ledger: CheckpointLedger | None = None) -> Verified:
    """Check every row of the history against the checkpoint given, or else the last one filed in ``ledger``.

    Raises:
        UsageError: for a checkpoint that is not SEQ:HASH (given, or on the ledger's last line).
        HistoryBroken: naming the first row that does not match, and the checkpoint compared against.
    """
    source: str | None = None
    try:
        filed = Checkpoint.parse(checkpoint) if checkpoint else None
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if filed is None and ledger is not None:
        filed = last_filed(ledger)
        source = f"the last line of {ledger.description}" if filed else None
    with services.uow() as uow:
        verdict = walk(uow.history.chain(), filed)
    if not verdict.ok:
        against = f" against the checkpoint {filed}" + (f" ({source})" if source else "") if filed else ""
        raise HistoryBroken(f"The history does not verify{against}: {verdict.problem}.")
    return Verified(verdict, filed, source)


def checkpoint(services: Services) -> Checkpoint | None:
    """The chain's head now: file it, and verify against it later."""
    with services.uow() as uow:
        return uow.history.head()
