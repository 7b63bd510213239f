"""E-mails a recipient can act on: what to do and by when, and whom to contact or where to go — never a command.

Over the real SMTP server (aiosmtpd on 127.0.0.1) and as ``.eml`` files. In the
small chain Borlänge (a kommun) answers to LPO Dalarna, whose secretary is Sara
Ek; the NPO is due 2027-03-31, so Borlänge's remissvar is due 2027-02-22, its
reminder goes out 2027-02-15 and the escalation to the LPO 2027-02-25.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from kgflow.config import shipped_notifications
from kgflow.notify.eml import EmlTransport
from kgflow.notify.render import JinjaRenderer
from kgflow.service.delivery import send_notices
from kgflow.service.mail import Mail
from kgflow.service.sweep import sweep
from kgflow.testing import World
from tests.smtp import SmtpServer

ITEM = "psvf-adhd"
BO = "bo.lund@borlange.example"
SARA = "sara.ek@lpo-dalarna.example"
COMMAND = re.compile(r"\bkgflow [a-z]")


@pytest.fixture
def referred(world: World) -> World:
    world.item(ITEM, "PSVF ADHD")
    world.refer(ITEM, date(2027, 3, 31))
    return world


def bodies(server: SmtpServer, address: str, part: str = "plain") -> list[str]:
    return [
        r.message.get_body(preferencelist=(part,)).get_content()  # type: ignore[union-attr]
        for r in server.received
        if address in r.recipients
    ]


def run_day(world: World, mail: Mail, day: date) -> None:
    world.clock.set(day)
    sweep(world.services)
    send_notices(world.services, mail)


def test_a_kommuns_reminder_says_what_to_do_by_when_and_whom_to_contact(
    referred: World, smtp_mail: Mail, smtp_server: SmtpServer
) -> None:
    run_day(referred, smtp_mail, date(2027, 2, 15))
    [text] = bodies(smtp_server, BO)
    assert "Borlänge – På remiss: Lämna remissvaret, svar senast 2027-02-22 (5 arbetsdagar kvar)." in text
    assert (
        f"Kontakta Sara Ek, sekreterare för LPO psykisk hälsa Dalarna ({SARA}), som kan registrera det åt dig." in text
    )
    assert not COMMAND.search(text), text
    [html] = bodies(smtp_server, BO, "html")
    assert f'<a href="mailto:{SARA}">{SARA}</a>' in html
    assert "Lämna remissvaret, svar senast 2027-02-22" in html
    assert not COMMAND.search(html), html


def test_an_escalation_names_the_late_organisations_contact(
    referred: World, smtp_mail: Mail, smtp_server: SmtpServer
) -> None:
    run_day(referred, smtp_mail, date(2027, 2, 25))
    [text] = bodies(smtp_server, SARA)
    assert (
        "Eskalerat till dig som sekreterare i LPO psykisk hälsa Dalarna: Borlänge har inte lämnat remissvar — försenat "
        "med 3 arbetsdagar (sista dag 2027-02-22). Det som ska göras: Lämna remissvaret." in " ".join(text.split())
    )
    assert f"Kontakta Bo Lund, kontaktperson för Borlänge ({BO})." in " ".join(text.split())
    assert not COMMAND.search(text), text


def test_an_lpos_own_reminder_names_its_rpo(referred: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    run_day(referred, smtp_mail, date(2027, 3, 10))  # the LPO answers ten working days before the NPO
    [text] = [body for body in bodies(smtp_server, SARA) if "LPO psykisk hälsa Dalarna – På remiss: Lämna" in body]
    assert "Frågor? Kontakta Rolf Berg, samordnare för RPO psykisk hälsa Mellansverige (rolf.berg@" in text
    assert not COMMAND.search(text), text


def test_with_a_web_address_a_line_carries_a_link(referred: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    run_day(referred, replace(smtp_mail, web_url="https://kgflow.example.se"), date(2027, 2, 15))
    [text] = bodies(smtp_server, BO)
    assert "Lämna remissvaret, svar senast 2027-02-22" in text
    assert f"Gör det här: https://kgflow.example.se/arende/{ITEM}/borlange" in text
    assert "Sara Ek" not in text
    assert not COMMAND.search(text)
    [html] = bodies(smtp_server, BO, "html")
    assert f'<a href="https://kgflow.example.se/arende/{ITEM}/borlange">Gör det här</a>' in html


def test_in_english_too(referred: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    english = replace(smtp_mail, renderer=JinjaRenderer(shipped_notifications(), "en"))
    run_day(referred, english, date(2027, 2, 15))
    [text] = bodies(smtp_server, BO)
    assert (
        "Borlänge – On referral: Give your answer to the referral, answer due 2027-02-22 (5 working days left)." in text
    )
    assert f"Contact Sara Ek, secretary for LPO psykisk hälsa Dalarna ({SARA}), who can register it for you." in text
    assert not COMMAND.search(text), text


def test_an_eml_file_says_the_same(referred: World, tmp_path: Path) -> None:
    mail = Mail(
        renderer=JinjaRenderer(shipped_notifications(), "sv"),
        transport=EmlTransport(tmp_path, "kgflow@lpo.example.se", now=referred.clock.now),
        sender_domain="lpo.example.se",
    )
    run_day(referred, mail, date(2027, 2, 15))
    [path] = [p for p in tmp_path.glob("*.eml") if "bo.lund" in p.name]
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    text = parsed.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "Lämna remissvaret, svar senast 2027-02-22" in text
    assert f"Sara Ek, sekreterare för LPO psykisk hälsa Dalarna ({SARA})" in text
    assert not COMMAND.search(text), text


def test_a_decision_bodys_reminder_names_its_lpos_secretary(
    world: World, smtp_mail: Mail, smtp_server: SmtpServer
) -> None:
    world.item("sip-riktlinje-dalarna", "SIP-riktlinje Dalarna", kind="riktlinje", owner="Länschefsnätverket Dalarna",
               by="Greta Lund")  # fmt: skip
    # Commissioned 2027-02-01 with 30 working days to appoint the working group: due 2027-03-15, reminded 2027-03-08.
    run_day(world, smtp_mail, date(2027, 3, 8))
    [text] = bodies(smtp_server, "greta.lund@lanschefsnatverket-dalarna.example")
    assert "Länschefsnätverket Dalarna – Uppdrag givet: Utse arbetsgruppen senast 2027-03-15" in text
    assert f"Frågor? Kontakta Sara Ek, sekreterare för LPO psykisk hälsa Dalarna ({SARA})." in text
