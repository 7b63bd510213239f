"""A follow-up round's answer form on a real ``kgflow serve`` (R14): Karlstad's contact answers from the web.

The sample's Värmland round of 2027 is opened with ``kgflow sweep --today 2027-12-01``; Karl Strand signs
in from the link in his ``.eml``, opens the form, is refused for an answer of the wrong kind (nothing
changes, the sentence is on the page), then answers, and ``kgflow history --json`` shows the answers in
the step's history row. One backend is enough: the service under the form is the CLI's, tested on both.
"""

from __future__ import annotations

import json

import pytest

from tests.processes import kgflow
from tests.web.live import LiveServer, form_fields, signed_in_client

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
