"""Who acts on a shared database, and what the chain's administrative rows say — pure rules, no database."""

from __future__ import annotations

import json

import pytest

from kgflow.domain import records
from kgflow.domain.errors import NotAuthorised
from kgflow.domain.identity import Login, acting_person

SARA = Login("sara_ek", "sara.ek")
ADMIN = Login("kgflow_owner", None, admin=True)
SCHEDULER = Login("kgflow_scheduler", None, service=True)


@pytest.mark.parametrize(
    ("login", "named", "named_code", "acts_as"),
    [
        (SARA, None, None, "sara.ek"),
        (SARA, "sara.ek", "sara.ek", "sara.ek"),
        (SARA, "sara.ek@lpo-dalarna.example", "sara.ek", "sara.ek"),
        (ADMIN, "anna.andersson", "anna.andersson", "anna.andersson"),
        (ADMIN, "nobody", None, "nobody"),
        (SCHEDULER, "anna.andersson", "anna.andersson", "anna.andersson"),
    ],
    ids=["login-alone", "own-code", "own-address", "admin-for-another", "admin-names-unknown", "service-for-another"],
)
def test_who_acts(login: Login, named: str | None, named_code: str | None, acts_as: str) -> None:
    assert acting_person(login, named, named_code, as_of_another_date=False) == acts_as


@pytest.mark.parametrize(
    ("login", "named", "named_code", "today", "fragment"),
    [
        (SARA, "anna.andersson", "anna.andersson", False, "får bara agera som dig själv, inte som anna.andersson"),
        (SARA, "nobody", None, False, "får bara agera som dig själv, inte som nobody"),
        (Login("stranger", None), None, None, False, "hör inte till någon person i kgflow"),
        (
            Login("stranger", None),
            "sara.ek",
            "sara.ek",
            False,
            "(ingen person i kgflow) och får bara agera",
        ),
        (SARA, None, None, True, "får bara en administratör av kgflow agera per ett annat datum"),
        (SCHEDULER, None, None, True, "får bara en administratör av kgflow agera per ett annat datum"),
        (ADMIN, None, None, False, "hör inte till någon person i kgflow"),
    ],
    ids=[
        "someone-else",
        "someone-unknown",
        "unlinked-login",
        "unlinked-names-someone",
        "person-other-date",
        "service-other-date",
        "admin-without-person-or-name",
    ],
)
def test_who_may_not_act(login: Login, named: str | None, named_code: str | None, today: bool, fragment: str) -> None:
    with pytest.raises(NotAuthorised) as refused:
        acting_person(login, named, named_code, as_of_another_date=today)
    assert fragment in str(refused.value)


@pytest.mark.parametrize(
    ("login", "named", "today", "sentence"),
    [
        (
            SARA,
            "anna.andersson",
            False,
            "Du är inloggad som sara_ek (sara.ek) och får bara agera som dig själv, inte som "
            "anna.andersson; utelämna --as.",
        ),
        (
            Login("stranger", None),
            None,
            False,
            "Databasinloggningen stranger hör inte till någon person i kgflow; be en administratör koppla den till "
            "en person (fältet 'login' för personen i `kgflow org import`).",
        ),
        (
            SARA,
            None,
            True,
            "I en delad databas får bara en administratör av kgflow agera per ett annat datum; utelämna --today.",
        ),
    ],
    ids=["someone-else", "unlinked-login", "other-date"],
)
def test_a_refusal_is_one_whole_sentence(login: Login, named: str | None, today: bool, sentence: str) -> None:
    with pytest.raises(NotAuthorised) as refused:
        acting_person(login, named, named, as_of_another_date=today)
    assert str(refused.value) == sentence


def test_an_administrator_may_act_as_of_another_date() -> None:
    assert acting_person(ADMIN, "sara.ek", "sara.ek", as_of_another_date=True) == "sara.ek"


def _rows(*facts: tuple[str, dict[str, object]]) -> list[tuple[str, str]]:
    return [(event, json.dumps(fact, sort_keys=True)) for event, fact in facts]


