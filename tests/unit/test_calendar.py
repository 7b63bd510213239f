"""Swedish working days: weekends, public holidays and the free eves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgflow.domain.calendar import (
    EARLIEST,
    LATEST,
    holiday_name,
    is_working_day,
    why_not_working,
    working_days_after,
    working_days_before,
    working_days_between,
)
from kgflow.domain.errors import UsageError
from kgflow.domain.fields import parse_date


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


def _walked(start: date, end: date) -> int:
    """Working days after ``start`` up to ``end``, one day at a time: the definition, slowly."""
    if end < start:
        return -_walked(end, start)
    return sum(1 for offset in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=offset)))


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=EARLIEST, max_value=LATEST),
    st.integers(min_value=-1200, max_value=1200),
)
def test_counting_working_days_by_arithmetic_agrees_with_walking_them(start: date, span: int) -> None:
    end = min(max(start + timedelta(days=span), EARLIEST), LATEST)
    assert working_days_between(start, end) == _walked(start, end)


def test_a_century_of_working_days_is_counted_exactly() -> None:
    assert working_days_between(EARLIEST, LATEST) == _walked(EARLIEST, LATEST)


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        pytest.param("1999-12-31", False, id="before-the-first"),
        pytest.param("2000-01-01", True, id="the-first"),
        pytest.param("2100-12-31", True, id="the-last"),
        pytest.param("2101-01-01", False, id="after-the-last"),
        pytest.param("9999-12-31", False, id="the-end-of-time"),
    ],
)
def test_dates_are_bounded_to_the_range_kgflow_works_with(text: str, accepted: bool) -> None:
    if accepted:
        assert parse_date(text, "--today").isoformat() == text
    else:
        with pytest.raises(
            UsageError, match=r"^--today \S+ ligger utanför de datum kgflow arbetar med, 2000-01-01 till 2100-12-31.$"
        ):
            parse_date(text, "--today")


@pytest.mark.parametrize(
    ("day", "why"),
    [
        pytest.param(date(2027, 3, 27), "en lördag", id="saturday"),
        pytest.param(date(2027, 2, 7), "en söndag", id="sunday"),
        pytest.param(date(2026, 12, 25), "juldagen", id="a-holiday-on-a-weekday"),
        pytest.param(date(2027, 3, 28), "påskdagen", id="a-holiday-on-a-sunday"),
        pytest.param(date(2026, 6, 6), "nationaldagen", id="a-holiday-on-a-saturday"),
    ],
)
def test_why_a_day_is_free(day: date, why: str) -> None:
    assert str(why_not_working(day)) == why


@pytest.mark.parametrize(
    ("day", "count", "after"),
    [
        pytest.param(date(2027, 3, 27), 0, date(2027, 3, 30), id="saturday-before-easter-monday-moves-to-tuesday"),
        pytest.param(date(2027, 3, 26), 0, date(2027, 3, 30), id="langfredag-moves-to-tuesday"),
        pytest.param(date(2027, 5, 5), 1, date(2027, 5, 7), id="past-one-free-thursday"),
        pytest.param(date(2027, 5, 5), 0, date(2027, 5, 5), id="a-working-day-stays"),
    ],
)
def test_working_days_after_skip_each_free_day_forwards(day: date, count: int, after: date) -> None:
    assert working_days_after(day, count) == after
