"""The outbox's SQL on a real database: which steps a rung window takes, who is told, how digests are claimed.

These call the outbox repository directly, with windows and times chosen at
the edges, so that each rule the SQL encodes — the due range ``low < due <=
high``, the organisation a rung climbs to and the role answering there, the
lease that expires strictly after its end, the token every write must still
hold — fails a test of its own when it breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from kgflow.domain.ladders import Recipient, Rung
from kgflow.persistence.database import Database
from kgflow.persistence.tables import digest, instance, notice, organisation, person
from kgflow.service.ports import RungCount, RungWindow
from kgflow.testing import World

ITEM = "psvf-adhd"
WORKFLOW = "nationellt-kunskapsstod"
DUE = date(2027, 3, 31)
# After the remiss of DUE: the unit answers by 2027-02-15, the kommuner, the LAG and the region by
# 2027-02-22, the LPOs by 2027-03-08, the RPO by 2027-03-22.
UNIT_DUE = date(2027, 2, 15)
KOMMUN_DUE = date(2027, 2, 22)
LPO_DUE = date(2027, 3, 8)
RESPONSIBLE = {
    "npo": "samordnare",
    "rpo": "samordnare",
    "lpo": "sekreterare",
    "lag": "sammankallande",
    "region": "kontaktperson",
    "kommun": "kontaktperson",
    "unit": "kontaktperson",
}
NOTICE = Rung("notice")
SECRETARY_AT_LPO = Recipient("sekreterare", "lpo")


@pytest.fixture
def referred(world: World) -> World:
    world.item(ITEM, "PSVF ADHD")
    world.refer(ITEM, DUE)
    return world


@pytest.fixture
def read(database_url: str) -> Iterator[Any]:
    """Read the tables behind the outbox's back, on a connection of its own."""
    database = Database.from_url(database_url)

    def run(query: Any) -> list[Any]:
        with database.engine.connect() as connection:
            return list(connection.execute(query).all())

    yield run
    database.dispose()


def window(
    high: date,
    low: date | None = None,
    rung: Rung = NOTICE,
    *,
    state: str = "remiss",
    workflow: str = WORKFLOW,
    version: int = 1,
) -> RungWindow:
    return RungWindow(workflow, version, state, rung, low, high, RESPONSIBLE)


def written(world: World, rung_window: RungWindow) -> RungCount:
    with world.services.uow(write=True) as uow:
        result = uow.outbox.queue_rung(rung_window, world.clock.now())
        uow.commit()
    return result


def queue(world: World, rung_window: RungWindow) -> int:
    """How many notices the rung queued to be sent."""
    return written(world, rung_window).queued


def count(world: World, rung_window: RungWindow) -> int:
    with world.services.uow() as uow:
        return uow.outbox.count_rung(rung_window, world.clock.now()).queued


def told(read: Any, status: str = "queued") -> set[tuple[str, str, str]]:
    """(rung, person, organisation they serve in) for every notice with ``status`` (queued: to be sent)."""
    query = (
        select(notice.c.rung, person.c.code, organisation.c.code)
        .join(person, person.c.id == notice.c.person_id)
        .join(organisation, organisation.c.id == notice.c.recipient_org_id)
        .select_from(notice)
        .where(notice.c.status == status)
    )
    return {(row[0], row[1], row[2]) for row in read(query)}


def assembled(world: World) -> int:
    with world.services.uow(write=True) as uow:
        made = uow.outbox.assemble(world.clock.now(), "lpo.example.se")
        uow.commit()
    return made


def claim(world: World, at: datetime, token: str, limit: int = 100, lease: int = 60) -> list[Any]:
    with world.services.uow(write=True) as uow:
        claimed = uow.outbox.claim(at, at + timedelta(seconds=lease), limit, token)
        uow.commit()
    return claimed


def digest_row(read: Any, digest_id: int) -> Any:
    [row] = read(select(digest).where(digest.c.id == digest_id))
    return row


# ------------------------------------------------------------------ the due range of a rung


