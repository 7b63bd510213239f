"""Web sign-in on both backends: links issued, counted, spent once and expiring; sessions; API tokens; the secret.

Races are run for real: two threads (and on PostgreSQL two open transactions,
the second seen waiting on the first's row before the first commits), never
a sleep.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, time, timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy import Connection, text

from kgflow.domain.errors import NotAuthorised, NotFound, RateLimited, UsageError
from kgflow.domain.sign_in import PER_ADDRESS, PER_CLIENT, address_hash, token_hash
from kgflow.persistence.backup import NOT_EXPORTED
from kgflow.persistence.uow import SqlUnitOfWork
from kgflow.service import sign_in
from kgflow.service.backup import export_database
from kgflow.testing import World

ANNA = "anna.andersson@falun.example"
T = TypeVar("T")


def rows(world: World, query: str, **values: object) -> list[Any]:
    with world.app.database.reader.connect() as connection:
        return list(connection.execute(text(query), values).all())


def test_a_link_for_a_known_address_stores_only_its_hash(world: World) -> None:
    issued = sign_in.request_link(world.services, "  Anna.Andersson@Falun.example ", "192.0.2.1")
    assert issued is not None
    assert issued.person.code == "anna.andersson"
    assert issued.expires == world.clock.now() + timedelta(minutes=20)
    [link] = rows(world, "SELECT token_hash, person_id, used_at FROM sign_in_link")
    assert link.token_hash == token_hash(issued.token) != issued.token
    assert link.person_id == issued.person.id
    assert link.used_at is None
    stored = " ".join(str(v) for r in rows(world, "SELECT * FROM sign_in_link") for v in r)
    assert issued.token not in stored
    [request] = rows(world, "SELECT address_hash, client FROM sign_in_request")
    assert (request.address_hash, request.client) == (address_hash(ANNA), "192.0.2.1")


def test_an_unknown_address_gets_no_link_but_is_counted(world: World) -> None:
    assert sign_in.request_link(world.services, "nobody@nowhere.example", "192.0.2.1") is None
    assert sign_in.request_link(world.services, "anna.andersson", "192.0.2.1") is None  # a code is no address
    assert rows(world, "SELECT count(*) AS n FROM sign_in_link")[0].n == 0
    hashes = [r.address_hash for r in rows(world, "SELECT address_hash FROM sign_in_request ORDER BY id")]
    assert hashes == [address_hash("nobody@nowhere.example"), address_hash("anna.andersson")]
    stored = " ".join(str(v) for r in rows(world, "SELECT * FROM sign_in_request") for v in r)
    assert "nobody" not in stored


@pytest.mark.parametrize("address", [ANNA, "nobody@nowhere.example"], ids=["known", "unknown"])
def test_an_address_may_ask_five_times_in_fifteen_minutes(world: World, address: str) -> None:
    for n in range(PER_ADDRESS):
        sign_in.request_link(world.services, address.upper(), f"192.0.2.{n}")
    before = rows(world, "SELECT count(*) AS n FROM sign_in_request")[0].n
    with pytest.raises(RateLimited) as refused:
        sign_in.request_link(world.services, address, "198.51.100.7")
    assert str(refused.value) == "För många begäranden om inloggningslänk på kort tid; försök igen om en stund."
    assert rows(world, "SELECT count(*) AS n FROM sign_in_request")[0].n == before  # nothing recorded
    assert sign_in.request_link(world.services, "someone.else@falun.example", "198.51.100.7") is None
    world.clock.set(world.clock.today(), time(10, 14, 59))
    with pytest.raises(RateLimited):
        sign_in.request_link(world.services, address, "198.51.100.7")
    world.clock.set(world.clock.today(), time(10, 15))
    sign_in.request_link(world.services, address, "198.51.100.7")  # the first requests have left the window


def test_a_client_may_ask_thirty_times_in_fifteen_minutes(world: World) -> None:
    for n in range(PER_CLIENT - 1):
        sign_in.request_link(world.services, f"guess{n}@falun.example", "203.0.113.9")
    assert sign_in.request_link(world.services, ANNA, "203.0.113.9") is not None
    with pytest.raises(RateLimited):
        sign_in.request_link(world.services, ANNA, "203.0.113.9")  # a known address is refused the same way
    with pytest.raises(RateLimited):
        sign_in.request_link(world.services, "guess-more@falun.example", "203.0.113.9")
    assert sign_in.request_link(world.services, ANNA, "203.0.113.10") is not None


def test_old_requests_are_deleted_when_counting(world: World) -> None:
    sign_in.request_link(world.services, ANNA, "192.0.2.1")
    world.clock.set(world.clock.today() + timedelta(days=2))
    sign_in.request_link(world.services, ANNA, "192.0.2.2")
    assert [r.client for r in rows(world, "SELECT client FROM sign_in_request")] == ["192.0.2.2"]


def test_a_link_opens_a_session_once(world: World) -> None:
    issued = sign_in.request_link(world.services, ANNA, "192.0.2.1")
    assert issued is not None
    session = sign_in.use_link(world.services, issued.token)
    assert session.person == issued.person
    assert session.expires == world.clock.now() + timedelta(hours=10)
    assert sign_in.session_person(world.services, session.token) == issued.person
    [stored] = rows(world, "SELECT token_hash FROM web_session")
    assert stored.token_hash == token_hash(session.token)
    with pytest.raises(NotAuthorised) as again:
        sign_in.use_link(world.services, issued.token)
    with pytest.raises(NotAuthorised) as unknown:
        sign_in.use_link(world.services, "not-a-token")
    assert (
        str(again.value)
        == str(unknown.value)
        == ("Inloggningslänken är okänd, redan använd eller för gammal; be om en ny länk.")
    )
    assert rows(world, "SELECT count(*) AS n FROM web_session")[0].n == 1


def test_a_link_expires_after_twenty_minutes(world: World) -> None:
    first = sign_in.request_link(world.services, ANNA, "192.0.2.1")
    second = sign_in.request_link(world.services, ANNA, "192.0.2.1")
    assert first is not None
    assert second is not None
    world.clock.set(world.clock.today(), time(10, 19, 59))
    sign_in.use_link(world.services, first.token)
    world.clock.set(world.clock.today(), time(10, 20))
    with pytest.raises(NotAuthorised, match="för gammal"):
        sign_in.use_link(world.services, second.token)
    assert rows(world, "SELECT count(*) AS n FROM sign_in_link WHERE used_at IS NULL")[0].n == 1


def _race(calls: list[Callable[[], T]]) -> list[T | Exception]:
    """Run the calls at once, in threads released together; each one's result or refusal."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T | Exception:
        start.wait()
        try:
            return call()
        except (NotAuthorised, NotFound) as exc:
            return exc

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_two_uses_of_one_link_at_once_open_one_session(world: World) -> None:
    issued = sign_in.request_link(world.services, ANNA, "192.0.2.1")
    assert issued is not None
    outcomes = _race([lambda: sign_in.use_link(world.services, issued.token)] * 2)
    sessions = [o for o in outcomes if isinstance(o, sign_in.WebSession)]
    assert len(sessions) == 1
    assert [type(o) for o in outcomes if not isinstance(o, sign_in.WebSession)] == [NotAuthorised]
    assert rows(world, "SELECT count(*) AS n FROM web_session")[0].n == 1


