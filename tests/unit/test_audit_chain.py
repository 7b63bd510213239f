"""The verifiable history's rules over plain rows (R12): the hash formats, checkpoints and every break a walk names."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest

from kgflow.domain.audit import (
    GENESIS,
    ChainRow,
    Checkpoint,
    canonical_time,
    expected_hash,
    row_hash,
    scheme2_content,
    walk,
)

AT = datetime(2026, 3, 4, 5, 6, 7, 8, tzinfo=UTC)
ROW = ChainRow(
    3, 7, 2, AT, "sara.eriksson", "answer", "remiss", "answered", 2, '{"ref":"LPO-1"}', "Å ä", "a" * 64, "",
    login="sara_eriksson", target_level=3,
)  # fmt: skip
# Rows already stored (and the PostgreSQL trigger) depend on these exact values.
SCHEME2_TEXT = (
    "1:2;1:3;1:7;1:2;32:2026-03-04T05:06:07.000008+00:00;13:sara_eriksson;13:sara.eriksson;6:answer;6:remiss;"
    '8:answered;1:2;1:3;15:{"ref":"LPO-1"};3:Å ä;64:' + "a" * 64
)
SCHEME1_HASH = "134870f1a2d15119a053445077f581a622cabefa92b07930e4fa450e52b5a267"


def test_scheme_2_is_length_prefixed_parts_with_a_tilde_for_none() -> None:
    assert scheme2_content(ROW) == SCHEME2_TEXT
    assert expected_hash(ROW) == hashlib.sha256(SCHEME2_TEXT.encode("utf-8")).hexdigest()
    bare = dataclasses.replace(ROW, instance_id=None, login=None, from_state=None, note=None, level=None)
    assert scheme2_content(bare).startswith("1:2;1:3;~;1:2;32:2026-03-04T05:06:07.000008+00:00;~;13:sara.eriksson;")
    assert ";6:answer;~;8:answered;~;1:3;" in scheme2_content(bare)


def test_scheme_1_is_the_sorted_json_of_the_first_rows() -> None:
    old = dataclasses.replace(ROW, scheme=1)
    assert expected_hash(old) == SCHEME1_HASH
    assert (
        row_hash(3, 7, 2, AT, "sara.eriksson", "answer", "remiss", "answered", 2, '{"ref":"LPO-1"}', "Å ä", "a" * 64)
        == SCHEME1_HASH
    )
    # login and target level came with scheme 2: scheme 1 does not cover them.
    assert expected_hash(dataclasses.replace(old, login=None, target_level=None)) == SCHEME1_HASH


@pytest.mark.parametrize(
    "change",
    [{"scheme": 3}, {"instance_id": None}, {"item_version": None}, {"to_state": None}],
    ids=["unknown-scheme", "scheme-1-without-instance", "scheme-1-without-version", "scheme-1-without-state"],
)
def test_a_row_no_scheme_could_have_written_matches_no_hash(change: dict[str, object]) -> None:
    base = dataclasses.replace(ROW, scheme=1) if "scheme" not in change else ROW
    assert expected_hash(dataclasses.replace(base, **change)) == ""


def test_times_are_utc_with_microseconds_and_naive_times_are_utc() -> None:
    assert (
        canonical_time(datetime(2026, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=1))))
        == "2026-01-01T00:00:00.000000+00:00"
    )
    assert canonical_time(datetime(2026, 1, 1)) == "2026-01-01T00:00:00.000000+00:00"


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("12:" + "0a" * 32, Checkpoint(12, "0a" * 32)), ("  7:" + "f" * 64 + "\n", Checkpoint(7, "f" * 64))],
    ids=["plain", "with-spaces"],
)
def test_a_checkpoint_reads_back_what_it_prints(text: str, parsed: Checkpoint) -> None:
    assert Checkpoint.parse(text) == parsed
    assert Checkpoint.parse(str(parsed)) == parsed
    assert str(parsed) == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "x:" + "0" * 64,
        "12:" + "0" * 63,
        "12:" + "0" * 65,
        "12:" + "A" * 64,
        "12:" + "g" * 64,
        "12:" + "X" * 64,
        "12" + "0" * 64,
        ":" + "0" * 64,
    ],
    ids=["seq-not-a-number", "short-hash", "long-hash", "upper-case", "not-hex", "not-hex-x", "no-colon", "no-seq"],
)
def test_a_checkpoint_is_seq_colon_64_lower_hex_digits(text: str) -> None:
    with pytest.raises(ValueError, match="är ingen kontrollpunkt; en kontrollpunkt ser ut som 1234:<64 hexsiffror>"):
        Checkpoint.parse(text)


def chain(*steps: tuple[int | None, str | None, str | None]) -> list[ChainRow]:
    """Rows hashed as kgflow writes them, one per (instance, from, to)."""
    rows: list[ChainRow] = []
    previous = GENESIS
    for seq, (instance, before, after) in enumerate(steps, start=1):
        row = ChainRow(seq, instance, 1, AT, "sara.eriksson", "e", before, after, None, "{}", None, previous, "")
        row = dataclasses.replace(row, hash=expected_hash(row))
        rows.append(row)
        previous = row.hash
    return rows


ROWS = chain((1, None, "remiss"), (None, None, None), (2, None, "remiss"), (1, "remiss", "answered"))


def test_a_whole_chain_verifies_to_its_head_and_each_row_is_watched() -> None:
    seen: list[int] = []
    verdict = walk(ROWS, Checkpoint(2, ROWS[1].hash), [lambda row: seen.append(row.seq)])
    assert verdict.ok
    assert (verdict.rows, verdict.head, verdict.problem, verdict.at_seq) == (4, Checkpoint(4, ROWS[3].hash), None, None)
    assert seen == [1, 2, 3, 4]


def test_an_empty_chain_has_no_head() -> None:
    assert walk([]) == walk([], None)
    assert walk([]).head is None
    assert walk([]).ok
    assert walk([]).rows == 0


def test_a_checkpoint_at_the_last_row_is_still_in_the_chain() -> None:
    assert walk(ROWS, Checkpoint(4, ROWS[3].hash)).ok


def broken(rows: list[ChainRow], checkpoint: Checkpoint | None = None) -> tuple[int, str | None, int | None]:
    verdict = walk(rows, checkpoint)
    assert not verdict.ok
    assert verdict.head is None
    return verdict.rows, str(verdict.problem), verdict.at_seq


def test_a_missing_row_is_named() -> None:
    assert broken([ROWS[0], ROWS[2]]) == (2, "kedjan är bruten vid rad 2: rad 2 saknas", 2)


def test_a_row_twice_is_named() -> None:
    assert broken([ROWS[0], ROWS[1], ROWS[1]]) == (3, "kedjan är bruten vid rad 3: rad 2 finns två gånger", 3)


def test_a_row_that_does_not_follow_is_named() -> None:
    moved = dataclasses.replace(ROWS[1], prev_hash=GENESIS)
    assert broken([ROWS[0], dataclasses.replace(moved, hash=expected_hash(moved))]) == (
        2,
        "rad 2 följer inte på rad 1 (dess föregående hash skiljer sig)",
        2,
    )


def test_a_changed_row_is_named() -> None:
    assert broken([ROWS[0], dataclasses.replace(ROWS[1], note="x")]) == (
        2,
        "rad 2 har ändrats: innehållet stämmer inte med dess hash",
        2,
    )


def test_a_made_up_step_is_named() -> None:
    rows = chain((1, None, "remiss"), (1, "answered", "decided"))
    assert broken(rows) == (
        2,
        "rad 2 flyttar sitt ärende från answered, men raderna före lämnade det i remiss: ett steg saknas eller är "
        "påhittat",
        2,
    )
    rows = chain((1, "remiss", "answered"))
    assert broken(rows)[1] == (
        "rad 1 flyttar sitt ärende från remiss, men raderna före lämnade det i inget läge: ett steg saknas eller är "
        "påhittat"
    )
    rows = chain((1, None, "remiss"), (1, None, "remiss"))
    assert broken(rows)[1] == (
        "rad 2 flyttar sitt ärende från inget läge, men raderna före lämnade det i remiss: ett steg saknas eller är "
        "påhittat"
    )


def test_a_rewritten_chain_differs_from_its_checkpoint() -> None:
    assert broken(ROWS, Checkpoint(2, "b" * 64)) == (
        2,
        "rad 2 skiljer sig från kontrollpunkten: kedjan har skrivits om",
        2,
    )


def test_a_cut_tail_ends_before_its_checkpoint() -> None:
    assert broken(ROWS[:3], Checkpoint(4, ROWS[3].hash)) == (
        3,
        "kedjan slutar vid rad 3, före kontrollpunkten vid rad 4: rader har klippts bort",
        3,
    )
    assert broken([], Checkpoint(1, ROWS[0].hash)) == (
        0,
        "kedjan slutar vid rad 0, före kontrollpunkten vid rad 1: rader har klippts bort",
        0,
    )


@pytest.fixture
def stockholm_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local zone set to Europe/Stockholm, as on a Swedish workstation."""
    monkeypatch.setenv("TZ", "Europe/Stockholm")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("stockholm_local_time")
def test_the_hashed_time_does_not_depend_on_the_local_zone() -> None:
    assert canonical_time(datetime(2026, 1, 1, 12, 0)) == "2026-01-01T12:00:00.000000+00:00"
    assert canonical_time(datetime(2026, 7, 1, 12, 0, tzinfo=UTC)) == "2026-07-01T12:00:00.000000+00:00"
