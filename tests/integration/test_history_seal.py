"""PostgreSQL seals history rows into the chain as each transaction commits (migration 0011).

Writers whose steps keep to their own instance work side by side and wait for
each other only for the moment of sealing; the chain's order is the order of
the commits, gapless, and ``audit verify`` vouches for it. A step that reads or
writes other instances still decides alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from kgflow.domain import records
from kgflow.domain.errors import DatabaseRefused, HistoryBroken
from kgflow.domain.model import HistoryEntry
from kgflow.persistence.database import Database
from kgflow.service.audit import verify
from kgflow.service.ports import UnitOfWork
from kgflow.testing import World
from tests.tamper import plain_sql


def re_record_a_person(uow: UnitOfWork, note: str) -> None:
    """Append one row that changes nothing the chain vouches for: a person recorded again as they are."""
    fact = min(uow.people.facts().items())[1]
    uow.history.append(
        HistoryEntry(None, datetime.now(UTC), "system", records.PERSON, None, None, fact, note), None, None
    )


@contextmanager
def working(world: World, *, own_instance: bool) -> Iterator[UnitOfWork]:
    """A writer that has taken its turn and written a history row, not yet committed."""
    with world.services.uow(write=True) as uow:
        uow.lock_history(own_instance=own_instance)
        re_record_a_person(uow, "the first writer, still working")
        yield uow
        uow.commit()


def chain_of(url: str) -> list[tuple[int, int, str | None]]:
    database = Database.from_url(url)
    try:
        with database.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, seq, note FROM history ORDER BY seq")).all()
            return [(row.id, row.seq, row.note) for row in rows]
    finally:
        database.dispose()


def test_two_writers_of_their_own_instances_do_not_wait_for_each_other(impatient: World, pg_schema_url: str) -> None:
    """The second commits while the first still works; the chain takes them in the order they committed."""
    with working(impatient, own_instance=True), impatient.services.uow(write=True) as second:
        second.lock_history(own_instance=True)  # with the first's turn held alone, this would time out
        re_record_a_person(second, "the second writer")
        second.commit()
    assert verify(impatient.services).ok
    rows = chain_of(pg_schema_url)
    first, then = (
        [row for row in rows if row[2] == "the first writer, still working"],
        [r for r in rows if r[2] == "the second writer"],
    )
    assert then[0][1] == first[0][1] - 1  # sealed one after the other, in commit order
    assert then[0][0] > first[0][0]  # though the first wrote its row before the second


def test_a_step_that_reads_other_instances_waits_for_those_working(impatient: World) -> None:
    """A kommun's answer reads its LPO's instance (parent_still_collecting): it decides alone, after the others."""
    with working(impatient, own_instance=True), pytest.raises(DatabaseRefused):
        impatient.advance("psvf-sjalvskada", "Borlänge", "answer", "Bo Lund", ref="KS 1")
    result = impatient.advance("psvf-sjalvskada", "Borlänge", "answer", "Bo Lund", ref="KS 1")
    assert result.to_state == "answered"


def test_a_writer_that_decides_alone_holds_off_those_of_their_own_instances(impatient: World) -> None:
    """A correction, a hold, a sweep, an administrator: while one decides alone, nobody else decides."""
    with (
        working(impatient, own_instance=False),
        pytest.raises(DatabaseRefused),
        impatient.services.uow(write=True) as second,
    ):
        second.lock_history(own_instance=True)


def test_an_unsealed_row_can_be_sealed_once_but_never_rewritten(impatient: World, pg_schema_url: str) -> None:
    with pytest.raises(Exception, match="append-only"):
        plain_sql(
            pg_schema_url,
            [
                "INSERT INTO history (scheme, at, actor, event, fields) VALUES (2, now(), 'system', 'x', '{}')",
                "UPDATE history SET note = 'rewritten before commit' WHERE seq IS NULL",
            ],
        )
    assert verify(impatient.services).ok


def test_a_row_left_unsealed_is_named_by_the_audit(impatient: World, pg_schema_url: str) -> None:
    """Only an administrator switching the seal off can leave one; the audit says so."""
    plain_sql(
        pg_schema_url,
        [
            "ALTER TABLE history DISABLE TRIGGER history_seal",
            "INSERT INTO history (scheme, at, actor, event, fields) VALUES (2, now(), 'system', 'x', '{}')",
            "ALTER TABLE history ENABLE TRIGGER history_seal",
        ],
    )
    with pytest.raises(HistoryBroken, match="1 rad i historiken har ingen plats i kedjan"):
        verify(impatient.services)