@contextmanager
def _open(world: World) -> Iterator[SqlUnitOfWork]:
    with SqlUnitOfWork(world.app.database, write=True) as uow:
        yield uow


def _waiting_on(watcher: Connection, pid: int) -> bool:
    """True while PostgreSQL backend ``pid`` waits for a lock another transaction holds."""
    return bool(watcher.execute(text("SELECT cardinality(pg_blocking_pids(:pid)) > 0"), {"pid": pid}).scalar_one())


def _second_waits_for_first(world: World, first: Callable[[SqlUnitOfWork], object],
                            second: Callable[[SqlUnitOfWork], T]) -> T:  # fmt: skip
    """Run ``first`` in an open transaction, start ``second`` in another, see it wait, then commit the first."""
    pids: list[int] = []
    got: list[T] = []
    with _open(world) as holder:
        first(holder)

        def run() -> None:
            with _open(world) as uow:
                pids.append(int(uow.connection.execute(text("SELECT pg_backend_pid()")).scalar_one()))
                got.append(second(uow))
                uow.commit()

        thread = threading.Thread(target=run)
        thread.start()
        with world.app.database.reader.connect() as watcher:
            while thread.is_alive() and not (pids and _waiting_on(watcher, pids[0])):
                watcher.rollback()
        assert thread.is_alive(), "the second transaction did not wait for the first"
        holder.commit()
    thread.join()
    return got[0]


