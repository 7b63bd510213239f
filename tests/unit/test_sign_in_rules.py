"""Sign-in's pure rules: lifetimes, the rate limits as a decision over counts, how tokens and addresses are hashed."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from kgflow.domain import sign_in as rules
from kgflow.domain.sign_in import RequestCounts

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)


def test_lifetimes_are_twenty_minutes_and_a_working_day() -> None:
    assert timedelta(minutes=20) == rules.LINK_LIFETIME
    assert timedelta(hours=10) == rules.SESSION_LIFETIME


@pytest.mark.parametrize(
    ("by_address", "by_client", "refused"),
    [
        (0, 0, False),
        (4, 29, False),
        (5, 0, True),
        (0, 30, True),
        (6, 31, True),
    ],
    ids=["none-yet", "just-under-both", "address-full", "client-full", "both-over"],
)
def test_a_request_is_refused_once_five_per_address_or_thirty_per_client_were_made(
    by_address: int, by_client: int, refused: bool
) -> None:
    assert rules.too_many(RequestCounts(by_address, by_client)) is refused


def test_requests_count_for_fifteen_minutes_and_are_kept_a_day() -> None:
    assert rules.window_start(NOW) == NOW - timedelta(minutes=15)
    assert rules.forget_before(NOW) == NOW - timedelta(days=1)


def test_a_token_is_kept_as_its_sha256() -> None:
    assert rules.token_hash("abc") == hashlib.sha256(b"abc").hexdigest()
    assert len(rules.token_hash("x" * 43)) == 64


@pytest.mark.parametrize(
    "typed",
    ["anna@falun.example", " Anna@Falun.Example ", "ANNA@FALUN.EXAMPLE\n"],
    ids=["as-stored", "spaced-mixed-case", "upper-with-newline"],
)
def test_one_address_counts_once_however_it_is_typed(typed: str) -> None:
    assert rules.address_hash(typed) == hashlib.sha256(b"anna@falun.example").hexdigest()


def test_another_address_counts_apart() -> None:
    assert rules.address_hash("anna@falun.example") != rules.address_hash("bo@falun.example")