FALUN = records.organisation_fact("falun", "Falun", "kommun", "lpo-dalarna", "2080")
BO = records.person_fact("bo.lund", "Bo Lund", "bo@falun.example", "bo_lund")
ROLE = records.role_fact("bo.lund", "falun", "kontaktperson")
TEXT = "name: w\nversion: 1\n"
WORKFLOW = records.workflow_fact("w", 1, records.text_digest(TEXT))


def _stored(**changes: object) -> records.Stored:
    values: dict[str, object] = {
        "organisations": {"falun": dict(FALUN)},
        "people": {"bo.lund": dict(BO)},
        "roles": frozenset({("bo.lund", "falun", "kontaktperson")}),
        "workflows": (records.StoredWorkflow("w", 1, records.text_digest(TEXT), TEXT),),
    }
    values.update(changes)
    return records.Stored(**values)  # type: ignore[arg-type]


def test_the_tables_the_history_recorded_match() -> None:
    recorded = records.replay(_rows((records.ORGANISATION, FALUN), (records.PERSON, BO), (records.ROLE_GRANTED, ROLE),
                                    (records.WORKFLOW, WORKFLOW), ("answer", {"ref": "x"})))  # fmt: skip
    assert records.first_differences(recorded, _stored()) == []


# An organisation fact as history rows written before programområden hold it: no area, län, short name or links.
OLD_FALUN = {"code": "falun", "name": "Falun", "kind": "kommun", "parent": "lpo-dalarna", "municipality_code": "2080"}


def test_an_organisation_recorded_before_programomraden_still_matches() -> None:
    recorded = records.replay(_rows((records.ORGANISATION, OLD_FALUN)))
    assert records.first_differences(recorded, _stored(people={}, roles=frozenset(), workflows=())) == []


@pytest.mark.parametrize(
    ("changed", "key"),
    [
        ({"also_under": ["lpo-aldres-halsa-dalarna"]}, "also_under"),
        ({"area": "aldres-halsa"}, "area"),
        ({"short_name": "Faluns"}, "short_name"),
    ],
)
def test_a_link_or_column_changed_behind_kgflows_back_is_caught_even_on_an_old_record(
    changed: dict[str, object], key: str
) -> None:
    recorded = records.replay(_rows((records.ORGANISATION, OLD_FALUN)))
    stored = _stored(organisations={"falun": {**FALUN, **changed}}, people={}, roles=frozenset(), workflows=())
    [problem] = records.first_differences(recorded, stored)
    assert f"({key})" in str(problem)


def test_a_later_record_replaces_an_earlier_one() -> None:
    renamed = {**FALUN, "name": "Faluns kommun"}
    recorded = records.replay(_rows((records.ORGANISATION, FALUN), (records.ORGANISATION, renamed)))
    assert recorded.organisations["falun"]["name"] == "Faluns kommun"


