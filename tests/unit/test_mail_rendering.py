"""Rendering and building e-mails: escaping, strict templates, headers that cannot be injected."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from kgflow.config import mail_settings, shipped_notifications, shipped_workflows
from kgflow.definitions.model import Label
from kgflow.domain.errors import DefinitionError, UsageError
from kgflow.notify import message
from kgflow.notify.render import JinjaRenderer
from kgflow.service import mail_lines
from kgflow.service.catalogue import load_workflow_file
from kgflow.service.mail import (
    Contact,
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
        "action_sv": "Lämna remissvaret", "action_en": "Give your answer to the referral",
        "contacts": (Contact("Bo <Lund>", "bo.lund@borlange.example", "Kontaktperson", "Contact person", "Borlänge"),),
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
    with pytest.raises(PermanentFailure, match="lästes inte tillbaka som det byggdes"):
        message._check(crafted, "rolf.berg@rpo.example")


@pytest.mark.parametrize(
    "address", ["rolf@rpo.example\r\nBcc: evil@example.org", "Rolf <rolf@rpo.example>", "a@b@c.se", "rolf"]
)
def test_an_unusable_address_is_a_permanent_failure(address: str) -> None:
    with pytest.raises(PermanentFailure, match="går inte att använda"):
        message.build_message(Envelope("Rolf", address, "<x@y.se>"), RenderedMail("s", "t", "h"), "kgflow@a.se", NOW)


@pytest.mark.parametrize(
    ("rung", "days_late", "days_left", "sv", "en"),
    [
        ("reminder", 0, 5, "Lämna remissvaret senast 2027-02-22 (5 arbetsdagar kvar).",
         "Give your answer to the referral by 2027-02-22 (5 working days left)."),
        ("notice", 0, 0, "Lämna remissvaret senast i dag, 2027-02-22.",
         "Give your answer to the referral today, 2027-02-22: it is the last day."),
        ("notice", 1, 0, "Lämna remissvaret snarast; sista dagen var 2027-02-22.",
         "Give your answer to the referral as soon as you can; it was due on 2027-02-22."),
    ],
)  # fmt: skip
def test_a_line_says_what_to_do_and_by_when(rung: str, days_late: int, days_left: int, sv: str, en: str) -> None:
    notice = line(rung=rung, escalation=0, days_late=days_late, days_left=days_left, contact_can_act=True)
    for language, wanted, contact in [
        ("sv", sv, "Kontakta Bo <Lund>, kontaktperson för Borlänge (bo.lund@borlange.example), som kan registrera"),
        ("en", en, "Contact Bo <Lund>, contact person for Borlänge (bo.lund@borlange.example), who can register"),
    ]:
        rendered = JinjaRenderer(shipped_notifications(), language).line(notice)
        assert f"Borlänge & Co – {'På remiss' if language == 'sv' else 'On referral'}: {wanted}" in rendered.text
        assert contact in rendered.text
        assert "Bo &lt;Lund&gt;" in rendered.html
        assert 'href="mailto:bo.lund@borlange.example"' in rendered.html
        assert "kgflow" not in rendered.text + rendered.html


@pytest.mark.parametrize(
    ("rung", "days_late", "days_left", "sv", "en"),
    [
        ("reminder", 0, 5, "Lämna remissvaret, svar senast 2027-02-22 (5 arbetsdagar kvar).",
         "Give your answer to the referral, answer due 2027-02-22 (5 working days left)."),
        ("notice", 0, 0, "Lämna remissvaret, svar senast i dag, 2027-02-22.",
         "Give your answer to the referral today, 2027-02-22: it is the last day."),
        ("notice", 2, 0, "Lämna remissvaret snarast; sista dagen för svar var 2027-02-22.",
         "Give your answer to the referral as soon as you can; it was due on 2027-02-22."),
    ],
)  # fmt: skip
def test_a_remiss_says_by_when_the_answer_is_due(rung: str, days_late: int, days_left: int, sv: str, en: str) -> None:
    notice = line(rung=rung, escalation=0, days_late=days_late, days_left=days_left, referral=True)
    for language, wanted in [("sv", sv), ("en", en)]:
        rendered = JinjaRenderer(shipped_notifications(), language).line(notice)
        assert wanted in rendered.text
        assert "ska vara klart" not in rendered.text


def test_an_escalation_says_to_whom_as_what_and_how_late() -> None:
    notice = line(
        org_name="Falu kommun", recipient_org="LPO psykisk hälsa, Region Dalarna", rung="escalation-2", escalation=2,
        days_late=12, role_sv="Ordförande", role_en="Chair", late_sv="har inte lämnat remissvar",
        late_en="has not answered the referral",
    )  # fmt: skip
    sv = JinjaRenderer(shipped_notifications(), "sv").line(notice)
    en = JinjaRenderer(shipped_notifications(), "en").line(notice)
    assert sv.text.startswith(
        "Eskalerat till dig som ordförande i LPO psykisk hälsa, Region Dalarna: Falu kommun har inte lämnat remissvar"
        " — försenat med 12 arbetsdagar (sista dag 2027-02-22)."
    )
    assert "<strong>Falu kommun har inte lämnat remissvar</strong>" in sv.html
    assert "som ordförande i LPO psykisk hälsa, Region Dalarna" in sv.html
    assert en.text.startswith(
        "Escalated to you as chair of LPO psykisk hälsa, Region Dalarna: Falu kommun has not answered the referral"
        " — 12 working days late"
    )
    # Without a role found, it says for which organisation; without ``late``, the state.
    plain = JinjaRenderer(shipped_notifications(), "sv").line(line(days_late=1))
    assert plain.text.startswith(
        "Eskalerat till dig för LPO psykisk hälsa Dalarna: Borlänge & Co – På remiss — försenat med 1 arbetsdag"
    )


def test_with_a_link_a_line_names_no_one() -> None:
    notice = line(link="https://kgflow.example.se/psvf-adhd/borlange", contacts=())
    for language, wanted in [("sv", "Gör det här: "), ("en", "Do it here: ")]:
        rendered = JinjaRenderer(shipped_notifications(), language).line(notice)
        assert f"{wanted}https://kgflow.example.se/psvf-adhd/borlange" in rendered.text
        assert '<a href="https://kgflow.example.se/psvf-adhd/borlange">' in rendered.html
        assert "Kontakta" not in rendered.text
        assert "Contact " not in rendered.text


def test_the_digest_names_no_command() -> None:
    for language in ("sv", "en"):
        renderer = JinjaRenderer(shipped_notifications(), language)
        rendered = renderer.line(line())
        mail = renderer.digest(
            DigestView("Sara", date(2027, 2, 25), [ItemGroup("psvf-adhd", "PSVF", [rendered])], 1, 1, 1)
        )
        assert "kgflow " not in mail.text.replace("kgflow: ", "")
        assert "kgflow " not in mail.html
        assert "PSVF (psvf-adhd)" in mail.text


def test_a_states_action_is_read_and_checked(tmp_path: Path) -> None:
    source = (shipped_workflows() / "regional-riktlinje.yaml").read_text(encoding="utf-8")
    good = load_workflow_file(shipped_workflows() / "regional-riktlinje.yaml")
    assert good.states["remiss"].action == Label("Lämna remissvaret", "Give your answer to the referral")
    assert good.states["answered"].action is None
    broken = tmp_path / "regional-riktlinje.yaml"
    broken.write_text(source.replace("en: Give your answer to the referral}", "}"), encoding="utf-8")
    with pytest.raises(DefinitionError, match="action"):
        load_workflow_file(broken)


def test_swedish_and_english_templates_are_kept_in_step() -> None:
    names = {lang: sorted(p.name for p in (shipped_notifications() / lang).iterdir()) for lang in ("sv", "en")}
    assert names["sv"] == names["en"]


@pytest.mark.parametrize(
    ("values", "language"),
    [({}, "sv"), ({"KGFLOW_LANGUAGE": "en"}, "en"), ({"KGFLOW_LANGUAGE": "de"}, "sv"),
     ({"KGFLOW_LANGUAGE": "en", "KGFLOW_MAIL_LANGUAGE": "sv"}, "sv")],
)  # fmt: skip
def test_the_mail_speaks_kgflows_language_unless_told_otherwise(values: dict[str, str], language: str) -> None:
    assert mail_settings(values).language == language


def test_the_web_address_is_checked_and_kept_without_a_trailing_slash() -> None:
    assert mail_settings({}).web_url is None
    assert mail_settings({"KGFLOW_WEB_URL": "https://kgflow.example.se/"}).web_url == "https://kgflow.example.se"
    with pytest.raises(UsageError, match="KGFLOW_WEB_URL"):
        mail_settings({"KGFLOW_WEB_URL": "kgflow.example.se"})


def test_a_definition_without_actions_says_the_steps_that_can_be_taken(tmp_path: Path) -> None:
    source = (shipped_workflows() / "nationellt-kunskapsstod.yaml").read_text(encoding="utf-8")
    bare = tmp_path / "nationellt-kunskapsstod.yaml"
    bare.write_text("\n".join(x for x in source.splitlines() if "action:" not in x), encoding="utf-8")
    definition = load_workflow_file(bare)
    remiss = definition.states["remiss"]
    assert remiss.action is None
    said = mail_lines._action_from(mail_lines._steps(definition, remiss, "kommun"), remiss)
    assert said == Label("Lämna remissvar eller avstå från att svara", "Answer the referral or decline to answer")
