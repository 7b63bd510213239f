"""A refusal names how to put things right in the words of the door the person came through."""

from __future__ import annotations

from kgflow.domain.doors import FORCE, NOTE, given_as, through
from kgflow.domain.wording import t


def test_the_command_line_names_its_flags() -> None:
    assert (str(FORCE), str(NOTE), str(given_as("ref")), str(given_as("gaps"))) == (
        "--force", "--note", "--ref", "--set gaps=…",
    )  # fmt: skip


def test_the_web_names_the_forms_fields() -> None:
    with through("web"):
        assert str(FORCE) == "kryssrutan ”Lämna det samlade svaret utan dem som inte har svarat”"
        assert str(NOTE) == "anteckning"
        assert str(given_as("ref")) == "”Referens (diarienummer, protokoll eller beslut)”"
        assert str(given_as("odd_key")) == "”odd_key”"
    assert str(FORCE) == "--force"


def test_a_sentence_is_worded_when_it_is_shown_not_when_it_is_made() -> None:
    sentence = t("vänta, eller använd {force} med en {note}.", force=FORCE, note=NOTE)
    assert str(sentence) == "vänta, eller använd --force med en --note."
    with through("web"):
        assert "--" not in str(sentence)
        assert str(sentence).endswith("med en anteckning.")