def test_a_rung_takes_the_steps_due_after_its_low_end_up_to_and_including_its_high_end(
    referred: World, read: Any
) -> None:
    # The unit's step is due on the low end (excluded), the kommuner's on the high end (included).
    assert count(referred, window(KOMMUN_DUE, UNIT_DUE)) == 5
    assert queue(referred, window(KOMMUN_DUE, UNIT_DUE)) == 5
    assert told(read) == {
        ("notice", "lisa.sjo", "lag-dalarna-vuxna"),
        ("notice", "rut.dahl", "region-dalarna"),
        ("notice", "anna.andersson", "falun"),
        ("notice", "bo.lund", "borlange"),
        ("notice", "karl.strand", "karlstad"),
    }
    # The unit, due on the low end, has passed the notice: it is recorded as skipped, never sent.
    assert told(read, "skipped") == {("notice", "elsa.berg", "falun-elevhalsa")}


def test_a_rung_without_a_low_end_takes_every_step_due_by_its_high_end(referred: World, read: Any) -> None:
    assert queue(referred, window(KOMMUN_DUE)) == 6
    assert ("notice", "elsa.berg", "falun-elevhalsa") in told(read)


def test_a_step_due_after_the_high_end_is_not_taken(referred: World, read: Any) -> None:
    assert count(referred, window(KOMMUN_DUE - timedelta(days=1), UNIT_DUE)) == 0
    assert queue(referred, window(KOMMUN_DUE - timedelta(days=1), UNIT_DUE)) == 0
    assert told(read) == set()
    assert told(read, "skipped") == {("notice", "elsa.berg", "falun-elevhalsa")}


@pytest.mark.parametrize(
    "other",
    [
        pytest.param({"state": "to_decide"}, id="another-state"),
        pytest.param({"workflow": "regional-riktlinje"}, id="another-workflow"),
        pytest.param({"version": 2}, id="another-version"),
    ],
)
def test_a_rung_takes_only_the_steps_of_its_own_workflow_version_and_state(
    referred: World, read: Any, other: dict[str, Any]
) -> None:
    assert count(referred, window(LPO_DUE, **other)) == 0
    assert queue(referred, window(LPO_DUE, **other)) == 0
    assert read(select(notice)) == []


def test_queuing_a_rung_twice_queues_nothing_the_second_time(referred: World, read: Any) -> None:
    assert queue(referred, window(KOMMUN_DUE, UNIT_DUE)) == 5
    assert count(referred, window(KOMMUN_DUE, UNIT_DUE)) == 0
    assert queue(referred, window(KOMMUN_DUE, UNIT_DUE)) == 0
    # Another rung for the same steps is news.
    assert count(referred, window(KOMMUN_DUE, UNIT_DUE, Rung("reminder"))) == 5
    assert len(read(select(notice))) == 6  # and the unit's skipped notice


def test_a_queued_notice_records_the_step_its_state_and_due_date_and_waits_queued(referred: World, read: Any) -> None:
    [falun] = read(
        select(instance, organisation.c.id.label("org"))
        .join(organisation, organisation.c.id == instance.c.org_id)
        .where(organisation.c.code == "falun")
    )
    assert queue(referred, window(KOMMUN_DUE, UNIT_DUE)) == 5
    [row] = read(select(notice).where(notice.c.instance_id == falun.id))
    assert (row.step, row.rung, row.state, row.due, row.status) == (
        falun.version,
        "notice",
        "remiss",
        KOMMUN_DUE,
        "queued",
    )
    assert row.recipient_org_id == falun.org
    assert row.digest_id is None
    assert _same_time(row.created_at, referred.clock.now())


# ------------------------------------------------------------------ who is told


def test_an_escalation_tells_the_role_it_names_at_the_nearest_organisation_of_the_kind_it_names(
    referred: World, read: Any
) -> None:
    # From the unit: its huvudman Falun is the nearest kommun, LPO Dalarna the nearest LPO; the LPO's
    # sekreterare and ordförande are told only by the rungs that name them.
    queue(referred, window(UNIT_DUE, rung=Rung("escalation-1", (Recipient("responsible", "kommun"),))))
    queue(referred, window(UNIT_DUE, rung=Rung("escalation-2", (Recipient("ordforande", "lpo"),))))
    assert told(read) == {
        ("escalation-1", "anna.andersson", "falun"),
        ("escalation-2", "olof.ek", "lpo-dalarna"),
    }


