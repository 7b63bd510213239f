"""Who mail comes from when KGFLOW_MAIL_FROM is not set: kgflow at the top organisation's domain."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kgflow.bootstrap import bootstrap
from kgflow.config import DEFAULT_SENDER, MailSettings
from kgflow.service.sender import default_sender
from kgflow.testing import FixedClock, World


def test_the_sender_is_kgflow_at_the_domain_of_the_top_organisations_responsible_people(world: World) -> None:
    # A second organisation without a parent, with an earlier domain: the chain hangs under the NPO.
    world.org("Styrgruppen för kunskapsstyrning i samverkan", "body", code="aaa-sks")
    world.person("Ingrid Jonsson", "ordforande", "aaa-sks")  # the role answering for a body
    from kgflow.service.checkpoints import recipients

    assert "ingrid.jonsson@aaa-sks.example" in {r.person.email for r in recipients(world.services)}
    assert default_sender(world.services) == "kgflow@npo-psykisk-halsa.example"
    assert world.app.mail.sender_domain == "npo-psykisk-halsa.example"


def test_a_configured_sender_wins(world: World, tmp_path: Path) -> None:
    mail = MailSettings(sender="kgflow@regiondalarna.se", folder=tmp_path)
    app = bootstrap(replace(world.app.settings, mail=mail), clock=world.clock)
    try:
        assert app.mail.sender_domain == "regiondalarna.se"
    finally:
        app.close()


def test_with_no_one_at_the_top_the_made_up_sender_stays(database_url: str, clock: FixedClock) -> None:
    from kgflow.testing import application

    app = application(database_url, clock)
    try:
        assert default_sender(app.services) is None
        assert app.mail.sender_domain == DEFAULT_SENDER.partition("@")[2]
    finally:
        app.close()