def test_on_postgresql_a_link_spent_while_another_spends_it_is_refused(world: World, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite lets one writer in at a time; the race above covers it")
    issued = sign_in.request_link(world.services, ANNA, "192.0.2.1")
    assert issued is not None
    hashed = token_hash(issued.token)
    now = world.clock.now()
    winner: list[object] = []
    late = _second_waits_for_first(
        world,
        lambda uow: winner.append(uow.sign_ins.spend_link(hashed, now)),
        lambda uow: uow.sign_ins.spend_link(hashed, now),
    )
    assert winner[0] is not None
    assert winner[0] == issued.person
    assert late is None


def test_on_postgresql_two_first_secrets_at_once_agree(world: World, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite lets one writer in at a time; the race below covers it")
    now = world.clock.now()
    first: list[str] = []
    second = _second_waits_for_first(
        world, lambda uow: first.append(uow.sign_ins.web_secret("aa" * 32, now)),
        lambda uow: uow.sign_ins.web_secret("bb" * 32, now),
    )  # fmt: skip
    assert first == ["aa" * 32]
    assert second == "aa" * 32
    assert sign_in.web_secret(world.services) == bytes.fromhex("aa" * 32)


def test_the_web_secret_is_made_once_and_shared(world: World) -> None:
    made = _race([lambda: sign_in.web_secret(world.services)] * 2)
    assert made[0] == made[1]
    assert isinstance(made[0], bytes)
    assert len(made[0]) == 32
    assert sign_in.web_secret(world.services) == made[0]
    assert rows(world, "SELECT count(*) AS n FROM web_secret")[0].n == 1


def test_a_session_lives_until_it_ends_or_expires(world: World) -> None:
    issued = sign_in.request_link(world.services, ANNA, "192.0.2.1")
    assert issued is not None
    ended = sign_in.use_link(world.services, issued.token)
    sign_in.end_session(world.services, ended.token)
    assert sign_in.session_person(world.services, ended.token) is None
    sign_in.end_session(world.services, ended.token)  # twice is harmless
    assert sign_in.session_person(world.services, "not-a-session") is None
    again = sign_in.request_link(world.services, ANNA, "192.0.2.1")
    assert again is not None
    live = sign_in.use_link(world.services, again.token)
    world.clock.set(world.clock.today(), time(19, 59, 59))
    assert sign_in.session_person(world.services, live.token) == live.person
    world.clock.set(world.clock.today(), time(20, 0))
    assert sign_in.session_person(world.services, live.token) is None


def test_api_tokens_are_issued_listed_used_and_revoked(world: World) -> None:
    token = sign_in.issue_api_token(world.services, "anna.andersson", "  Regionens   system ")
    other = sign_in.issue_api_token(world.services, "bo.lund", "Borlänges skript")
    assert rows(world, "SELECT count(*) AS n FROM api_token WHERE token_hash = :h", h=token_hash(token))[0].n == 1
    [view] = sign_in.api_tokens(world.services, "anna.andersson")
    assert (view.label, view.created_at, view.last_used_at, view.revoked_at) == (
        "Regionens system", world.clock.now(), None, None,
    )  # fmt: skip
    world.clock.set(date(2027, 2, 2))
    person = sign_in.api_token_person(world.services, token)
    assert person is not None
    assert person.code == "anna.andersson"
    assert sign_in.api_tokens(world.services, "anna.andersson")[0].last_used_at == world.clock.now()
    assert sign_in.api_token_person(world.services, "not-a-token") is None
    [bos] = sign_in.api_tokens(world.services, "bo.lund")
    with pytest.raises(NotFound) as refused:
        sign_in.revoke_api_token(world.services, "anna.andersson", bos.id)
    assert str(refused.value) == f"Du har ingen API-nyckel med nummer {bos.id}."
    assert sign_in.api_token_person(world.services, other) is not None
    sign_in.revoke_api_token(world.services, "anna.andersson", view.id)
    assert sign_in.api_token_person(world.services, token) is None
    [revoked] = sign_in.api_tokens(world.services, "anna.andersson")
    assert revoked.revoked_at == world.clock.now()


@pytest.mark.parametrize("label", ["", "   "], ids=["empty", "blank"])
def test_an_api_token_needs_a_label(world: World, label: str) -> None:
    with pytest.raises(UsageError) as refused:
        sign_in.issue_api_token(world.services, "anna.andersson", label)
    assert str(refused.value) == "Ge API-nyckeln en etikett, så att du känner igen den i listan."
    assert rows(world, "SELECT count(*) AS n FROM api_token")[0].n == 0


def test_sign_in_rows_are_neither_exported_nor_in_the_history(world: World) -> None:
    with world.services.uow() as uow:
        history_before = uow.history.count()
    issued = sign_in.request_link(world.services, ANNA, "192.0.2.1")
    assert issued is not None
    session = sign_in.use_link(world.services, issued.token)
    api = sign_in.issue_api_token(world.services, "anna.andersson", "Skript")
    secret = sign_in.web_secret(world.services).hex()
    buffer = io.StringIO()
    export_database(world.services, buffer.write)
    exported = buffer.getvalue()
    tables = {json.loads(line).get("table") for line in exported.splitlines()}
    assert tables.isdisjoint(NOT_EXPORTED)
    assert "person" in tables
    for kept in (token_hash(issued.token), token_hash(session.token), token_hash(api), secret, address_hash(ANNA)):
        assert kept not in exported
    with world.services.uow() as uow:
        assert uow.history.count() == history_before