def test_a_rung_naming_several_recipients_tells_each_once(referred: World, read: Any) -> None:
    both = (SECRETARY_AT_LPO, Recipient("ordforande", "lpo"), Recipient("responsible"))
    # Five steps: the secretary of their LPO (5), the LPO's chair in Dalarna (4), their own contact (5).
    assert queue(referred, window(KOMMUN_DUE, UNIT_DUE, Rung("escalation-1", both))) == 14
    assert {(who, org) for _, who, org in told(read) if org.startswith("lpo-")} == {
        ("sara.ek", "lpo-dalarna"),
        ("olof.ek", "lpo-dalarna"),
        ("vera.holm", "lpo-varmland"),
    }
    assert ("escalation-1", "bo.lund", "borlange") in told(read)
    assert queue(referred, window(KOMMUN_DUE, UNIT_DUE, Rung("escalation-1", both))) == 0


def test_an_escalation_from_the_steps_below_an_lpo_goes_to_that_lpo(referred: World, read: Any) -> None:
    queue(referred, window(KOMMUN_DUE, UNIT_DUE, Rung("escalation-1", (SECRETARY_AT_LPO,))))
    assert told(read) == {
        ("escalation-1", "sara.ek", "lpo-dalarna"),
        ("escalation-1", "vera.holm", "lpo-varmland"),
    }


def test_nobody_is_told_where_no_one_holds_the_responsible_role(referred: World, read: Any) -> None:
    # Only the kommuner's kontaktperson is responsible: the LAG, the region and the unit are told nothing.
    only_kommuner = RungWindow(WORKFLOW, 1, "remiss", NOTICE, None, KOMMUN_DUE, {"kommun": "kontaktperson"})
    assert queue(referred, only_kommuner) == 3
    assert {who for _, who, _ in told(read)} == {"anna.andersson", "bo.lund", "karl.strand"}


def test_a_step_past_the_telling_rung_is_told_once_and_a_step_told_already_records_it_skipped(
    referred: World, read: Any
) -> None:
    # The kommuner were reminded, the region and the LAG were not. All have passed the notice (the window's
    # low end lies after their due date), and the notice is the rung that tells an organisation itself.
    queue(referred, RungWindow(WORKFLOW, 1, "remiss", Rung("reminder"), None, KOMMUN_DUE, RESPONSIBLE,
                               frozenset({"kommun"})))  # fmt: skip
    telling = RungWindow(WORKFLOW, 1, "remiss", NOTICE, KOMMUN_DUE + timedelta(days=7), KOMMUN_DUE + timedelta(days=7),
                         RESPONSIBLE, frozenset({"kommun", "region", "lag"}), telling=True)  # fmt: skip
    assert written(referred, telling) == RungCount(queued=2, skipped=3)
    assert {(rung, who) for rung, who, _ in told(read) if rung == "notice"} == {
        ("notice", "rut.dahl"),
        ("notice", "lisa.sjo"),
    }
    assert {who for _, who, _ in told(read, "skipped")} == {"anna.andersson", "bo.lund", "karl.strand"}
    assert written(referred, telling) == RungCount()
    # A rung that does not tell the organisation itself is recorded skipped by every step past it.
    passed = RungWindow(WORKFLOW, 1, "remiss", Rung("escalation-1", (SECRETARY_AT_LPO,)),
                        KOMMUN_DUE + timedelta(days=7), KOMMUN_DUE + timedelta(days=7), RESPONSIBLE)  # fmt: skip
    assert written(referred, passed) == RungCount(queued=0, skipped=6)


def hold(database_url: str, org: str) -> None:
    database = Database.from_url(database_url)
    try:
        with database.engine.begin() as connection:
            at = select(organisation.c.id).where(organisation.c.code == org)
            connection.execute(update(instance).where(instance.c.org_id.in_(at)).values(held_since=KOMMUN_DUE))
    finally:
        database.dispose()


def test_a_held_step_is_neither_taken_nor_counted(referred: World, read: Any, database_url: str) -> None:
    hold(database_url, "borlange")
    assert count(referred, window(KOMMUN_DUE, UNIT_DUE)) == 4
    assert queue(referred, window(KOMMUN_DUE, UNIT_DUE)) == 4
    assert "bo.lund" not in {who for _, who, _ in told(read)}


