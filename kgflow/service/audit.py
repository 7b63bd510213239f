"""``kgflow audit``: does the database say only what its history vouches for (R12)?

``verify`` walks the whole chain (every row's hash, its place, its instance's
previous state), then checks what the chain vouches for: every instance
stands where its last row left it, and every organisation, person, role,
workflow version and plan activity in the tables was recorded in the chain — the workflow texts
matching their digests. It names the first mismatch of each kind. The same
check runs on an import before it commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kgflow.domain import records
from kgflow.domain.audit import ChainRow, Checkpoint, Verdict, walk
from kgflow.domain.errors import HistoryBroken, UsageError
from kgflow.domain.follow_up import answer_differences
from kgflow.domain.wording import Phrase, t, tn
from kgflow.service.checkpoints import CheckpointLedger, last_filed
from kgflow.service.context import Services
from kgflow.service.ports import Drift, UnitOfWork


@dataclass(frozen=True)
class AuditReport:
    """What ``verify`` found: the chain's verdict and the first problem of each kind."""

    verdict: Verdict
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when nothing was found wrong."""
        return self.verdict.ok and not self.problems


def _drift_sentence(count: int, drift: Drift) -> Phrase:
    def shown(values: tuple[object, ...]) -> Phrase:
        state, level, target, version = (t("ingen") if value is None else value for value in values)
        return t(
            "läge {state}, nivå {level}, målnivå {target}, version {version}",
            state=state,
            level=level,
            target=target,
            version=version,
        )

    said = shown(drift.recorded) if drift.recorded is not None else t("ingenting (det har ingen historik)")
    sentence = t(
        "ärendet {item} vid {org} står på {stored}, men dess historik säger {said}: det ändrades bakom kgflows rygg",
        item=drift.item,
        org=drift.org,
        stored=shown(drift.stored),
        said=said,
    )
    if count > 1:
        return tn(
            "{sentence} (och {count} ärende till likadant)",
            "{sentence} (och {count} ärenden till likadant)",
            count - 1,
            sentence=sentence,
        )
    return sentence


def audit(uow: UnitOfWork, checkpoint: Checkpoint | None = None) -> AuditReport:
    """Check the chain and everything it vouches for, inside an open unit of work."""
    recorded = records.Recorded()
    answered: dict[int, dict[str, Any]] = {}

    def fold(row: ChainRow) -> None:
        if row.instance_id is None:
            recorded.add(row.event, row.fields)
        elif '"answers"' in row.fields:  # a follow-up round's answer step (R14): its answers, as recorded
            answers = json.loads(row.fields).get("answers")
            if isinstance(answers, dict):
                answered[row.instance_id] = answers

    verdict = walk(uow.history.chain(), checkpoint, (fold,))
    problems: list[str] = []
    unsealed = uow.history.unsealed()
    if unsealed:
        problems.append(
            str(
                tn(
                    "{count} rad i historiken har ingen plats i kedjan (den förseglades aldrig när den skrevs)",
                    "{count} rader i historiken har ingen plats i kedjan (de förseglades aldrig när de skrevs)",
                    unsealed,
                    count=unsealed,
                )
            )
        )
    if verdict.ok:
        count, drifts = uow.history.out_of_step()
        if drifts:
            problems.append(str(_drift_sentence(count, drifts[0])))
        stored = records.Stored(
            organisations=uow.orgs.facts(),
            people=uow.people.facts(),
            roles=uow.people.role_facts(),
            workflows=tuple(uow.workflows.stored()),
            rerouted=tuple(uow.orgs.rerouted()),
            activities=uow.plans.facts(),
        )
        problems.extend(str(problem) for problem in records.first_differences(recorded, stored))
        problems.extend(str(problem) for problem in answer_differences(answered, uow.answers.by_instance())[:1])
    return AuditReport(verdict, tuple(problems))


def refuse_unless_sound(report: AuditReport, against: Phrase | str = "") -> None:
    """Raise when the audit found anything; ``against`` names the checkpoint compared with, if any.

    Raises:
        HistoryBroken: naming the first problem of each kind.
    """
    if not report.verdict.ok:
        raise HistoryBroken(
            t("Historiken går inte att verifiera{against}: {problem}.", against=against, problem=report.verdict.problem)
        )
    if report.problems:
        raise HistoryBroken(
            t("Databasen stämmer inte med sin historik: {problems}.", problems="; ".join(report.problems))
        )


def parse_checkpoint(text: str | None) -> Checkpoint | None:
    """A checkpoint given as SEQ:HASH, or None.

    Raises:
        UsageError: for a checkpoint that is not SEQ:HASH.
    """
    try:
        return Checkpoint.parse(text) if text else None
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


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
    """Check the history and what it vouches for, against the checkpoint given or else the last one in ``ledger``.

    Raises:
        UsageError: for a checkpoint that is not SEQ:HASH (given, or on the ledger's last line).
        HistoryBroken: naming the first problem of each kind, and the checkpoint compared against.
    """
    source: str | None = None
    filed = parse_checkpoint(checkpoint)
    if filed is None and ledger is not None:
        filed = last_filed(ledger)
        source = str(t("sista raden i {ledger}", ledger=ledger.description)) if filed else None
    with services.uow() as uow:
        report = audit(uow, filed)
    against: Phrase | str = ""
    if filed and source:
        against = t(" mot kontrollpunkten {checkpoint} ({source})", checkpoint=filed, source=source)
    elif filed:
        against = t(" mot kontrollpunkten {checkpoint}", checkpoint=filed)
    refuse_unless_sound(report, against)
    return Verified(report.verdict, filed, source)


def checkpoint(services: Services) -> Checkpoint | None:
    """The chain's head now: file it, and verify against it later."""
    with services.uow() as uow:
        return uow.history.head()
