"""The ``.eml`` transport: files named by day, recipient and a short id, one file per message however often it is sent."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from kgflow.notify.eml import EmlTransport, file_name, legacy_file_name, short_id
from kgflow.service.mail import Envelope, RenderedMail

MAIL = RenderedMail("kgflow: 2 steg att följa upp", "Hej Karin!", None)
KARIN = Envelope("Karin Nilsson", "karin.nilsson@falun.se", "<kgflow.0f3c9d@falun.se>")


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def send(folder: Path, clock: Clock, *envelopes: Envelope) -> None:
    with EmlTransport(folder, "kgflow@region-dalarna.se", now=clock).session() as sender:
        for envelope in envelopes:
            sender.send(envelope, MAIL)


def test_a_file_is_named_by_the_swedish_day_the_recipient_and_a_short_id(tmp_path: Path) -> None:
    # 23:30 UTC on 11 February is 00:30 on 12 February in Sweden.
    send(tmp_path, Clock(datetime(2027, 2, 11, 23, 30, tzinfo=UTC)), KARIN)
    [written] = tmp_path.glob("*.eml")
    assert written.name == f"2027-02-12_karin.nilsson@falun.se_{short_id(KARIN.message_id)}.eml"
    assert len(short_id(KARIN.message_id)) == 12
    message = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].addr_spec == "karin.nilsson@falun.se"
    assert message["Message-ID"] == KARIN.message_id
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("Karin.Nilsson@Falun.se", "karin.nilsson@falun.se"),
        ("åsa+remiss@mora.se", "_sa_remiss@mora.se"),
        ("../../etc/passwd@x.se", "_.._etc_passwd@x.se"),
        ("a/b\\c:d*e?f@x.se", "a_b_c_d_e_f@x.se"),
    ],
    ids=["lower-case", "non-ascii-and-plus", "no-path", "no-reserved-characters"],
)
def test_a_file_name_has_safe_characters_only(address: str, expected: str) -> None:
    name = file_name("<kgflow.1@x.se>", address, date(2027, 2, 12))
    assert name == f"2027-02-12_{expected}_{short_id('<kgflow.1@x.se>')}.eml"
    assert "/" not in name
    assert "\\" not in name


def test_sending_a_message_again_replaces_its_file_even_on_another_day(tmp_path: Path) -> None:
    clock = Clock(datetime(2027, 2, 12, 6, 0, tzinfo=UTC))
    send(tmp_path, clock, KARIN)
    first = sorted(tmp_path.glob("*.eml"))
    clock.at = datetime(2027, 2, 15, 6, 0, tzinfo=UTC)
    send(tmp_path, clock, KARIN)  # a retry, in a new session, days later
    assert sorted(tmp_path.glob("*.eml")) == first
    message = message_from_bytes(first[0].read_bytes(), policy=policy.default)
    assert message["Date"].datetime == clock.at


def test_two_messages_to_one_person_on_one_day_get_two_files(tmp_path: Path) -> None:
    other = Envelope(KARIN.to_name, KARIN.to_address, "<kgflow.7a41e2@falun.se>")
    send(tmp_path, Clock(datetime(2027, 2, 12, 6, 0, tzinfo=UTC)), KARIN, other, KARIN)
    names = sorted(path.name for path in tmp_path.glob("*.eml"))
    assert len(names) == 2
    assert all(name.startswith("2027-02-12_karin.nilsson@falun.se_") for name in names)


def test_a_file_written_under_the_old_name_is_replaced_not_doubled(tmp_path: Path) -> None:
    legacy = tmp_path / legacy_file_name(KARIN.message_id)
    legacy.write_bytes(b"an old copy")
    send(tmp_path, Clock(datetime(2027, 2, 12, 6, 0, tzinfo=UTC)), KARIN)
    assert list(tmp_path.glob("*.eml")) == [legacy]
    assert legacy.read_bytes() != b"an old copy"
