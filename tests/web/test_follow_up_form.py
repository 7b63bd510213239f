"""A follow-up round's answer form on a real ``kgflow serve`` (R14): Karlstad's contact answers from the web.

The sample's Värmland round of 2027 is opened with ``kgflow sweep --today 2027-12-01``; Karl Strand signs
in from the link in his ``.eml``, opens the form, is refused for an answer of the wrong kind (nothing
changes, the sentence is on the page), then answers, and ``kgflow history --json`` shows the answers in
the step's history row. One backend is enough: the service under the form is the CLI's, tested on both.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tests.processes import kgflow
from tests.web.live import LiveServer, assert_accessible, form_fields, screenshot, sign_in, signed_in_client

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.parametrize("server", ["sqlite"], indirect=True, scope="module")
ROUND = "uppfoljning-varmland-psykisk-halsa-2027"
KARL = "karl.strand@karlstad.example"
FORM = f"/uppfoljning/{ROUND}/karlstad"


def test_the_contact_person_answers_the_round_from_the_web(server: LiveServer) -> None:
    opened = kgflow(server.database_url, "sweep", today="2027-12-01")
    assert opened.returncode == 0, opened.stderr
    client = signed_in_client(server, KARL)
    try:
        shown = client.get(server.url(FORM))
        assert shown.status_code == 200, shown.text
        assert "Tidig upptäckt" in shown.text
        assert 'name="tidig_rutin" type="number" min="1" max="5"' in shown.text
        fields = form_fields(shown.text, FORM)

        refused = client.post(server.url(FORM), data=fields | {"kompetens_plan": "ja", "tidig_rutin": "9"})
        assert refused.status_code == 422, refused.status_code
        assert "Fråga tidig_rutin besvaras med ett heltal från 1 till 5, inte &#39;9&#39;." in refused.text
        before = json.loads(kgflow(server.database_url, "history", ROUND, "karlstad", "--json").stdout)
        assert [row["event"] for row in before] == ["open_round"]

        sent = client.post(
            server.url(FORM),
            data=fields | {"kompetens_plan": "ja", "tidig_rutin": "4", "stod_utbud": "ökat", "samverkan_sip": ""},
        )
        assert sent.status_code == 303, sent.text
        after = client.get(server.url(sent.headers["location"]))
        assert "svaren är registrerade" in after.text
        assert "Rundan tar inte emot fler svar" in after.text
    finally:
        client.close()
    rows = json.loads(kgflow(server.database_url, "history", ROUND, "karlstad", "--json").stdout)
    assert rows[-1]["event"] == "report"
    assert rows[-1]["fields"]["answers"] == {"kompetens_plan": True, "tidig_rutin": 4, "stod_utbud": "ökat"}


def test_sunnes_contact_answers_in_the_browser_on_an_accessible_form(server: LiveServer, page: Page) -> None:
    opened = kgflow(server.database_url, "sweep", today="2027-12-01")  # opens the round once, whichever test is first
    assert opened.returncode == 0, opened.stderr
    form_path = f"/uppfoljning/{ROUND}/sunne"
    sign_in(page, server, "ali.forsberg@sunne.example", next_path=form_path)
    assert page.get_by_role("heading", level=1).inner_text().endswith("– Sunne kommun")
    screenshot(page, "uppfoljning")
    assert_accessible(page, "Uppföljningens svarsformulär")
    page.get_by_role("group", name="Har verksamheten en plan för kompetensutveckling").get_by_label("Ja").check()
    page.get_by_label("Hur väl fungerar rutinerna för tidig upptäckt").fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svaren").click()
    assert page.get_by_role("status").inner_text() == "Klart: svaren är registrerade."
    assert "Svar senast" not in page.locator("dl.fakta").first.inner_text()  # answered: no due date left to show
    screenshot(page, "uppfoljning-klar")
    assert_accessible(page, "Uppföljningen besvarad")
    rows = json.loads(kgflow(server.database_url, "history", ROUND, "sunne", "--json").stdout)
    assert rows[-1]["fields"]["answers"] == {"kompetens_plan": True, "tidig_rutin": 3}