@pytest.mark.parametrize(
    ("stored", "fragment"),
    [
        ({"organisations": {}}, "organisationen 'falun' registrerades i historiken men saknas i databasen"),
        (
            {"organisations": {"falun": dict(FALUN), "mora": dict(FALUN)}},
            "organisationen 'mora' finns i databasen men registrerades aldrig",
        ),
        (
            {"organisations": {"falun": {**FALUN, "parent": "lpo-varmland"}}},
            "organisationen 'falun' skiljer sig från det historiken registrerade (parent)",
        ),
        (
            {"people": {"bo.lund": {**BO, "email": "mallory@evil.example"}}},
            "personen 'bo.lund' skiljer sig från det historiken registrerade (email)",
        ),
        ({"people": {"bo.lund": {**BO, "login": "mallory"}}}, "(login)"),
        (
            {"roles": frozenset()},
            "historiken registrerar bo.lund som kontaktperson vid falun, men databasen har inte längre den rollen",
        ),
        (
            {"roles": frozenset({("bo.lund", "falun", "kontaktperson"), ("bo.lund", "falun", "sekreterare")})},
            "bo.lund har rollen sekreterare vid falun, vilket historiken aldrig registrerade",
        ),
        (
            {"workflows": (records.StoredWorkflow("w", 1, records.text_digest(TEXT), TEXT + "#"),)},
            "den lagrade texten för arbetsflödet w version 1 stämmer inte med sin kontrollsumma",
        ),
        (
            {"workflows": (records.StoredWorkflow("w", 1, records.text_digest(TEXT + "#"), TEXT + "#"),)},
            "arbetsflödet w version 1 är lagrat med en kontrollsumma som historiken aldrig registrerade",
        ),
        (
            {"workflows": (records.StoredWorkflow("w", 2, records.text_digest(TEXT), TEXT),)},
            "arbetsflödet w version 2 är lagrat med en kontrollsumma som historiken aldrig registrerade",
        ),
    ],
    ids=[
        "org-missing",
        "org-unrecorded",
        "org-moved",
        "email",
        "login",
        "role-removed",
        "role-added",
        "text-rewritten",
        "text-and-digest-rewritten",
        "version-unrecorded",
    ],
)
def test_each_difference_is_named(stored: dict[str, object], fragment: str) -> None:
    recorded = records.replay(_rows((records.ORGANISATION, FALUN), (records.PERSON, BO), (records.ROLE_GRANTED, ROLE),
                                    (records.WORKFLOW, WORKFLOW)))  # fmt: skip
    problems = records.first_differences(recorded, _stored(**stored))
    assert len(problems) == 1
    assert fragment in str(problems[0])


def test_the_facts_keep_the_field_names_stored_in_the_history() -> None:
    # Rows already in the chain carry these names; replay and the PostgreSQL export read them back.
    assert records.organisation_fact("falun", "Falun", "kommun", "lpo-dalarna", "2080") == {
        "code": "falun", "name": "Falun", "kind": "kommun", "parent": "lpo-dalarna", "municipality_code": "2080",
        "area": None, "lan": None, "short_name": None, "decides_for": None, "also_under": [],
    }  # fmt: skip
    assert records.organisation_fact(
        "falun", "Falu kommun", "kommun", "lpo-dalarna", "2080", lan="20", short_name="Falun",
        also_under=["lpo-aldres-halsa-dalarna"],
    )["also_under"] == ["lpo-aldres-halsa-dalarna"]  # fmt: skip
    assert records.person_fact("bo.lund", "Bo Lund", "bo@falun.example", None) == {
        "code": "bo.lund", "name": "Bo Lund", "email": "bo@falun.example", "login": None,
    }  # fmt: skip
    assert records.role_fact("bo.lund", "falun", "kontaktperson") == {
        "person": "bo.lund", "org": "falun", "role": "kontaktperson",
    }  # fmt: skip
    assert records.workflow_fact("w", 2, "d" * 64) == {"name": "w", "version": 2, "digest": "d" * 64}


def test_a_person_difference_names_the_person_and_every_changed_field() -> None:
    recorded = records.replay(_rows((records.ORGANISATION, FALUN), (records.PERSON, BO), (records.ROLE_GRANTED, ROLE),
                                    (records.WORKFLOW, WORKFLOW)))  # fmt: skip
    changed = {"bo.lund": {**BO, "email": "mallory@evil.example", "login": "mallory"}}
    assert [str(problem) for problem in records.first_differences(recorded, _stored(people=changed))] == [
        "personen 'bo.lund' skiljer sig från det historiken registrerade (email, login)"
    ]


def test_the_first_workflow_named_is_the_lowest_name_and_version() -> None:
    recorded = records.replay(_rows((records.ORGANISATION, FALUN), (records.PERSON, BO), (records.ROLE_GRANTED, ROLE)))
    unrecorded = tuple(
        records.StoredWorkflow(name, version, records.text_digest(TEXT), TEXT)
        for name, version in [("w", 2), ("v", 3), ("w", 1)]
    )
    assert [str(problem) for problem in records.first_differences(recorded, _stored(workflows=unrecorded))] == [
        "arbetsflödet v version 3 är lagrat med en kontrollsumma som historiken aldrig registrerade"
    ]
