"""Choosing the reader's language, and phrases rendering in it only when shown."""

from __future__ import annotations

import gettext
import re

import pytest

from kgflow.domain import wording
from kgflow.domain.wording import Phrase, t, tn
from kgflow.locale import choose, translator


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "sv"),
        ({"KGFLOW_LANGUAGE": "en"}, "en"),
        ({"KGFLOW_LANGUAGE": "EN "}, "en"),
        ({"KGFLOW_LANGUAGE": "de"}, "sv"),
        ({"KGFLOW_LANGUAGE": "sv", "LANG": "en_GB.UTF-8"}, "sv"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "sv_SE.UTF-8", "LANG": "en_GB.UTF-8"}, "sv"),
        ({"LC_MESSAGES": "en_US", "LANG": "sv_SE"}, "en"),
        ({"LANG": "C.UTF-8"}, "sv"),
        ({"LANGUAGE": "en:sv"}, "en"),
    ],
)
def test_the_language_is_kgflow_language_then_the_locale_then_swedish(environ: dict[str, str], expected: str) -> None:
    assert choose(environ) == expected


class _Upper(gettext.NullTranslations):
    """Upper case outside the placeholders: a language that is easy to recognise."""

    def gettext(self, message: str) -> str:
        return re.sub(r"(?<=^)[^{]+|(?<=\})[^{]+", lambda m: m.group().upper(), message)


def test_a_phrase_renders_in_the_language_in_force_when_it_is_shown() -> None:
    phrase = t("Det finns inget objekt {code}.", code="psvf-adhd")
    assert str(phrase) == "Det finns inget objekt psvf-adhd."
    with wording.speak("en", _Upper()):
        assert wording.language() == "en"
        assert str(phrase) == "DET FINNS INGET OBJEKT psvf-adhd."
    assert wording.language() == "sv"
    assert str(phrase) == "Det finns inget objekt psvf-adhd."


def test_a_phrase_inside_a_phrase_renders_in_the_same_language() -> None:
    outer = t("Steget vägrades: {reason}", reason=t("för sent"))
    with wording.speak("en", _Upper()):
        assert str(outer) == "STEGET VÄGRADES: FÖR SENT"


def test_a_plural_phrase_takes_the_form_its_count_needs() -> None:
    assert str(tn("{count} rad", "{count} rader", 1)) == "1 rad"
    assert str(tn("{count} rad", "{count} rader", 3)) == "3 rader"


def test_an_error_carrying_a_phrase_reads_as_its_sentence() -> None:
    assert str(ValueError(t("Fel {x}", x=1))) == "Fel 1"
    assert Phrase("a") + "b" == "ab"
    assert "b" + Phrase("a") == "ba"


def test_english_translates_kgflow_and_swedish_translates_click() -> None:
    assert translator("sv").gettext("Usage:") == "Användning:"
    assert translator("en").gettext("[FLAGGOR]") == "[OPTIONS]"


def test_what_kgflow_stores_is_swedish_whatever_the_session_speaks() -> None:
    with wording.speak("en", _Upper()):
        assert wording.in_swedish(t("Lämnat utan {n} organisationer", n=2)) == "Lämnat utan 2 organisationer"