def test_a_rung_to_the_forum_reaches_the_chair_of_the_forum_of_the_lan_that_decides_for_the_huvudman(
    referred: World, read: Any
) -> None:
    # In län 20 Länschefsnätverket decides for the kommuner and the Länsgemensam ledningsgrupp for region and
    # kommuner; a second forum for the kommuner only is added, and one in Värmland that decides for nobody in Dalarna.
    referred.org("Socialchefsnätverket Dalarna", "body", "LPO psykisk hälsa Dalarna", lan="20", decides_for="kommun")
    referred.person("Sven Sol", "ordforande", "Socialchefsnätverket Dalarna")
    referred.org("Forum Värmland", "body", "LPO psykisk hälsa Värmland", lan="17", decides_for="region kommun")
    referred.person("Viktor Vik", "ordforande", "Forum Värmland")
    forum_chair = (Recipient("ordforande", "forum"),)
    queue(referred, window(KOMMUN_DUE, rung=Rung("escalation-1", forum_chair)))
    sent = {(who, org) for _, who, org in told(read)}
    assert ("greta.lund", "lanschefsnatverket-dalarna") in sent
    assert ("sven.sol", "socialchefsnatverket-dalarna") in sent
    assert ("viktor.vik", "forum-varmland") in sent  # for Karlstad
    by_step = {
        (row.code, row.recipient)
        for row in read(
            select(organisation.c.code, person.c.code.label("recipient"))
            .join(instance, instance.c.org_id == organisation.c.id)
            .join(notice, notice.c.instance_id == instance.c.id)
            .join(person, person.c.id == notice.c.person_id)
        )
    }
    # The region's forum is the joint one only; the unit's are its kommun's; Värmland's forum is not Dalarna's.
    kommunernas = {"greta.lund", "sven.sol", "maja.oberg"}
    assert {who for org, who in by_step if org == "region-dalarna"} == {"maja.oberg"}
    assert {who for org, who in by_step if org == "falun-elevhalsa"} == kommunernas
    assert {who for org, who in by_step if org == "borlange"} == kommunernas
    assert {who for org, who in by_step if org == "karlstad"} == {"viktor.vik"}
    # An LPO's (or a LAG's) step goes to every forum of its län.
    assert {who for org, who in by_step if org == "lag-dalarna-vuxna"} == kommunernas


# ------------------------------------------------------------------ cancelling and assembling


def test_a_finished_step_cancels_only_its_queued_notices(referred: World, read: Any) -> None:
    queue(referred, window(KOMMUN_DUE, UNIT_DUE))
    referred.advance(ITEM, "borlange", "answer", "Bo Lund", ref="Svar")
    with referred.services.uow(write=True) as uow:
        assert uow.outbox.cancel_finished() == 1
        assert uow.outbox.cancel_finished() == 0
        uow.commit()
    statuses = {row.code: (row.status, row.reason) for row in read(_notices_by_org())}
    assert statuses.pop("borlange") == ("cancelled", "steget togs innan meddelandet hann skickas")
    assert statuses.pop("falun-elevhalsa") == ("skipped", None)
    assert set(statuses.values()) == {("queued", None)}


def _notices_by_org() -> Any:
    return (
        select(organisation.c.code, notice.c.status, notice.c.reason, notice.c.digest_id, notice.c.id)
        .join(instance, instance.c.id == notice.c.instance_id)
        .join(organisation, organisation.c.id == instance.c.org_id)
    )


def test_a_finished_step_leaves_notices_already_in_a_digest_alone(referred: World, read: Any) -> None:
    queue(referred, window(KOMMUN_DUE, UNIT_DUE))
    assert assembled(referred) == 5
    referred.advance(ITEM, "borlange", "answer", "Bo Lund", ref="Svar")
    with referred.services.uow(write=True) as uow:
        assert uow.outbox.cancel_finished() == 0
        uow.commit()
    assert {row.status for row in read(_notices_by_org()) if row.code != "falun-elevhalsa"} == {"assigned"}


