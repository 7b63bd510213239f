"""Rendering and building e-mails: escaping, strict templates, headers that cannot be injected."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from kgflow.config import shipped_notifications
from kgflow.notify import message
from kgflow.notify.render import JinjaRenderer
from kgflow.service.mail import (
    DigestView,
    Envelope,
    ItemGroup,
    NoticeLine,
    PermanentFailure,
    RenderedMail,
    RenderFailed,
)

NOW = datetime(2027, 2, 25, 6, 0, tzinfo=UTC)


def line(**changes: object) -> NoticeLine:
    values: dict[str, object] = {
        "item_code": "psvf-adhd", "item_title": "PSVF <ADHD>", "org_code": "borlange", "org_name": "Borlänge & Co",
        "recipient_org": "LPO psykisk hälsa Dalarna", "rung": "escalation-1", "escalation": 1, "state_sv": "På remiss",
        "state_en": "On referral", "due": date(2027, 2, 22), "days_late": 3, "days_left": 0,
    }  # fmt: skip
    values.update(changes)
    return NoticeLine(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_digest_renders_in_both_languages_with_html_escaped(language: str) -> None:
    renderer = JinjaRenderer(shipped_notifications(), language)
    rendered = renderer.line(line())
    view = DigestView("Sara <Ek>", date(2027, 2, 25), [ItemGroup("psvf-adhd", "PSVF <ADHD>", [rendered])], 1, 1, 1)
    mail = renderer.digest(view)
    assert "Borlänge & Co" in rendered.text
    assert "Borlänge &amp; Co" in rendered.html
    assert "PSVF &lt;ADHD&gt;" in mail.html
    assert "<ADHD>" in mail.text
    assert "Sara &lt;Ek&gt;" in mail.html
    assert mail.subject == (
        "kgflow: 1 ärende att följa upp, 1 försenat" if language == "sv" else "kgflow: 1 step to follow up, 1 late"
    )


def test_a_missing_value_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "sv").mkdir()
    (tmp_path / "sv" / "line.txt.j2").write_text("{{ n.no_such_field }}", encoding="utf-8")
    with pytest.raises(RenderFailed, match="no_such_field"):
        JinjaRenderer(tmp_path, "sv").line(line())


@pytest.mark.parametrize(
    "nasty",
    [
        "Rolf\r\nBcc: evil@example.org",
        "Rolf\nBcc: evil@example.org",
        "Rolf\u2028Bcc: evil@example.org",
        "=?utf-8?q?Rolf=0D=0ABcc=3A_evil=40example.org?=",
        "=?utf-8?b?Um9sZg0KQmNjOiBldmlsQGV4YW1wbGUub3Jn?=",
    ],
)
def test_names_and_subjects_cannot_add_headers_or_recipients(nasty: str) -> None:
    built = message.build_message(
        Envelope(nasty, "rolf.berg@rpo.example", "<kgflow.1@lpo.example.se>"),
        RenderedMail(f"kgflow: {nasty}", "text", "<p>html</p>"),
        "kgflow@lpo.example.se",
        NOW,
    )
    parsed = message_from_bytes(built.as_bytes(), policy=policy.default)
    assert {name.lower() for name in parsed} <= message.HEADERS
    assert [a.addr_spec for a in parsed["To"].addresses] == ["rolf.berg@rpo.example"]


def test_a_message_that_does_not_read_back_as_built_is_refused() -> None:
    crafted = EmailMessage()
    crafted["To"] = "rolf.berg@rpo.example"
    crafted["Bcc"] = "evil@example.org"
    with pytest.raises(PermanentFailure, match="did not read back as built"):
        message._check(crafted, "rolf.berg@rpo.example")


@pytest.mark.parametrize(
    "address", ["rolf@rpo.example\r\nBcc: evil@example.org", "Rolf <rolf@rpo.example>", "a@b@c.se", "rolf"]
)
def test_an_unusable_address_is_a_permanent_failure(address: str) -> None:
    with pytest.raises(PermanentFailure, match="not usable"):
        message.build_message(Envelope("Rolf", address, "<x@y.se>"), RenderedMail("s", "t", "h"), "kgflow@a.se", NOW)
