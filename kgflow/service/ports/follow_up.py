"""The door to follow-up answers (R14): written with the answer step, read by the yearly report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class StoredAnswer:
    """One organisation's answer to one question, as text."""

    org_id: int
    question: str
    value: str


class FollowUpAnswerRepository(Protocol):
    """Answers per round (the round's item), organisation and question."""

    def record(self, item_id: int, org_id: int, answers: Mapping[str, str], now: datetime) -> None:
        """Store an organisation's answers to a round, replacing what it answered before (after a correction, R17)."""
        ...

    def of_round(self, item_id: int) -> list[StoredAnswer]:
        """Every answer to a round, by organisation and question."""
        ...

    def by_instance(self) -> dict[int, dict[str, str]]:
        """Every answer stored, by the answering organisation's instance of the round (for ``audit verify``)."""
        ...
