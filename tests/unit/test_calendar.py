"""Swedish working days: weekends, public holidays and the free eves."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.domain.calendar import (
    holiday_name,
    is_working_day,
    working_days_after,
    working_days_before,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(date(2027, 2, 1), True, id="an-ordinary-monday"),
        pytest.param(date(2027, 2, 6), False, id="saturday"),
        pytest.param(date(2027, 2, 7), False, id="sunday"),
        pytest.param(date(2026, 12, 24), False, id="julafton"),
        pytest.param(date(2026, 12, 25), False, id="juldagen"),
        pytest.param(date(2026, 12, 31), False, id="nyarsafton"),
        pytest.param(date(2027, 1, 6), False, id="trettondedag-jul"),
        pytest.param(date(2027, 3, 26), False, id="langfredagen-2027"),
        pytest.param(date(2027, 3, 29), False, id="annandag-pask-2027"),
        pytest.param(date(2027, 5, 6), False, id="kristi-himmelsfardsdag-2027"),
        pytest.param(date(2027, 6, 6), False, id="nationaldagen"),
        pytest.param(date(2027, 6, 25), False, id="midsommarafton-2027"),
        pytest.param(date(2027, 6, 24), True, id="the-day-before-midsommarafton"),
    ],
)
def test_working_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_holidays_have_swedish_names() -> None:
    assert holiday_name(date(2027, 6, 25)) == "Midsommarafton"
    assert holiday_name(date(2027, 2, 1)) is None


def test_counting_back_skips_weekends_and_holidays() -> None:
    # Monday 11 January 2027, five working days back: Fri 8, Thu 7, (Wed 6 trettondedag jul) Tue 5,
    # Mon 4, (Sun 3, Sat 2, Fri 1 nyårsdagen, Thu 31 nyårsafton) Wed 30 December.
    assert working_days_before(date(2027, 1, 11), 5) == date(2026, 12, 30)


def test_counting_back_from_a_free_day_lands_on_a_working_day() -> None:
    assert working_days_before(date(2026, 12, 26), 0) == date(2026, 12, 23)


def test_counting_forward_over_easter() -> None:
    # Thursday 2027-03-25; Långfredagen and Annandag påsk are free.
    assert working_days_after(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_working_days_between_counts_days_late() -> None:
    assert working_days_between(date(2027, 2, 5), date(2027, 2, 8)) == 1
    assert working_days_between(date(2027, 2, 8), date(2027, 2, 5)) == -1
    assert working_days_between(date(2027, 2, 1), date(2027, 2, 1)) == 0
