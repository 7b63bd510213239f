"""The web's forms and cookies, as plain values: fields become controls, a form becomes the CLI's request.

No server here: the journeys through a real one are in ``tests/web``.
"""

from __future__ import annotations

import pytest

from kgflow.definitions.model import FieldDef, Label
from kgflow.domain.fields import FieldType
from kgflow.service.todo import Blank, Command, Step
from kgflow.web.auth import CsrfRefused, Visitor, csrf_token, session_cookie, session_token
from kgflow.web.forms import advance_request, controls
from kgflow.web.pages.sign_in import local_path
from kgflow.web.rendering import chosen_language

SECRET = b"a secret for the tests"


def step(*fields: FieldDef, overridable: bool = False, per_organisation: FieldType | None = None) -> Step:
    return Step(
        "answer", Label("Lämna remissvar", "Answer"), Command(("advance", Blank("X"))), fields, overridable,
        per_organisation,
    )  # fmt: skip


REF = FieldDef("ref", FieldType.TEXT, True)
GAPS = FieldDef("gaps", FieldType.COUNT, True)
GAP_LIST = FieldDef("gap_list", FieldType.LIST, False)
LEVEL = FieldDef("level", FieldType.LEVEL, True)
TARGET = FieldDef("target", FieldType.LEVEL, False)
DAY = FieldDef("date", FieldType.DATE, True)


@pytest.mark.parametrize(
    ("field", "kind", "required"),
    [
        pytest.param(REF, "text", True, id="reference-text"),
        pytest.param(GAPS, "number", True, id="count-number"),
        pytest.param(GAP_LIST, "textarea", False, id="list-lines"),
        pytest.param(LEVEL, "select", True, id="level-choice"),
        pytest.param(DAY, "date", True, id="date-picker"),
    ],
)
def test_each_field_type_has_its_control(field: FieldDef, kind: str, required: bool) -> None:
    [control] = controls(step(field), None)
    assert (control.name, control.kind, control.required) == (field.name, kind, required)


def test_a_field_is_labelled_in_words_not_by_its_key() -> None:
    [control] = controls(step(GAPS), None)
    assert control.label == "Antal brister som GAP-analysen fann"
    [other] = controls(step(FieldDef("odd_key", FieldType.TEXT, False)), None)
    assert other.label == "odd_key"


def test_a_level_offers_one_to_three_starting_at_the_next() -> None:
    [control] = controls(step(LEVEL), 1)
    assert [value for value, _ in control.options] == ["1", "2", "3"]
    assert control.value == "2"
    [at_top] = controls(step(LEVEL), 3)
    assert at_top.value == "3"


def test_an_optional_level_may_be_left_empty() -> None:
    [control] = controls(step(TARGET), None)
    assert control.options[0] == ("", "(ingen)")
    assert control.value == ""


def test_a_form_asks_for_what_the_cli_would() -> None:
    form = {"ref": " DNR 12 ", "gaps": "3", "gap_list": "Rutin saknas\n\nUtbildning saknas\n", "note": " ok ",
            "expect_state": "gap_analysis", "csrf": "x", "ignored": "evil=1"}  # fmt: skip
    asked = advance_request("psvf", "falun", "complete_gap", form, "maria", step(REF, GAPS, GAP_LIST))
    assert asked.ref == "DNR 12"
    assert asked.values == ("gaps=3", "gap_list=Rutin saknas; Utbildning saknas")
    assert (asked.note, asked.expect_state, asked.actor, asked.force) == ("ok", "gap_analysis", "maria", False)


def test_an_empty_optional_field_is_left_out() -> None:
    asked = advance_request("psvf", "falun", "answer", {"ref": "A", "gap_list": "  "}, "maria", step(REF, GAP_LIST))
    assert asked.values == ()


def test_force_only_where_the_step_may_be_forced() -> None:
    form = {"ref": "A", "force": "1", "note": "två kommuner svarade inte"}
    assert advance_request("p", "lpo", "answer", form, "sara", step(REF, overridable=True)).force
    assert not advance_request("p", "lpo", "answer", form, "sara", step(REF)).force


