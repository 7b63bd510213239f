"""The history's SQL on a real database: the chain read in pages, an instance's rows, drift, registrations, the head.

These call the history repository directly, so that what the SQL and the
reading code encode — every row once and in order whatever the page size, only
an instance's own rows and oldest first, the last registration of a workflow
version winning, how many instances drift and which come first — fails a test
of its own when it breaks.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kgflow.domain import records
from kgflow.domain.audit import GENESIS, expected_hash
from kgflow.domain.model import HistoryEntry
from kgflow.persistence.database import Database
from kgflow.persistence.repositories import history as history_module
from kgflow.persistence.tables import history, instance, organisation
from kgflow.testing import FixedClock, World, application
from tests.integration.conftest import RECORDED_ITEM
from tests.tamper import plain_sql

ITEM = RECORDED_ITEM


def stored_rows(database_url: str) -> list[tuple[int, str, str]]:
    database = Database.from_url(database_url)
    try:
        with database.engine.connect() as connection:
            found = connection.execute(
                select(history.c.seq, history.c.prev_hash, history.c.hash).order_by(history.c.seq)
            )
            return [(row.seq, row.prev_hash, row.hash) for row in found]
    finally:
        database.dispose()


def instance_id(database_url: str, org: str) -> int:
    database = Database.from_url(database_url)
    try:
        with database.engine.connect() as connection:
            return int(
                connection.execute(
                    select(instance.c.id)
                    .join(organisation, organisation.c.id == instance.c.org_id)
                    .where(organisation.c.code == org)
                ).scalar_one()
            )
    finally:
        database.dispose()


@pytest.mark.parametrize("page", [1, 2, 3, 5000])
def test_the_chain_is_read_every_row_once_in_order_whatever_the_page_size(
    recorded: World, database_url: str, page: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_module, "CHUNK", page)
    with recorded.services.uow() as uow:
        read = [(row.seq, row.prev_hash, row.hash) for row in uow.history.chain()]
        count = uow.history.count()
        head = uow.history.head()
    assert read == stored_rows(database_url)
    assert [seq for seq, _, _ in read] == list(range(1, count + 1))
    assert head is not None
    assert (head.seq, head.hash) == read[-1][::2]


def test_nothing_is_appended_or_moved_before_the_turn_to_append_is_taken(recorded: World) -> None:
    """The unit of work owns the turn: history appends and instance writes refuse to run without it."""
    entry = HistoryEntry(None, recorded.clock.now(), "nora.lind", "note", None, None, {})
    with recorded.services.uow(write=True) as uow:
        with pytest.raises(RuntimeError, match="lock_history"):
            uow.history.append(entry, None, None)
        with pytest.raises(RuntimeError, match="lock_history"):
            uow.instances.move([1], "remiss", None, recorded.clock.now())
        uow.lock_history()
        uow.lock_history()  # taking it twice is harmless
        uow.history.append(entry, None, None)


def test_appended_rows_continue_the_chain_from_its_head(recorded: World, database_url: str) -> None:
    with recorded.services.uow() as uow:
        before = uow.history.head()
    assert before is not None
    at = recorded.clock.now()
    entries = [
        (HistoryEntry(None, at, "nora.lind", "note", None, None, {"n": n}, f"anteckning {n}"), None, None)
        for n in range(3)
    ]
    with recorded.services.uow(write=True) as uow:
        uow.lock_history()
        uow.history.append_many([])
        uow.history.append_many(entries)
        uow.history.append(entries[0][0], None, None)
        uow.commit()
    rows = stored_rows(database_url)
    assert [seq for seq, _, _ in rows] == list(range(1, before.seq + 5))
    assert rows[0][1] == GENESIS
    assert all(prev == rows[i][2] for i, (_, prev, _) in enumerate(rows[1:]))
    assert rows[before.seq - 1][2] == before.hash
    with recorded.services.uow() as uow:
        chain = list(uow.history.chain())
        assert [row.note for row in chain[before.seq :]] == [f"anteckning {n}" for n in (0, 1, 2, 0)]
        assert [row.fields for row in chain[before.seq :]] == ['{"n": 0}', '{"n": 1}', '{"n": 2}', '{"n": 0}']
        assert all(expected_hash(row) == row.hash for row in chain)


def test_a_phrase_among_the_values_is_stored_in_swedish_whatever_the_session_speaks(recorded: World) -> None:
    from kgflow.domain.wording import speak, tn
    from kgflow.locale import translator

    warning = tn(
        "Lämnat utan {count} organisation: {names}.",
        "Lämnat utan {count} organisationer: {names}.",
        2,
        names="Falun; Mora",
    )
    with speak("en", translator("en")):
        assert str(warning).startswith("Submitted without")
        entry = HistoryEntry(None, recorded.clock.now(), "nora.lind", "note", None, None, {"warnings": [warning]})
        with recorded.services.uow(write=True) as uow:
            uow.lock_history()
            uow.history.append(entry, None, None)
            uow.commit()
    with recorded.services.uow() as uow:
        *_, last = uow.history.chain()
    assert last.fields == '{"warnings": ["Lämnat utan 2 organisationer: Falun; Mora."]}'


def test_an_empty_history_has_no_head_and_no_rows(database_url: str) -> None:
    app = application(database_url, FixedClock(date(2027, 2, 1)))
    try:
        with app.services.uow() as uow:
            assert uow.history.head() is None
            assert uow.history.count() == 0
            assert list(uow.history.chain()) == []
            assert uow.history.out_of_step() == (0, [])
    finally:
        app.close()


def test_an_instances_history_is_its_own_rows_oldest_first(recorded: World, database_url: str) -> None:
    borlange = instance_id(database_url, "borlange")
    with recorded.services.uow() as uow:
        rows = uow.history.for_instance(borlange)
        karlstad = uow.history.for_instance(instance_id(database_url, "karlstad"))
    assert [(r.actor, r.event, r.from_state, r.to_state, r.item_version, r.level, r.target_level) for r in rows] == [
        ("nora.lind", "refer", None, "remiss", 1, None, None),
        ("bo.lund", "answer", "remiss", "answered", 1, None, None),
    ]
    assert [r.fields for r in rows] == [{"due": "2027-02-22", "referred_by": "npo-psykisk-halsa"}, {"ref": "KS 1"}]
    assert all(r.note is None for r in rows)
    assert [(r.event, r.fields.get("reason")) for r in karlstad] == [("refer", None), ("decline", "Inga synpunkter")]


def test_a_row_written_by_a_login_other_than_the_actors_own_is_shown_as_on_behalf(
    recorded: World, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL stamps the login itself: tests/integration/test_postgresql_roles.py covers it")
    borlange = instance_id(database_url, "borlange")
    with recorded.services.uow() as uow:
        head = uow.history.head()
    assert head is not None
    plain_sql(
        database_url,
        [
            "UPDATE person SET login = 'bo' WHERE code = 'bo.lund'",
            *(
                f"INSERT INTO history (seq, prev_hash, hash, scheme, instance_id, item_version, at, actor, event, "
                f"from_state, to_state, level, fields, login) VALUES ({head.seq + n}, '{n}{head.hash[1:]}', "
                f"'h{n}', 2, {borlange}, 1, '2027-02-01 09:00:00', 'bo.lund', 'note', 'answered', 'answered', "
                f"NULL, '{{}}', {login})"
                for n, login in ((1, "'bo'"), (2, "'admin'"), (3, "NULL"))
            ),
        ],
    )
    with recorded.services.uow() as uow:
        rows = uow.history.for_instance(borlange)
    assert [(r.login, r.on_behalf) for r in rows[-3:]] == [("bo", False), ("admin", True), (None, False)]


def test_drift_is_counted_and_the_first_instances_named_in_id_order(recorded: World, database_url: str) -> None:
    plain_sql(
        database_url,
        [
            "UPDATE instance SET state = 'implemented' WHERE id IN "
            "(SELECT i.id FROM instance i JOIN organisation o ON o.id = i.org_id "
            "WHERE o.code IN ('falun', 'karlstad', 'region-dalarna'))"
        ],
    )
    with recorded.services.uow() as uow:
        count, first = uow.history.out_of_step()
        same, two = uow.history.out_of_step(limit=2)
        _, every = uow.history.out_of_step(limit=10)
    ids = sorted(instance_id(database_url, org) for org in ("falun", "karlstad", "region-dalarna"))
    assert count == same == 3
    assert len(first) == 1
    assert len(two) == 2
    by_org = {instance_id(database_url, d.org): d for d in every}
    assert sorted(by_org) == ids
    assert [d.org for d in two] == [by_org[i].org for i in ids[:2]]
    karlstad = by_org[instance_id(database_url, "karlstad")]
    assert (karlstad.item, karlstad.org) == (ITEM, "karlstad")
    assert karlstad.stored == ("implemented", None, None, 1)
    assert karlstad.recorded == ("declined", None, None, 1)


def test_the_digest_registered_last_for_a_workflow_version_is_the_one_returned(recorded: World) -> None:
    at = recorded.clock.now()

    def registered(name: str, version: int, digest: str) -> HistoryEntry:
        fact = {"name": name, "version": version, "digest": digest}
        return HistoryEntry(None, at, "system", records.WORKFLOW, None, None, fact)

    with recorded.services.uow(write=True) as uow:
        uow.lock_history()
        uow.history.append_many(
            [
                (registered("probe", 1, "first"), None, None),
                (registered("probe", 2, "other version"), None, None),
                (registered("other", 1, "other name"), None, None),
                (registered("probe", 1, "again"), None, None),
                (
                    HistoryEntry(
                        None, at, "system", "note", None, None, {"name": "probe", "version": 1, "digest": "x"}
                    ),
                    None,
                    None,
                ),
            ]
        )
        uow.commit()
    with recorded.services.uow() as uow:
        assert uow.history.registered_digest("probe", 1) == "again"
        assert uow.history.registered_digest("probe", 2) == "other version"
        assert uow.history.registered_digest("other", 1) == "other name"
        assert uow.history.registered_digest("probe", 3) is None
        assert uow.history.registered_digest("nobody", 1) is None