def test_assembling_makes_one_digest_per_person_with_everything_queued_for_them(referred: World, read: Any) -> None:
    queue(referred, window(KOMMUN_DUE, UNIT_DUE))
    queue(referred, window(KOMMUN_DUE, UNIT_DUE, Rung("escalation-1", (SECRETARY_AT_LPO,))))
    assert assembled(referred) == 7
    assert assembled(referred) == 0
    digests = read(select(digest, person.c.code).join(person, person.c.id == digest.c.person_id))
    assert sorted(row.code for row in digests) == sorted(
        ["lisa.sjo", "rut.dahl", "anna.andersson", "bo.lund", "karl.strand", "sara.ek", "vera.holm"]
    )
    now = referred.clock.now()
    for row in digests:
        assert (row.status, row.attempts, row.lease_until, row.claim_token) == ("pending", 0, None, None)
        assert re.fullmatch(r"<kgflow\.[0-9a-f]{32}@lpo\.example\.se>", row.message_id)
        assert _same_time(row.next_attempt_at, now)
        assert _same_time(row.created_at, now)
    by_person = {row.id: row.person_id for row in digests}
    notices = read(select(notice).where(notice.c.status != "skipped"))
    assert {row.status for row in notices} == {"assigned"}
    # A skipped rung is never gathered into a digest.
    assert {row.digest_id for row in read(select(notice).where(notice.c.status == "skipped"))} == {None}
    assert all(by_person[row.digest_id] == row.person_id for row in notices)
    [sara] = [row for row in digests if row.code == "sara.ek"]
    assert len([row for row in notices if row.digest_id == sara.id]) == 4  # the LAG, the region, Falun and Borlänge


def test_assembling_leaves_cancelled_notices_out(referred: World, read: Any) -> None:
    queue(referred, window(KOMMUN_DUE, UNIT_DUE))
    referred.advance(ITEM, "borlange", "answer", "Bo Lund", ref="Svar")
    with referred.services.uow(write=True) as uow:
        uow.outbox.cancel_finished()
        uow.commit()
    assert assembled(referred) == 4
    statuses = {row.code: (row.status, row.digest_id) for row in read(_notices_by_org())}
    assert statuses.pop("borlange") == ("cancelled", None)
    assert statuses.pop("falun-elevhalsa") == ("skipped", None)
    assert all(status == "assigned" and digest_id is not None for status, digest_id in statuses.values())


def _same_time(stored: datetime, expected: datetime) -> bool:
    """A stored instant equals ``expected`` (SQLite gives back naive UTC, PostgreSQL aware times)."""
    if stored.tzinfo is None:
        return stored == expected.astimezone(UTC).replace(tzinfo=None)
    return stored == expected


# ------------------------------------------------------------------ claims, leases and tokens


@pytest.fixture
def pending(referred: World) -> World:
    """Five digests waiting, one for each answerer of a kommun, the LAG and the region."""
    queue(referred, window(KOMMUN_DUE, UNIT_DUE))
    assert assembled(referred) == 5
    return referred


def test_a_claim_takes_the_oldest_due_digests_up_to_its_limit_and_counts_the_attempt(pending: World, read: Any) -> None:
    now = pending.clock.now()
    first = claim(pending, now, "first", limit=2)
    all_ids = sorted(row.id for row in read(select(digest)))
    assert [d.id for d in first] == all_ids[:2]
    assert [d.attempts for d in first] == [1, 1]
    assert {d.token for d in first} == {"first"}
    rest = claim(pending, now, "second")
    assert [d.id for d in rest] == all_ids[2:]
    for claimed in first + rest:
        row = digest_row(read, claimed.id)
        [who] = read(select(person).where(person.c.id == row.person_id))
        assert (claimed.message_id, claimed.person_code, claimed.person_name, claimed.email) == (
            row.message_id,
            who.code,
            who.name,
            who.email,
        )
        assert row.claim_token == claimed.token
        assert _same_time(row.lease_until, now + timedelta(seconds=60))
    assert claim(pending, now, "third") == []


def test_a_claim_takes_the_oldest_digest_first_even_when_a_younger_one_came_due_earlier(pending: World) -> None:
    now = pending.clock.now()
    [oldest, *younger] = claim(pending, now, "mine")
    with pending.services.uow(write=True) as uow:
        assert uow.outbox.mark_retry(oldest.id, "mine", now + timedelta(seconds=1), "421 busy")
        assert uow.outbox.release("mine") == len(younger)
        uow.commit()
    taken = claim(pending, now + timedelta(seconds=2), "next", limit=2)
    assert [d.id for d in taken] == [oldest.id, younger[0].id]


