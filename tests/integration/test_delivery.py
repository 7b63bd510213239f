"""Delivering digests over a real SMTP server: grouping, retries, dead letters, injection, TLS, crashes."""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from kgflow.config import shipped_notifications
from kgflow.notify.render import JinjaRenderer
from kgflow.notify.smtp import SmtpTransport
from kgflow.persistence.database import Database
from kgflow.persistence.tables import notice, organisation, person
from kgflow.service.delivery import list_digests, send_notices
from kgflow.service.mail import Mail
from kgflow.service.sweep import sweep
from kgflow.testing import World
from tests.processes import kgflow, spawn
from tests.smtp import SmtpServer

DUE = date(2027, 3, 31)
LATE_DAY = date(2027, 3, 8)  # every kommun and LAG is 10 working days late: escalated to the LPO's chair


@pytest.fixture
def late(world: World) -> World:
    """Two items on remiss, everyone late on both."""
    for code, title in (("psvf-adhd", "PSVF ADHD"), ("psvf-sjalvskada", "PSVF Självskada")):
        world.item(code, title)
        world.refer(code, DUE)
    world.clock.set(LATE_DAY)
    assert sweep(world.services).total > 0
    return world


def execute(database_url: str, statement: object) -> None:
    """Change data behind kgflow's back, as a broken import or a careless admin would."""
    database = Database.from_url(database_url)
    with database.engine.begin() as connection:
        connection.execute(statement)  # type: ignore[call-overload]
    database.dispose()


def to(server: SmtpServer, address: str) -> list:  # type: ignore[type-arg]
    return [r for r in server.received if r.recipients == [address]]


