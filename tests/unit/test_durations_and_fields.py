"""Durations in workflow files and values given with --ref and --set."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.domain.durations import BadDuration, Duration, DurationUnit, parse_duration
from kgflow.domain.errors import UsageError
from kgflow.domain.fields import FieldType, convert, parse_assignments, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 working days", Duration(5, DurationUnit.WORKING_DAYS)),
        ("1 working day", Duration(1, DurationUnit.WORKING_DAYS)),
        ("10 arbetsdagar", Duration(10, DurationUnit.WORKING_DAYS)),
        ("3 days", Duration(3, DurationUnit.DAYS)),
        ("52 weeks", Duration(52, DurationUnit.WEEKS)),
        ("2 veckor", Duration(2, DurationUnit.WEEKS)),
    ],
)
def test_durations_that_parse(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["ten working days", "5 workdays", "5", "-3 days", "5 working days ago", ""])
def test_durations_that_do_not(text: str) -> None:
    with pytest.raises(
        BadDuration, match='är ingen tidsrymd; skriv till exempel "10 arbetsdagar", "5 dagar" eller "2 veckor"'
    ):
        parse_duration(text)


def test_working_day_durations_count_working_days() -> None:
    assert Duration(2, DurationUnit.WORKING_DAYS).after(date(2027, 2, 5)) == date(2027, 2, 9)
    assert Duration(1, DurationUnit.WEEKS).before(date(2027, 2, 8)) == date(2027, 2, 1)


def test_assignments() -> None:
    assert parse_assignments(["gaps=3", "Falun = 2", "note=a=b"]) == {"gaps": "3", "falun": "2", "note": "a=b"}


def test_a_key_may_name_an_organisation_with_diacritics_spaces_and_commas() -> None:
    given = ["Borlänge=3", "Region  Dalarna=2", "Psykiatrin, Region Dalarna=1", "2081=3"]
    assert parse_assignments(given) == {
        "borlänge": "3",
        "region dalarna": "2",
        "psykiatrin, region dalarna": "1",
        "2081": "3",
    }


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (["gaps"], "^--set tar nyckel=värde, och 'gaps' saknar '='.$"),
        (["=3"], "^--set '=3': nyckeln ska vara ett fälts namn eller en organisations kod eller namn.$"),
        (["-a=3"], "nyckeln ska vara"),
        (["a!=3"], "nyckeln ska vara"),
        ([f"{'a' * 201}=3"], "nyckeln ska vara"),
        (["gaps=1", "GAPS=2"], "^--set anger 'gaps' två gånger; ange den en gång.$"),
    ],
)
def test_bad_assignments(raw: list[str], fragment: str) -> None:
    with pytest.raises(UsageError, match=fragment):
        parse_assignments(raw)


@pytest.mark.parametrize(
    ("field_type", "raw", "value"),
    [
        (FieldType.TEXT, " KS 2027/12 ", "KS 2027/12"),
        (FieldType.DATE, "2027-02-29".replace("29", "28"), "2027-02-28"),
        (FieldType.COUNT, "0", 0),
        (FieldType.LEVEL, "3", 3),
        (FieldType.LIST, "Rutin saknas; Utbildning;", ["Rutin saknas", "Utbildning"]),
    ],
)
def test_typed_values(field_type: FieldType, raw: str, value: object) -> None:
    assert convert(field_type, raw, "x") == value


@pytest.mark.parametrize(
    ("field_type", "raw"),
    [
        (FieldType.TEXT, "  "),
        (FieldType.DATE, "2027-02-30"),
        (FieldType.DATE, "1/2/2027"),
        (FieldType.COUNT, "-1"),
        (FieldType.COUNT, "three"),
        (FieldType.LEVEL, "4"),
        (FieldType.LEVEL, "0"),
        (FieldType.LIST, ";;"),
    ],
)
def test_values_that_do_not_fit(field_type: FieldType, raw: str) -> None:
    with pytest.raises(UsageError):
        convert(field_type, raw, "x")


def test_dates_are_strict() -> None:
    assert parse_date("2027-03-01") == date(2027, 3, 1)
    with pytest.raises(UsageError) as refused:
        parse_date("2027-3-1")
    assert str(refused.value) == "Datumet ska vara ett datum skrivet ÅÅÅÅ-MM-DD, inte '2027-3-1'."


@pytest.mark.parametrize(
    ("field_type", "raw", "sentence"),
    [
        pytest.param(FieldType.LEVEL, "två", "level ska vara nivå 1, 2 eller 3, inte 'två'.", id="level-in-words"),
        pytest.param(FieldType.LEVEL, "4", "level ska vara nivå 1, 2 eller 3, inte 4.", id="level-too-high"),
        pytest.param(FieldType.LEVEL, "0", "level ska vara nivå 1, 2 eller 3, inte 0.", id="level-too-low"),
        pytest.param(FieldType.COUNT, "-1", "level ska vara ett heltal, 0 eller mer, inte '-1'.", id="count-negative"),
        pytest.param(FieldType.DATE, "2027-02-30", "level '2027-02-30' är inget verkligt datum.", id="no-such-day"),
        pytest.param(
            FieldType.TEXT,
            "a" * 2001,
            "level har 2001 tecken; högst 2000 tecken får plats, korta texten.",
            id="text-too-long",
        ),
        pytest.param(
            FieldType.LIST,
            "a;" + "b" * 2001,
            "level har 2001 tecken; högst 2000 tecken får plats, korta texten.",
            id="entry-too-long",
        ),
        pytest.param(
            FieldType.TEXT,
            "a\x1bb",
            "level innehåller ett styrtecken (U+001B) på position 2; ta bort det.",
            id="text-escape",
        ),
    ],
)
def test_a_value_that_does_not_fit_is_named_in_one_sentence(field_type: FieldType, raw: str, sentence: str) -> None:
    with pytest.raises(UsageError) as refused:
        convert(field_type, raw, "level")
    assert str(refused.value) == sentence


@pytest.mark.parametrize(("raw", "level"), [("1", 1), ("2", 2), ("3", 3)])
def test_every_level_from_1_to_3_is_a_level(raw: str, level: int) -> None:
    assert convert(FieldType.LEVEL, raw, "level") == level


def test_a_date_without_a_name_is_the_date() -> None:
    with pytest.raises(UsageError) as refused:
        parse_date("2027-02-30")
    assert str(refused.value) == "Datumet '2027-02-30' är inget verkligt datum."
