"""Follow-up answers in SQL (R14): one insert per answering organisation, one select per report."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from kgflow.persistence.tables import followup_answer, instance
from kgflow.service.ports.follow_up import StoredAnswer


class SqlFollowUpAnswers:
    """The ``followup_answer`` table."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def record(self, item_id: int, org_id: int, answers: Mapping[str, str], now: datetime) -> None:
        """Store an organisation's answers to a round, replacing what it answered before (after a correction, R17)."""
        self._c.execute(
            delete(followup_answer).where((followup_answer.c.item_id == item_id) & (followup_answer.c.org_id == org_id))
        )
        if not answers:
            return
        rows = [
            {"item_id": item_id, "org_id": org_id, "question": key, "value": value, "answered_at": now}
            for key, value in answers.items()
        ]
        self._c.execute(insert(followup_answer), rows)

    def of_round(self, item_id: int) -> list[StoredAnswer]:
        """Every answer to a round, by organisation and question."""
        query = (
            select(followup_answer.c.org_id, followup_answer.c.question, followup_answer.c.value)
            .where(followup_answer.c.item_id == item_id)
            .order_by(followup_answer.c.org_id, followup_answer.c.question)
        )
        return [StoredAnswer(row.org_id, row.question, row.value) for row in self._c.execute(query)]

    def by_instance(self) -> dict[int, dict[str, str]]:
        """Every answer stored, by the answering organisation's instance of the round (for ``audit verify``)."""
        query = select(instance.c.id, followup_answer.c.question, followup_answer.c.value).join(
            instance,
            (instance.c.item_id == followup_answer.c.item_id) & (instance.c.org_id == followup_answer.c.org_id),
        )
        found: dict[int, dict[str, str]] = {}
        for row in self._c.execute(query):
            found.setdefault(row.id, {})[row.question] = row.value
        return found
