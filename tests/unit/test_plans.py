"""Implementation plans (R19): reading a tidplan, a status word and a spreadsheet's rows; when an activity is late."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.domain.errors import UsageError
from kgflow.domain.plans import (
    Activity,
    ActivityStatus,
    Draft,
    ScheduleKind,
    changed,
    checked_activity,
    read_schedule,
    read_status,
    sheet_drafts,
    sheet_row,
)


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        pytest.param("2027-03-31", ScheduleKind.DATE, date(2027, 3, 31), id="iso-date"),
        pytest.param("VT 2023", ScheduleKind.TERM, date(2023, 6, 30), id="spring-term-by-30-june"),
        pytest.param("vt2027", ScheduleKind.TERM, date(2027, 6, 30), id="spring-term-run-together"),
        pytest.param("HT 2027", ScheduleKind.TERM, date(2027, 12, 31), id="autumn-term-by-31-december"),
        pytest.param("Höstterminen 2026", ScheduleKind.TERM, date(2026, 12, 31), id="autumn-term-spelt-out"),
        pytest.param("Fortlöpande", ScheduleKind.ONGOING, None, id="continuous"),
        pytest.param("fortlopande", ScheduleKind.ONGOING, None, id="continuous-without-o-umlaut"),
        pytest.param("Vid behov", ScheduleKind.WHEN_NEEDED, None, id="when-needed"),
        pytest.param("När behov så föreligger", ScheduleKind.WHEN_NEEDED, None, id="seed-000-when-needed"),
        pytest.param(
            "När behov så föreligger – bereds via LGVO AU.", ScheduleKind.WHEN_NEEDED, None, id="with-how-it-is-raised"
        ),
        pytest.param(
            "När behov så föreligger, dialog mellan utvecklingsledare och styrelserepresentanter",
            ScheduleKind.WHEN_NEEDED,
            None,
            id="with-a-comma",
        ),
    ],
)
def test_a_tidplan_is_read_as_written(text: str, kind: ScheduleKind, due: date | None) -> None:
    schedule = read_schedule(text)
    assert (schedule.kind, schedule.due, schedule.text) == (kind, due, text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("snart", "går inte att läsa", id="a-word-it-does-not-know"),
        pytest.param("2027-02-30", "inget datum som finns", id="a-day-that-does-not-exist"),
        pytest.param("VT", "går inte att läsa", id="a-term-without-a-year"),
        pytest.param("vid behovsprövning", "går inte att läsa", id="when-needed-as-a-word-prefix-only"),
    ],
)
def test_a_tidplan_that_cannot_be_read_is_refused_in_one_sentence(text: str, words: str) -> None:
    with pytest.raises(UsageError) as refused:
        read_schedule(text)
    assert words in str(refused.value)
    assert text in str(refused.value)


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("", ActivityStatus.PLANNED),
        ("Planerad", ActivityStatus.PLANNED),
        ("genomförd", ActivityStatus.DONE),
        ("GENOMFORD", ActivityStatus.DONE),
        ("inställd", ActivityStatus.CANCELLED),
        ("installd", ActivityStatus.CANCELLED),
        ("done", ActivityStatus.DONE),
    ],
)
def test_status_words(word: str, status: ActivityStatus) -> None:
    assert read_status(word) is status


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(UsageError, match="planerad, genomförd eller inställd"):
        read_status("pågår")


def _activity(schedule: str, status: str = "planerad") -> Activity:
    return checked_activity(Draft("LGVO", "Information", "Möten LGVO", "Utvecklingsledare", schedule, status), 1)


@pytest.mark.parametrize(
    ("schedule", "status", "today", "late"),
    [
        pytest.param("2027-03-31", "planerad", date(2027, 3, 31), False, id="on-its-day"),
        pytest.param("2027-03-31", "planerad", date(2027, 4, 1), True, id="the-day-after"),
        pytest.param("2027-03-31", "genomförd", date(2027, 5, 1), False, id="done"),
        pytest.param("2027-03-31", "inställd", date(2027, 5, 1), False, id="cancelled"),
        pytest.param("VT 2027", "planerad", date(2027, 7, 1), True, id="a-spring-term-past"),
        pytest.param("Fortlöpande", "planerad", date(2035, 1, 1), False, id="continuous-never"),
        pytest.param("Vid behov", "planerad", date(2035, 1, 1), False, id="when-needed-never"),
    ],
)
def test_a_dated_activity_is_late_past_its_day_while_planned(
    schedule: str, status: str, today: date, late: bool
) -> None:
    assert _activity(schedule, status).is_late(today) is late


def test_days_late_are_working_days() -> None:
    activity = _activity("2026-04-02")  # Maundy Thursday: Good Friday and Easter Monday are free
    assert activity.days_late(date(2026, 4, 7)) == 1
    assert activity.days_late(date(2026, 4, 2)) == 0


def test_an_activity_needs_a_malgrupp_vad_and_tidplan() -> None:
    with pytest.raises(UsageError, match="Målgrupp saknas"):
        checked_activity(Draft("  ", "Information", "", "", "VT 2027"), 1)
    with pytest.raises(UsageError, match="Tidplan saknas"):
        checked_activity(Draft("LGVO", "Information", "", "", ""), 1)


def test_columns_are_found_by_name_in_any_case_with_or_without_diacritics() -> None:
    header = ["TIDPLAN", "malgrupp", "Vad", "var", "Genomforande", "Okänd", "anteckning"]
    rows = [(2, ["VT 2027", "LGVO", "Information", "Möten LGVO", "Utvecklingsledare", "x", "Bra"]), (3, [None] * 7)]
    [(number, draft)] = sheet_drafts(header, rows)
    assert number == 2
    assert draft == Draft("LGVO", "Information", "Möten LGVO", "Utvecklingsledare", "VT 2027", None, "Bra")


def test_a_sheet_without_a_needed_column_is_refused_naming_it() -> None:
    with pytest.raises(UsageError, match="Kolumnerna Genomförande saknas"):
        sheet_drafts(["Målgrupp", "Vad", "Var", "Tidplan"], [])


def test_a_row_written_out_reads_back_the_same() -> None:
    activity = _activity("VT 2027", "genomförd")
    header = ["Målgrupp", "Vad", "Var", "Genomförande", "Tidplan", "Status", "Anteckning"]
    [(_, draft)] = sheet_drafts(header, [(2, sheet_row(activity))])
    assert checked_activity(draft, 1) == activity


def test_replacing_a_plan_records_only_what_changed() -> None:
    old = {1: _activity("VT 2027"), 2: checked_activity(Draft("NSPH", "Information", "", "", "Fortlöpande"), 2)}
    new = [old[1], checked_activity(Draft("NSPH", "Information", "", "", "Vid behov"), 2)]
    fresh, removed = changed(old, new)
    assert [a.number for a in fresh] == [2]
    assert removed == []
    assert changed(old, new[:1]) == ([], [2])