def test_a_lease_holds_up_to_and_including_its_last_instant(pending: World) -> None:
    now = pending.clock.now()
    held = claim(pending, now, "mine", lease=60)
    assert claim(pending, now + timedelta(seconds=60), "theirs") == []
    taken = claim(pending, now + timedelta(seconds=60, microseconds=1), "theirs")
    assert [d.id for d in taken] == [d.id for d in held]
    assert [d.attempts for d in taken] == [2] * len(held)


def test_a_digest_to_retry_is_claimable_from_its_next_attempt_on_and_not_before(pending: World, read: Any) -> None:
    now = pending.clock.now()
    [first, *_] = claim(pending, now, "mine", lease=3600)
    later = now + timedelta(minutes=10)
    with pending.services.uow(write=True) as uow:
        assert uow.outbox.mark_retry(first.id, "mine", later, "421 try again")
        assert not uow.outbox.mark_retry(first.id, "mine", later, "again")
        uow.commit()
    row = digest_row(read, first.id)
    assert (row.status, row.reason, row.claim_token, row.lease_until) == ("pending", "421 try again", None, None)
    assert _same_time(row.next_attempt_at, later)
    # The others are still leased for an hour; this one waits for its next attempt.
    assert claim(pending, later - timedelta(microseconds=1), "early") == []
    [again] = claim(pending, later, "again")
    assert (again.id, again.attempts) == (first.id, 2)


def test_sent_and_dead_digests_are_never_claimed(pending: World) -> None:
    now = pending.clock.now()
    [sent, dead, *rest] = claim(pending, now, "mine")
    with pending.services.uow(write=True) as uow:
        assert uow.outbox.mark_sent(sent.id, "mine", now)
        assert uow.outbox.mark_dead(dead.id, "mine", "550 no such user")
        assert uow.outbox.release("mine") == len(rest)
        uow.commit()
    later = now + timedelta(days=1)
    assert sorted(d.id for d in claim(pending, later, "next")) == sorted(d.id for d in rest)


def test_renewing_extends_only_the_holders_pending_digests(pending: World) -> None:
    now = pending.clock.now()
    mine = claim(pending, now, "mine", limit=3)
    theirs = claim(pending, now, "theirs")
    with pending.services.uow(write=True) as uow:
        assert uow.outbox.mark_sent(mine[0].id, "mine", now)
        assert uow.outbox.renew("mine", now + timedelta(seconds=600)) == 2
        assert uow.outbox.renew("nobody", now + timedelta(seconds=600)) == 0
        uow.commit()
    after_first_lease = now + timedelta(seconds=61)
    again = claim(pending, after_first_lease, "next")
    assert sorted(d.id for d in again) == sorted(d.id for d in theirs)


def test_a_released_claim_can_be_taken_straight_away_and_its_old_token_settles_nothing(
    pending: World, read: Any
) -> None:
    now = pending.clock.now()
    mine = claim(pending, now, "mine", limit=2)
    others = claim(pending, now, "others")
    with pending.services.uow(write=True) as uow:
        assert uow.outbox.release("mine") == 2
        assert uow.outbox.release("mine") == 0
        uow.commit()
    for d in mine:
        row = digest_row(read, d.id)
        assert (row.claim_token, row.lease_until, row.status) == (None, None, "pending")
    for d in others:
        assert digest_row(read, d.id).claim_token == "others"
    with pending.services.uow(write=True) as uow:
        # Nobody has claimed them again yet, and still the old token holds nothing.
        assert uow.outbox.renew("mine", now + timedelta(seconds=600)) == 0
        assert not uow.outbox.mark_sent(mine[0].id, "mine", now)
        uow.commit()
    taken = claim(pending, now, "new")
    assert [d.id for d in taken] == [d.id for d in mine]
    with pending.services.uow(write=True) as uow:
        assert not uow.outbox.mark_sent(mine[0].id, "mine", now)
        assert not uow.outbox.mark_dead(mine[0].id, "mine", "stale")
        assert (
            uow.outbox.mark_notices_dead(mine[0].id, "mine", [n.id for n in uow.outbox.notices_of(mine[0].id)], "x")
            == 0
        )
        uow.commit()
    assert digest_row(read, mine[0].id).claim_token == "new"