def test_one_digest_per_person_grouped_by_item(late: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    report = send_notices(late.services, smtp_mail)
    assert report.sent == len(smtp_server.received) > 1
    assert all(len(r.recipients) == 1 for r in smtp_server.received)
    assert len({r.recipients[0] for r in smtp_server.received}) == len(smtp_server.received)
    [chair] = to(smtp_server, "olof.ek@lpo-dalarna.example")
    message = chair.message
    assert message["Subject"].startswith("kgflow: ")
    assert "försenade" in message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert text.index("PSVF ADHD") < text.index("PSVF Självskada")
    assert text.count(": Borlänge har inte lämnat remissvar") == 2
    assert "<li" in html
    assert "Borlänge" in html
    assert message["Message-ID"].startswith("<kgflow.")


def test_a_4xx_is_retried_later_and_sent_once(late: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    smtp_server.handler.data_replies = ["451 4.3.0 Try again later"]
    first = send_notices(late.services, smtp_mail)
    assert first.retried == 1
    delivered = len(smtp_server.received)
    again_too_soon = send_notices(late.services, smtp_mail)
    assert again_too_soon.sent == 0
    late.clock.set(LATE_DAY + timedelta(days=1))
    later = send_notices(late.services, smtp_mail)
    assert later.sent == 1
    ids = Counter(r.message["Message-ID"] for r in smtp_server.received)
    assert len(smtp_server.received) == delivered + 1
    assert set(ids.values()) == {1}


def test_a_5xx_for_one_recipient_is_dead_and_the_rest_go(late: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    smtp_server.handler.refuse = {"olof.ek@lpo-dalarna.example": "550 5.1.1 No such user"}
    report = send_notices(late.services, smtp_mail)
    assert report.dead == 1
    assert report.sent >= 1
    [dead] = list_digests(late.services, "dead")
    assert dead.email == "olof.ek@lpo-dalarna.example"
    assert "550" in (dead.reason or "")
    result = kgflow(late.app.database.url.render_as_string(hide_password=False), "notify", "list", "--dead", "--json")
    assert json.loads(result.stdout)[0]["reason"].startswith("servern tog inte emot det: 550")


def test_a_server_down_for_several_rounds_loses_nothing(late: World, smtp_mail: Mail, smtp_server: SmtpServer) -> None:
    smtp_server.stop()
    for day in range(3):
        late.clock.set(LATE_DAY + timedelta(days=day))
        report = send_notices(late.services, smtp_mail)
        assert report.sent == 0
        assert report.retried > 0  # what was claimed keeps its place, with a backoff, not a stale lease
        assert "når inte e-postservern" in (report.stopped or "")
    smtp_server.start()
    late.clock.set(LATE_DAY + timedelta(days=4))
    report = send_notices(late.services, smtp_mail)
    assert report.sent == len(smtp_server.received) > 1
    assert set(Counter(r.message["Message-ID"] for r in smtp_server.received).values()) == {1}


def test_a_poison_notice_does_not_block_the_others(
    late: World, smtp_mail: Mail, smtp_server: SmtpServer, database_url: str
) -> None:
    first_queued = select(func.min(notice.c.id)).where(notice.c.status == "queued").scalar_subquery()
    execute(database_url, update(notice).where(notice.c.id == first_queued).values(state="no_such_state"))
    report = send_notices(late.services, smtp_mail)
    assert report.dead_notices == 1
    assert report.sent == len(smtp_server.received) > 1


def test_names_cannot_inject_headers_or_recipients(
    late: World, smtp_mail: Mail, smtp_server: SmtpServer, database_url: str
) -> None:
    execute(
        database_url,
        update(organisation).where(organisation.c.code == "borlange").values(name="Borlänge\r\nBcc: evil@example.org"),
    )
    execute(
        database_url,
        update(person).where(person.c.code == "olof.ek").values(name="=?utf-8?q?Olof=0D=0ABcc=3A_evil=40example.org?="),
    )
    send_notices(late.services, smtp_mail)
    assert all("evil@example.org" not in r.recipients for r in smtp_server.received)
    [chair] = to(smtp_server, "olof.ek@lpo-dalarna.example")
    headers = {name.lower() for name in chair.message}
    assert "bcc" not in headers
    assert "cc" not in headers
    assert [a.addr_spec for a in chair.message["To"].addresses] == ["olof.ek@lpo-dalarna.example"]


def test_starttls_asked_for_but_not_offered_sends_nothing(late: World, smtp_server: SmtpServer) -> None:
    mail = Mail(
        renderer=JinjaRenderer(shipped_notifications(), "sv"),
        transport=SmtpTransport(smtp_server.host, smtp_server.port, "starttls", "kgflow@lpo.example.se"),
        sender_domain="lpo.example.se",
    )
    report = send_notices(late.services, mail)
    assert report.sent == 0
    assert "erbjuder inte STARTTLS" in (report.stopped or "")
    assert smtp_server.received == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, cert


@pytest.mark.parametrize("trusted", [False, True], ids=["unknown-certificate", "trusted-certificate"])
def test_tls_verifies_the_certificate(late: World, certificate: tuple[Path, Path], trusted: bool) -> None:
    key, cert = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    server = SmtpServer(tls_context=server_context)
    server.start()
    try:
        client_context = ssl.create_default_context(cafile=str(cert)) if trusted else ssl.create_default_context()
        mail = Mail(
            renderer=JinjaRenderer(shipped_notifications(), "sv"),
            transport=SmtpTransport(
                server.host, server.port, "starttls", "kgflow@lpo.example.se", context=client_context
            ),
            sender_domain="lpo.example.se",
        )
        report = send_notices(late.services, mail)
    finally:
        server.stop()
    if trusted:
        assert report.sent == len(server.received) > 1
    else:
        assert report.sent == 0
        assert server.received == []
        assert "certificate" in (report.stopped or "").lower()


def smtp_env(server: SmtpServer, **extra: str) -> dict[str, str]:
    return {**server.environment(), **extra}


def test_a_crash_before_sending_loses_nothing(late: World, smtp_server: SmtpServer, database_url: str) -> None:
    crashed = kgflow(
        database_url, "notify", "send", today="2027-03-08", env=smtp_env(smtp_server, KGFLOW_FAULT="after-claim")
    )
    assert crashed.returncode == 77
    assert smtp_server.received == []
    after = kgflow(database_url, "notify", "send", today="2027-03-09", env=smtp_env(smtp_server))
    assert after.returncode == 0, after.stderr
    assert len(smtp_server.received) > 1
    assert set(Counter(r.message["Message-ID"] for r in smtp_server.received).values()) == {1}


def test_a_crash_after_the_server_accepted_resends_once_with_the_same_message_id(
    late: World, smtp_server: SmtpServer, database_url: str
) -> None:
    crashed = kgflow(
        database_url, "notify", "send", today="2027-03-08", env=smtp_env(smtp_server, KGFLOW_FAULT="after-send")
    )
    assert crashed.returncode == 77
    [first] = smtp_server.received
    after = kgflow(database_url, "notify", "send", today="2027-03-09", env=smtp_env(smtp_server))
    assert after.returncode == 0, after.stderr
    ids = Counter(r.message["Message-ID"] for r in smtp_server.received)
    assert ids[first.message["Message-ID"]] == 2
    assert all(count == 1 for message_id, count in ids.items() if message_id != first.message["Message-ID"])
    assert all(d.status == "sent" for d in list_digests(late.services))


def test_two_deliverers_at_once_send_each_digest_once(late: World, smtp_server: SmtpServer, database_url: str) -> None:
    senders = [spawn(database_url, "notify", "send", today="2027-03-08", env=smtp_env(smtp_server)) for _ in range(3)]
    outputs = [process.communicate(timeout=120) for process in senders]
    assert all(process.returncode == 0 for process in senders), outputs
    ids = Counter(r.message["Message-ID"] for r in smtp_server.received)
    assert len(ids) == len(list_digests(late.services)) > 1
    assert set(ids.values()) == {1}
