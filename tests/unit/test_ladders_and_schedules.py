"""Escalation ladders in working days, follow-up rounds through the year, and the scheduler's clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kgflow.definitions.model import Schedule
from kgflow.domain.clock import STOCKHOLM
from kgflow.domain.durations import parse_duration
from kgflow.domain.errors import UsageError
from kgflow.domain.ladders import (
    OWN,
    DueRange,
    Escalation,
    Outcome,
    Recipient,
    Rung,
    catch_up,
    due_ranges,
    rung_reached,
    rungs,
    telling_rung,
)
from kgflow.scheduler.runner import cron_trigger
from kgflow.service.follow_up import round_year

SECRETARY = (Recipient("sekreterare", "lpo"),)
CHAIR = (Recipient("ordforande", "lpo"),)
LADDER = rungs(
    parse_duration("5 working days"),
    True,
    (Escalation(parse_duration("3 working days"), SECRETARY), Escalation(parse_duration("10 working days"), CHAIR)),
)


@pytest.mark.parametrize(
    ("due", "today", "rung"),
    [
        pytest.param(date(2027, 2, 22), date(2027, 2, 12), None, id="before-the-reminder"),
        pytest.param(date(2027, 2, 22), date(2027, 2, 15), "reminder", id="reminder-5-working-days-before"),
        pytest.param(date(2027, 2, 22), date(2027, 2, 22), "notice", id="notice-on-the-day"),
        pytest.param(date(2027, 2, 22), date(2027, 2, 24), "notice", id="still-notice-2-days-late"),
        pytest.param(date(2027, 2, 22), date(2027, 2, 25), "escalation-1", id="parent-after-3-working-days"),
        pytest.param(date(2027, 2, 22), date(2027, 3, 8), "escalation-2", id="grandparent-after-10"),
        pytest.param(date(2027, 3, 24), date(2027, 3, 30), "notice", id="easter-pushes-the-escalation"),
        pytest.param(date(2027, 3, 24), date(2027, 3, 31), "escalation-1", id="escalation-after-easter"),
    ],
)
def test_rung_reached(due: date, today: date, rung: str | None) -> None:
    reached = rung_reached(LADDER, due, today)
    assert (reached.name if reached else None) == rung


@pytest.mark.parametrize("today", [date(2027, 2, 1) + timedelta(days=n) for n in range(0, 120, 3)])
def test_due_ranges_put_each_step_on_exactly_its_rung(today: date) -> None:
    ranges = due_ranges(LADDER, today)
    for offset in range(-60, 30):
        due = today + timedelta(days=offset)
        holding = [r.rung.name for r in ranges if (r.low is None or due > r.low) and due <= r.high]
        reached = rung_reached(LADDER, due, today)
        assert holding == ([reached.name] if reached else []), due


YEARLY = Schedule((12, 1), (1, 31), "nationellt-kunskapsstod", ("implementing",))


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 11, 30), None),
        (date(2026, 12, 1), 2026),
        (date(2027, 1, 15), 2026),
        (date(2027, 1, 29), 2026),
        (date(2027, 2, 1), None),
        (date(2027, 12, 3), 2027),
    ],
)
def test_the_round_of_the_year(today: date, year: int | None) -> None:
    assert round_year(YEARLY, today) == year


def fire_times(expression: str, start: datetime, days: int) -> list[datetime]:
    trigger = cron_trigger(expression)
    times: list[datetime] = []
    previous = None
    now = start
    end = start + timedelta(days=days)
    while True:
        fire = trigger.get_next_fire_time(previous, now)
        if fire is None or fire > end:
            return times
        times.append(fire)
        previous, now = fire, fire + timedelta(seconds=1)


@pytest.mark.parametrize(
    "week_start",
    [datetime(2027, 3, 22, tzinfo=STOCKHOLM), datetime(2027, 10, 25, tzinfo=STOCKHOLM)],
    ids=["spring-forward-2027-03-28", "fall-back-2027-10-31"],
)
@pytest.mark.parametrize(
    ("expression", "per_fortnight"),
    [("0 7 * * mon-fri", 10), ("30 2 * * *", 14), ("0 3 * * *", 14), ("15 2 * * sun", 2)],
    ids=["weekdays-07.00", "daily-02.30-in-the-changing-hour", "daily-03.00", "sundays-02.15"],
)
def test_daylight_saving_nights_neither_skip_nor_double_a_run(
    week_start: datetime, expression: str, per_fortnight: int
) -> None:
    times = fire_times(expression, week_start, 14)
    assert len(times) == per_fortnight
    assert len({t.astimezone(STOCKHOLM).date() for t in times}) == per_fortnight


@pytest.mark.parametrize("expression", ["every morning", "0 7 * *", "0 25 * * *"])
def test_a_bad_schedule_is_refused(expression: str) -> None:
    with pytest.raises(UsageError) as refused:
        cron_trigger(expression)
    assert str(refused.value).startswith(
        f"KGFLOW_SCHEDULE {expression!r} är ingen crontab-rad (som '0 7 * * mon-fri'): "
    )


def test_a_ladder_is_reminder_notice_then_escalations_to_whom_each_names() -> None:
    # Built inside the test, not at import, so that a changed rungs() is seen (mutmut forks after collection).
    five, three, ten = (parse_duration(f"{n} working days") for n in (5, 3, 10))
    assert rungs(five, True, (Escalation(three, SECRETARY), Escalation(ten, CHAIR))) == [
        Rung("reminder", OWN, five, before=True),
        Rung("notice", OWN),
        Rung("escalation-1", SECRETARY, three),
        Rung("escalation-2", CHAIR, ten),
    ]
    assert (Recipient("responsible"),) == OWN
    assert rungs(None, True, ()) == [Rung("notice", OWN)]
    assert rungs(None, False, (Escalation(three, CHAIR),)) == [Rung("escalation-1", CHAIR, three)]
    assert rungs(None, False, ()) == []
    assert [str(r) for r in (Recipient("responsible"), *SECRETARY, Recipient("ordforande", "forum"))] == [
        "responsible",
        "sekreterare@lpo",
        "ordforande@forum",
    ]


def test_before_the_first_rung_no_rung_is_reached() -> None:
    assert rung_reached(LADDER, date(2027, 2, 22), date(2027, 2, 12)) is None


@pytest.mark.parametrize(
    ("today", "bounds"),
    [
        pytest.param(
            date(2027, 2, 22),
            [
                ("reminder", date(2027, 2, 22), date(2027, 3, 1)),
                ("notice", date(2027, 2, 17), date(2027, 2, 22)),
                ("escalation-1", date(2027, 2, 8), date(2027, 2, 17)),
                ("escalation-2", None, date(2027, 2, 8)),
            ],
            id="a-monday",
        ),
        pytest.param(
            date(2027, 2, 27),
            [
                ("reminder", date(2027, 2, 26), date(2027, 3, 7)),
                ("notice", date(2027, 2, 23), date(2027, 2, 26)),
                ("escalation-1", date(2027, 2, 12), date(2027, 2, 23)),
                ("escalation-2", None, date(2027, 2, 12)),
            ],
            id="a-saturday-and-a-sunday-due-date",
        ),
    ],
)
def test_due_ranges_are_exact_dates(today: date, bounds: list[tuple[str, date | None, date]]) -> None:
    assert [(r.rung.name, r.low, r.high) for r in due_ranges(LADDER, today)] == bounds


def test_a_rung_that_fires_with_the_next_one_is_never_the_highest_but_still_passed() -> None:
    ladder = rungs(None, True, (Escalation(parse_duration("0 working days"), CHAIR),))
    ranges = due_ranges(ladder, date(2027, 2, 22))
    assert [(r.rung.name, r.low, r.high, r.telling) for r in ranges] == [
        ("notice", date(2027, 2, 22), date(2027, 2, 22), True),
        ("escalation-1", None, date(2027, 2, 22), False),
    ]


# ------------------------------------------------------------------ catching up (R11)

DUE = date(2027, 2, 22)


@pytest.mark.parametrize(
    ("today", "recorded", "told", "plan"),
    [
        pytest.param(date(2027, 2, 12), set(), False, {}, id="nothing-before-the-reminder"),
        pytest.param(date(2027, 2, 15), set(), False, {"reminder": "queued"}, id="the-reminder-on-its-day"),
        pytest.param(
            date(2027, 2, 22), set(), False, {"reminder": "skipped", "notice": "queued"}, id="notice-without-reminder"
        ),
        pytest.param(date(2027, 2, 22), {"reminder"}, True, {"notice": "queued"}, id="notice-on-its-day"),
        pytest.param(
            date(2027, 3, 8),
            set(),
            False,
            {"reminder": "skipped", "notice": "queued", "escalation-1": "skipped", "escalation-2": "queued"},
            id="long-pause-the-kommun-is-told-first",
        ),
        pytest.param(
            date(2027, 3, 8),
            {"reminder"},
            True,
            {"notice": "skipped", "escalation-1": "skipped", "escalation-2": "queued"},
            id="long-pause-after-the-reminder-the-kommun-is-not-told-twice",
        ),
        pytest.param(
            date(2027, 3, 8),
            {"reminder", "notice", "escalation-1"},
            True,
            {"escalation-2": "queued"},
            id="day-by-day",
        ),
        pytest.param(
            date(2027, 3, 9),
            {"reminder", "notice", "escalation-1", "escalation-2"},
            True,
            {},
            id="each-rung-once",
        ),
    ],
)
def test_catch_up(today: date, recorded: set[str], told: bool, plan: dict[str, str]) -> None:
    assert catch_up(LADDER, DUE, today, recorded, told) == plan


def test_without_a_notice_the_reminder_tells_the_organisation_when_rungs_are_caught_up() -> None:
    ladder = rungs(parse_duration("5 working days"), False, (Escalation(parse_duration("3 working days"), CHAIR),))
    assert telling_rung(ladder) == ladder[0]
    assert catch_up(ladder, DUE, date(2027, 3, 8), set(), False) == {
        "reminder": Outcome.SEND,
        "escalation-1": Outcome.SEND,
    }
    only_escalations = rungs(None, False, (Escalation(parse_duration("3 working days"), CHAIR),))
    assert telling_rung(only_escalations) is None
    assert catch_up(only_escalations, DUE, date(2027, 3, 8), set(), False) == {"escalation-1": Outcome.SEND}


def _sweep_by_ranges(ranges: list[DueRange], due: date, recorded: set[str], told: bool) -> dict[str, str]:
    """What the sweep's SQL writes for one step, read off the due ranges as the outbox's query reads them."""
    plan = {}
    for window in ranges:
        if due > window.high or window.rung.name in recorded:
            continue
        highest = window.low is None or due > window.low
        plan[window.rung.name] = "queued" if highest or (window.telling and not told) else "skipped"
    return plan


@pytest.mark.parametrize("every", [1, 2, 5, 9, 30])
@pytest.mark.parametrize("start", [date(2027, 2, 10), date(2027, 2, 16), date(2027, 2, 23)])
def test_the_sweeps_ranges_write_what_catch_up_plans(start: date, every: int) -> None:
    # Sweeps every ``every`` days from ``start``: the set-based ranges and the plan agree on every day.
    for due in (DUE, date(2027, 3, 24), date(2027, 2, 27)):
        recorded: dict[str, str] = {}
        for n in [*range(0, 90, every), 120]:
            today = start + timedelta(days=n)
            told = any(recorded.get(name) == "queued" for name in ("reminder", "notice"))
            planned = catch_up(LADDER, due, today, set(recorded), told)
            assert _sweep_by_ranges(due_ranges(LADDER, today), due, set(recorded), told) == planned, (due, today)
            recorded.update(planned)
        assert list(recorded) == [rung.name for rung in LADDER]
        assert recorded["escalation-2"] == "queued"