def test_marking_sent_settles_the_digest_and_its_live_notices(pending: World, read: Any) -> None:
    now = pending.clock.now()
    [first, second, *_] = claim(pending, now, "mine")
    later = now + timedelta(minutes=10)
    with pending.services.uow(write=True) as uow:
        uow.outbox.mark_retry(first.id, "mine", now, "421 busy")
        uow.commit()
    claim(pending, now + timedelta(seconds=1), "again")
    with pending.services.uow(write=True) as uow:
        assert not uow.outbox.mark_sent(first.id, "mine", later)
        assert not uow.outbox.mark_sent(second.id, "again", later)
        assert uow.outbox.mark_sent(first.id, "again", later)
        assert not uow.outbox.mark_sent(first.id, "again", later)
        uow.commit()
    row = digest_row(read, first.id)
    assert (row.status, row.reason, row.claim_token, row.lease_until) == ("sent", None, None, None)
    assert _same_time(row.sent_at, later)
    assert {n.status for n in read(select(notice).where(notice.c.digest_id == first.id))} == {"sent"}
    assert {n.status for n in read(select(notice).where(notice.c.digest_id == second.id))} == {"assigned"}


def test_a_notice_given_up_stays_dead_when_its_digest_is_sent(referred: World, read: Any) -> None:
    queue(referred, window(KOMMUN_DUE, UNIT_DUE, Rung("reminder")))
    queue(referred, window(KOMMUN_DUE, UNIT_DUE))
    assert assembled(referred) == 5
    now = referred.clock.now()
    [with_two, other, *_] = claim(referred, now, "mine")
    with referred.services.uow(write=True) as uow:
        poison, good = uow.outbox.notices_of(with_two.id)
        other_notice, _ = uow.outbox.notices_of(other.id)
        assert uow.outbox.mark_notices_dead(with_two.id, "mine", [], "x") == 0
        assert uow.outbox.mark_notices_dead(with_two.id, "theirs", [poison.id], "x") == 0
        # A notice of another digest named by mistake is not touched.
        assert uow.outbox.mark_notices_dead(with_two.id, "mine", [poison.id, other_notice.id], "cannot render") == 1
        assert [n.id for n in uow.outbox.notices_of(with_two.id)] == [good.id]
        assert uow.outbox.mark_sent(with_two.id, "mine", now)
        # Sent, the digest is no longer held, though "mine" still holds the others: its notices are settled.
        assert uow.outbox.mark_notices_dead(with_two.id, "mine", [good.id], "too late") == 0
        uow.commit()
    statuses = {row.id: (row.status, row.reason) for row in read(select(notice))}
    assert statuses[poison.id] == ("dead", "cannot render")
    assert statuses[good.id] == ("sent", None)
    assert statuses[other_notice.id] == ("assigned", None)


def test_a_dead_digest_takes_its_live_notices_with_it_saying_why(pending: World, read: Any) -> None:
    now = pending.clock.now()
    [first, second, *_] = claim(pending, now, "mine")
    with pending.services.uow(write=True) as uow:
        assert not uow.outbox.mark_dead(first.id, "theirs", "550 no such user")
        assert uow.outbox.mark_dead(first.id, "mine", "550 no such user")
        assert not uow.outbox.mark_dead(first.id, "mine", "again")
        uow.commit()
    row = digest_row(read, first.id)
    assert (row.status, row.reason, row.claim_token, row.lease_until, row.sent_at) == (
        "dead",
        "550 no such user",
        None,
        None,
        None,
    )
    assert {(n.status, n.reason) for n in read(select(notice).where(notice.c.digest_id == first.id))} == {
        ("dead", "550 no such user")
    }
    assert {n.status for n in read(select(notice).where(notice.c.digest_id == second.id))} == {"assigned"}


# ------------------------------------------------------------------ reading


