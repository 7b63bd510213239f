"""Errors carry their sentence as a phrase: Swedish by default, English when the reader asked for it."""

from __future__ import annotations

from kgflow.domain.errors import DefinitionError, DefinitionProblem, NotFound
from kgflow.domain.spelling import did_you_mean
from kgflow.domain.wording import speak, t
from kgflow.locale import translator


def test_not_found_names_the_kind_with_its_gender_and_suggests() -> None:
    item = NotFound(t("kunskapsstöd"), "psvf-x", did_you_mean(["psvf-sjalvskada", "psvf-adhd"]), neuter=True)
    person = NotFound(t("person"), "bo.lnud")
    assert (item.name, str(item.what)) == ("psvf-x", "kunskapsstöd")
    assert str(item) == "Det finns inget kunskapsstöd som heter 'psvf-x'. Menade du psvf-sjalvskada eller psvf-adhd?"
    assert str(person) == "Det finns ingen person som heter 'bo.lnud'."
    with speak("en", translator("en")):
        assert str(item) == (
            "There is no knowledge-support item called 'psvf-x'. Did you mean psvf-sjalvskada or psvf-adhd?"
        )
        assert str(person) == "There is no person called 'bo.lnud'."


def test_a_definition_error_is_its_first_problem_and_how_many_more() -> None:
    problems = [DefinitionProblem("a.yaml", line, 1, t("arbetsflödet är ofullständigt")) for line in (3, 4, 5)]
    assert str(DefinitionError(problems[:1])) == "a.yaml:3: arbetsflödet är ofullständigt"
    assert str(DefinitionError(problems)) == "a.yaml:3: arbetsflödet är ofullständigt (och 2 problem till)"
    with speak("en", translator("en")):
        assert str(DefinitionError(problems[:2])) == "a.yaml:3: the workflow is incomplete (and 1 more problem)"
        assert str(DefinitionError(problems)) == "a.yaml:3: the workflow is incomplete (and 2 more problems)"
