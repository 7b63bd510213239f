"""The history is append-only and hash-chained (R12): every kind of tampering is caught."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest
from sqlalchemy import select, text

from kgflow.domain.audit import ChainRow, expected_hash
from kgflow.domain.errors import DatabaseRefused, HistoryBroken
from kgflow.persistence.database import Database
from kgflow.persistence.tables import history
from kgflow.service.audit import checkpoint, verify
from kgflow.service.queries import status
from kgflow.testing import World, application
from tests.processes import kgflow
from tests.tamper import fail_inserts_of, plain_sql, switch_off_append_only

ITEM = "psvf-adhd"


@pytest.fixture
def recorded(world: World) -> World:
    """An item referred and answered by a few: some twenty history rows."""
    world.item(ITEM, "PSVF ADHD")
    world.refer(ITEM, date(2027, 3, 31))
    world.advance(ITEM, "Borlänge", "answer", "Bo Lund", ref="KS 1")
    world.advance(ITEM, "Elevhälsan Falun", "answer", "Elsa Berg", ref="EH 1")
    world.advance(ITEM, "Karlstad", "decline", "Karl Strand", values={"reason": "Inga synpunkter"})
    return world


def rewrite_from(database_url: str, first_seq: int) -> None:
    """Recompute every hash from ``first_seq`` on, so the chain is consistent again after an edit."""
    database = Database.from_url(database_url)
    with database.engine.begin() as connection:
        switch_off_append_only(connection)
        rows = connection.execute(select(history).order_by(history.c.seq)).all()
        previous = rows[first_seq - 2].hash if first_seq > 1 else "0" * 64
        for row in rows[first_seq - 1 :]:
            digest = expected_hash(ChainRow(
                row.seq, row.instance_id, row.item_version, row.at, row.actor, row.event, row.from_state,
                row.to_state, row.level, row.fields, row.note, previous, "", row.login, row.target_level, row.scheme,
            ))  # fmt: skip
            connection.execute(
                text("UPDATE history SET prev_hash = :p, hash = :h WHERE seq = :s"),
                {"p": previous, "h": digest, "s": row.seq},
            )
            previous = digest
    database.dispose()


def test_an_untouched_history_verifies(recorded: World) -> None:
    head = checkpoint(recorded.services)
    assert head is not None
    verdict = verify(recorded.services, str(head))
    assert verdict.ok
    assert verdict.rows == head.seq >= 13


@pytest.mark.parametrize(
    ("statements", "fragment"),
    [
        pytest.param(
            ["UPDATE history SET note = 'ändrad i efterhand' WHERE seq = 5"],
            "rad 5 har ändrats",
            id="edit-a-row-in-the-middle",
        ),
        pytest.param(
            ["UPDATE history SET actor = 'mallory' WHERE seq = 7"], "rad 7 har ändrats", id="change-who-did-it"
        ),
        pytest.param(
            ["DELETE FROM history WHERE seq = 5"], "kedjan är bruten vid rad 5: rad 5 saknas", id="delete-a-row"
        ),
        pytest.param(
            [
                "UPDATE history SET seq = -1 WHERE seq = 5",
                "UPDATE history SET seq = 5 WHERE seq = 6",
                "UPDATE history SET seq = 6 WHERE seq = -1",
            ],
            "rad 5 följer inte på rad 4",
            id="swap-two-rows",
        ),
    ],
)
def test_tampering_names_the_first_row_that_does_not_match(
    recorded: World, database_url: str, statements: list[str], fragment: str
) -> None:
    plain_sql(database_url, statements, append_only_off=True)
    with pytest.raises(HistoryBroken, match=fragment):
        verify(recorded.services)


def test_a_cut_tail_is_caught_by_a_checkpoint(recorded: World, database_url: str) -> None:
    filed = checkpoint(recorded.services)
    assert filed is not None
    plain_sql(database_url, [f"DELETE FROM history WHERE seq > {filed.seq - 3}"], append_only_off=True)
    # What is left is a consistent chain, but the instances no longer stand where it leaves them...
    with pytest.raises(HistoryBroken, match="men dess historik säger"):
        verify(recorded.services)
    with pytest.raises(HistoryBroken, match="rader har klippts bort"):
        verify(recorded.services, str(filed))  # ...and the diarium remembers more


def test_a_chain_rewritten_after_an_edit_is_caught_by_a_checkpoint(recorded: World, database_url: str) -> None:
    filed = checkpoint(recorded.services)
    assert filed is not None
    plain_sql(database_url, ["UPDATE history SET note = 'efterhandskonstruktion' WHERE seq = 4"], append_only_off=True)
    rewrite_from(database_url, 4)
    assert verify(recorded.services).ok
    with pytest.raises(HistoryBroken, match="kedjan har skrivits om"):
        verify(recorded.services, str(filed))


def test_the_history_cannot_be_updated_or_deleted(recorded: World, database_url: str) -> None:
    for statement in ("UPDATE history SET note = 'x' WHERE seq = 1", "DELETE FROM history WHERE seq = 1"):
        with pytest.raises(Exception, match="append-only"):
            plain_sql(database_url, [statement])
    assert verify(recorded.services).ok


def test_a_failing_history_insert_rolls_back_the_state_change(recorded: World, database_url: str) -> None:
    fail_inserts_of(database_url, "answer")
    with pytest.raises(
        DatabaseRefused, match=r"^Databasen vägrade ändringen \(refused by a test trigger\); ingenting ändrades\.$"
    ):
        recorded.advance(ITEM, "Region Dalarna", "answer", "Rut Dahl", ref="R 1")
    [line] = [line for line in status(recorded.services, ITEM, "region-dalarna") if line.row.org == "region-dalarna"]
    assert line.row.state == "remiss"
    assert verify(recorded.services).ok


def test_audit_from_the_command_line(recorded: World, database_url: str) -> None:
    filed = kgflow(database_url, "audit", "checkpoint").stdout.strip()
    ok = kgflow(database_url, "audit", "verify", "--checkpoint", filed)
    assert ok.returncode == 0, ok.stderr
    assert "Historiken stämmer" in ok.stdout
    plain_sql(database_url, ["UPDATE history SET event = 'decline' WHERE seq = 11"], append_only_off=True)
    broken = kgflow(database_url, "audit", "verify")
    assert broken.returncode == 8
    assert (
        broken.stderr.strip()
        == "kgflow: Historiken går inte att verifiera: rad 11 har ändrats: innehållet stämmer inte med dess hash."
    )
    bad = kgflow(database_url, "audit", "verify", "--checkpoint", "12:beef")
    assert bad.returncode == 2
    assert bad.stderr == "kgflow: '12:beef' är ingen kontrollpunkt; en kontrollpunkt ser ut som 1234:<64 hexsiffror>.\n"


def _answer_seq(database_url: str) -> int:
    database = Database.from_url(database_url)
    with database.engine.begin() as connection:
        seq = connection.execute(text("SELECT min(seq) FROM history WHERE event = 'answer'")).scalar_one()
    database.dispose()
    return int(seq)


@pytest.mark.parametrize(
    "change",
    [
        "instance_id = (SELECT min(id) FROM instance)",
        "item_version = 2",
        "at = '2020-01-01 00:00:00+00:00'",
        "login = 'mallory'",
        "actor = 'mallory'",
        "event = 'decline'",
        "from_state = 'draft'",
        "to_state = 'declined'",
        "level = 3",
        "target_level = 3",
        'fields = \'{"ref": "falsk"}\'',
        "note = 'i efterhand'",
        "scheme = 1",
        "prev_hash = '" + "1" * 64 + "'",
    ],
    ids=lambda change: change.split(" = ")[0],
)
def test_every_hashed_field_is_covered(recorded: World, database_url: str, change: str) -> None:
    seq = _answer_seq(database_url)
    plain_sql(database_url, [f"UPDATE history SET {change} WHERE seq = {seq}"], append_only_off=True)
    with pytest.raises(HistoryBroken, match=rf"rad {seq} (har ändrats|följer inte)"):
        verify(recorded.services)


def test_a_row_made_up_between_two_steps_is_named(recorded: World, database_url: str) -> None:
    """A row hashed as kgflow would hash it, but moving its instance from a state it was never in."""
    database = Database.from_url(database_url)
    with database.engine.begin() as connection:
        head = connection.execute(text("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1")).one()
        at = recorded.clock.now()
        made_up = ChainRow(head.seq + 1, 3, 1, at, "nora.lind", "reach_level", "gap_done", "implemented", 3, "{}",
                           None, head.hash, "")  # fmt: skip
        connection.execute(
            text(
                "INSERT INTO history (seq, prev_hash, hash, scheme, instance_id, item_version, at, actor, event, "
                "from_state, to_state, level, fields) VALUES (:seq, :prev, :hash, 2, 3, 1, :at, 'nora.lind', "
                "'reach_level', 'gap_done', 'implemented', 3, '{}')"
            ),
            {"seq": made_up.seq, "prev": head.hash, "hash": expected_hash(made_up), "at": at},
        )
    database.dispose()
    with pytest.raises(HistoryBroken, match=rf"rad {head.seq + 1} flyttar sitt ärende från gap_done, men raderna "
                                            r"före lämnade det i remiss: ett steg saknas eller är påhittat"):  # fmt: skip
        verify(recorded.services)


@pytest.mark.parametrize(
    ("statement", "fragment"),
    [
        (
            "UPDATE instance SET state = 'implemented' WHERE id = 3",
            "står på läge implemented",
        ),
        (
            "UPDATE instance SET level = 3 WHERE id = 3",
            "nivå 3, målnivå ingen, version 1, men dess historik säger läge remiss",
        ),
        (
            "UPDATE instance SET target_level = 1 WHERE id = 3",
            "målnivå 1, version 1, men dess historik säger läge remiss",
        ),
        ("UPDATE instance SET item_version_id = (SELECT max(id) FROM item_version) WHERE id = 3", None),
    ],
    ids=["state", "level", "target", "version"],
)
def test_a_hand_edited_instance_is_named(
    recorded: World, database_url: str, statement: str, fragment: str | None
) -> None:
    if "item_version_id" in statement:
        recorded.advance(ITEM, "npo-psykisk-halsa", "answer", "Nora Lind", ref="Sammanställt", force=True,
                         note="Utan de sista")  # fmt: skip
        plain_sql(database_url, ["INSERT INTO item_version (item_id, number, status, workflow, workflow_version, "
                                 "created_at) SELECT item_id, 2, 'draft', workflow, workflow_version, created_at "
                                 "FROM item_version"])  # fmt: skip
        fragment = "version 2, men dess historik säger"
    plain_sql(database_url, [statement])
    with pytest.raises(HistoryBroken, match=r"^Databasen stämmer inte med sin historik: .*" + re.escape(fragment)):
        verify(recorded.services)


@pytest.mark.parametrize(
    ("statement", "fragment"),
    [
        (
            "INSERT INTO role_assignment (person_id, org_id, role) SELECT p.id, o.id, 'samordnare' FROM person p, "
            "organisation o WHERE p.code = 'bo.lund' AND o.code = 'npo-psykisk-halsa'",
            "bo.lund har rollen samordnare vid npo-psykisk-halsa, vilket historiken aldrig registrerade",
        ),
        (
            "DELETE FROM role_assignment WHERE person_id = (SELECT id FROM person WHERE code = 'bo.lund')",
            "historiken registrerar bo.lund som kontaktperson vid borlange, men databasen har inte längre den rollen",
        ),
        (
            "UPDATE person SET email = 'mallory@evil.example' WHERE code = 'bo.lund'",
            "personen 'bo.lund' skiljer sig från det historiken registrerade (email)",
        ),
        (
            "UPDATE person SET login = 'mallory' WHERE code = 'bo.lund'",
            "personen 'bo.lund' skiljer sig från det historiken registrerade (login)",
        ),
        (
            "UPDATE organisation SET name = 'Falska kommunen' WHERE code = 'borlange'",
            "organisationen 'borlange' skiljer sig från det historiken registrerade (name)",
        ),
        (
            "INSERT INTO organisation_link (org_id, parent_id) SELECT o.id, p.id FROM organisation o, organisation p "
            "WHERE o.code = 'borlange' AND p.code = 'lpo-varmland'",
            "organisationen 'borlange' skiljer sig från det historiken registrerade (also_under)",
        ),
        (
            "UPDATE organisation SET short_name = 'Falskby' WHERE code = 'borlange'",
            "organisationen 'borlange' skiljer sig från det historiken registrerade (short_name)",
        ),
        (
            "UPDATE organisation SET routes = routes || ' /' || (SELECT id FROM organisation WHERE code = "
            "'lpo-varmland') || '/' || id || '/' WHERE code = 'borlange'",
            "organisationen 'borlange' står under andra organisationer än dess överordnade säger",
        ),
        (
            "UPDATE workflow_definition SET source = source || ' '",
            "den lagrade texten för arbetsflödet nationellt-kunskapsstod version 1 stämmer inte med sin kontrollsumma",
        ),
    ],
    ids=[
        "role-added",
        "role-removed",
        "email",
        "login",
        "organisation",
        "link",
        "short-name",
        "routes",
        "workflow-text",
    ],
)
def test_what_the_history_vouches_for_is_checked(
    recorded: World, database_url: str, statement: str, fragment: str
) -> None:
    plain_sql(database_url, [statement])
    with pytest.raises(HistoryBroken, match=re.escape(fragment)):
        verify(recorded.services)


def test_a_workflow_text_rewritten_with_its_digest_is_refused(recorded: World, database_url: str) -> None:
    database = Database.from_url(database_url)
    with database.engine.begin() as connection:
        source = connection.execute(text("SELECT source FROM workflow_definition")).scalar_one()
        opened = source.replace("by: [samordnare]", "by: [responsible]")
        assert opened != source
        connection.execute(
            text("UPDATE workflow_definition SET source = :s, digest = :d"),
            {"s": opened, "d": hashlib.sha256(opened.encode("utf-8")).hexdigest()},
        )
    database.dispose()
    with pytest.raises(HistoryBroken, match="lagrat med en kontrollsumma som historiken aldrig registrerade"):
        verify(recorded.services)
    fresh = application(database_url, recorded.clock)  # a new command: nothing compiled yet
    try:
        again = World(fresh, recorded.clock, people=recorded.people, codes=recorded.codes)
        with pytest.raises(
            HistoryBroken,
            match=r"^Den lagrade texten för arbetsflödet nationellt-kunskapsstod version 1 är inte den som registrerades ",
        ):
            again.advance(ITEM, "Region Dalarna", "answer", "Rut Dahl", ref="R 5")
    finally:
        fresh.close()