def test_a_digest_lists_its_live_notices_by_item_title_then_organisation(referred: World, read: Any) -> None:
    referred.item("psvf-schizofreni", "Schizofreni")  # titled after "PSVF ADHD"
    referred.refer("psvf-schizofreni", DUE)
    referred.item("adhd-barn", "Adhd hos barn")  # titled before both
    referred.refer("adhd-barn", DUE)
    # The unit's escalation to the LPO is queued first, yet listed after Falun's, beside its kommun.
    queue(referred, window(UNIT_DUE, rung=Rung("escalation-2", (SECRETARY_AT_LPO,))))
    queue(referred, window(KOMMUN_DUE, UNIT_DUE, Rung("escalation-1", (SECRETARY_AT_LPO,))))
    assembled(referred)
    [sara] = [d for d in claim(referred, referred.clock.now(), "mine") if d.person_code == "sara.ek"]
    with referred.services.uow(write=True) as uow:
        seen = uow.outbox.notices_of(sara.id)
        # A notice given up is no longer listed.
        assert uow.outbox.mark_notices_dead(sara.id, "mine", [seen[-1].id], "cannot render") == 1
        live = uow.outbox.notices_of(sara.id)
        uow.commit()
    assert live == seen[:-1]
    paths = {row.code: row.path for row in read(select(organisation.c.code, organisation.c.path))}
    below = sorted(
        ["lag-dalarna-vuxna", "region-dalarna", "falun", "falun-elevhalsa", "borlange"], key=paths.__getitem__
    )
    assert below.index("falun-elevhalsa") == below.index("falun") + 1
    assert [(n.item_title, n.item_code, n.org_code) for n in seen] == [
        (title, code, org)
        for title, code in (("Adhd hos barn", "adhd-barn"), ("PSVF ADHD", ITEM), ("Schizofreni", "psvf-schizofreni"))
        for org in below
    ]
    names = {
        "lag-dalarna-vuxna": "LAG psykisk hälsa vuxna Dalarna",
        "region-dalarna": "Region Dalarna",
        "falun": "Falun",
        "falun-elevhalsa": "Elevhälsan Falun",
        "borlange": "Borlänge",
    }
    assert all(n.org_name == names[n.org_code] for n in seen)
    assert {(n.rung, n.state, n.due, n.recipient_org, n.workflow, n.workflow_version) for n in seen} == {
        ("escalation-1", "remiss", KOMMUN_DUE, "LPO psykisk hälsa Dalarna", WORKFLOW, 1),
        ("escalation-2", "remiss", UNIT_DUE, "LPO psykisk hälsa Dalarna", WORKFLOW, 1),
    }
    by_id = {row.id: row for row in read(select(notice).where(notice.c.digest_id == sara.id))}
    assert all(by_id[n.id].rung == n.rung for n in seen)


def test_the_digest_list_is_newest_first_filtered_by_status_with_its_notices_counted(pending: World) -> None:
    now = pending.clock.now()
    claimed = claim(pending, now, "mine")
    with pending.services.uow(write=True) as uow:
        assert uow.outbox.mark_sent(claimed[0].id, "mine", now)
        assert uow.outbox.mark_dead(claimed[1].id, "mine", "550")
        uow.commit()
    with pending.services.uow() as uow:
        everything = uow.outbox.digests()
        sent = uow.outbox.digests("sent")
        dead = uow.outbox.digests("dead")
        waiting = uow.outbox.digests("pending")
        counts = uow.outbox.counts()
    assert [d.id for d in everything] == sorted((d.id for d in claimed), reverse=True)
    assert [(d.id, d.status, d.notices, d.sent_at, d.reason) for d in sent] == [(claimed[0].id, "sent", 1, now, None)]
    assert [(d.id, d.status, d.sent_at, d.reason) for d in dead] == [(claimed[1].id, "dead", None, "550")]
    assert len(waiting) == 3
    assert {d.attempts for d in everything} == {1}
    assert all(d.created_at == now and d.created_at.tzinfo is not None for d in everything)
    assert {(d.person_code, d.email, d.message_id) for d in sent} == {
        (claimed[0].person_code, claimed[0].email, claimed[0].message_id)
    }
    assert sorted(d.message_id for d in everything) == sorted(d.message_id for d in claimed)
    assert counts == {"sent": 1, "dead": 1, "assigned": 3, "skipped": 1}