def test_per_organisation_lines_become_values() -> None:
    form = {"ref": "A", "per_org": "falun=2\nnot a line\n borlange=3 "}
    asked = advance_request("p", "lpo", "decide", form, "sara", step(REF, per_organisation=FieldType.LEVEL))
    assert asked.values == ("falun=2", "borlange=3")
    ignored = advance_request("p", "lpo", "decide", form, "sara", step(REF))
    assert ignored.values == ()


def test_a_step_the_person_may_not_take_is_sent_on_for_the_service_to_refuse() -> None:
    asked = advance_request("p", "borlange", "answer", {"ref": "A", "summary": "x", "csrf": "c"}, "maria", None)
    assert (asked.event, asked.org, asked.ref, asked.values) == ("answer", "borlange", "A", ("summary=x",))


@pytest.mark.parametrize(
    ("asked", "goes"),
    [
        pytest.param("/arende/psvf/falun", "/arende/psvf/falun", id="local"),
        pytest.param(None, "/mina-arenden", id="none"),
        pytest.param("https://evil.example/", "/mina-arenden", id="another-site"),
        pytest.param("//evil.example/", "/mina-arenden", id="scheme-relative"),
        pytest.param("/\\evil.example", "/mina-arenden", id="backslash"),
        pytest.param("mina-arenden", "/mina-arenden", id="relative"),
    ],
)
def test_after_sign_in_only_local_paths(asked: str | None, goes: str) -> None:
    assert local_path(asked) == goes


@pytest.mark.parametrize(
    ("cookie", "language"),
    [pytest.param("en", "en", id="english"), pytest.param("sv", "sv", id="swedish"),
     pytest.param(None, "sv", id="none"), pytest.param("de", "sv", id="unknown")],
)  # fmt: skip
def test_the_language_is_the_visitors_choice_else_swedish(cookie: str | None, language: str) -> None:
    assert chosen_language(cookie) == language


def test_a_session_cookie_is_signed() -> None:
    cookie = session_cookie(SECRET, "token-1")
    assert session_token(SECRET, cookie) == "token-1"
    assert session_token(b"another secret", cookie) is None
    assert session_token(SECRET, cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1]) is None
    assert session_token(SECRET, "token-1") is None
    assert session_token(SECRET, None) is None


def test_a_csrf_token_belongs_to_its_session_and_purpose() -> None:
    mine = csrf_token(SECRET, "session", "s1")
    assert mine == csrf_token(SECRET, "session", "s1")
    assert mine != csrf_token(SECRET, "session", "s2")
    assert mine != csrf_token(SECRET, "nonce", "s1")
    visitor = Visitor(None, "s1", mine)
    visitor.check(mine)
    for wrong in ("", None, csrf_token(SECRET, "session", "s2")):
        with pytest.raises(CsrfRefused, match="säkerhetskod"):
            visitor.check(wrong)


def test_a_bare_form_asks_with_nothing_made_up() -> None:
    asked = advance_request("psvf", "falun", "answer", {}, "maria", step(REF, GAP_LIST))
    assert (asked.item, asked.org, asked.event, asked.actor) == ("psvf", "falun", "answer", "maria")
    assert (asked.ref, asked.note, asked.expect_state, asked.values, asked.force) == (None, None, None, (), False)
    refused = advance_request("psvf", "borlange", "answer", {}, "maria", None)
    assert (refused.item, refused.actor, refused.ref, refused.note, refused.values) == ("psvf", "maria", None, None, ())
    noted = advance_request("psvf", "borlange", "answer", {"note": " varför "}, "maria", None)
    assert noted.note == "varför"


def test_per_organisation_values_come_after_the_fields() -> None:
    form = {"ref": "A", "gaps": "2", "per_org": "falun=2"}
    asked = advance_request("p", "lpo", "decide", form, "sara", step(REF, GAPS, per_organisation=FieldType.LEVEL))
    assert asked.values == ("gaps=2", "falun=2")


def test_a_first_level_starts_at_one_and_every_control_is_labelled_in_words() -> None:
    made = controls(step(LEVEL, DAY, GAP_LIST), None)
    assert made[0].value == "1"
    assert [value for value, _ in made[0].options] == ["1", "2", "3"]
    assert [text for _, text in made[0].options] == ["1 – kännedom", "2 – kunna använda", "3 – innehållskunskap"]
    assert [control.label for control in made] == ["Nivå", "Datum", "Bristerna, en per rad"]
